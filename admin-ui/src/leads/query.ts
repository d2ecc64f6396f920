/**
 * Maps the DataViews view state to the REST query of
 * GET /solar-capture/v1/leads, and reads the pagination headers back.
 * Pure functions, so they can be unit-tested without a browser.
 */
import type { Filter, View } from '@wordpress/dataviews';

export const DEFAULT_PER_PAGE = 20;
export const PER_PAGE_SIZES = [ 10, 20, 50, 100 ];
/** The REST route's own upper bound for per_page. */
const MAX_PER_PAGE = 100;

export type LeadsOrderBy =
	'created_at' | 'name' | 'email' | 'stage' | 'next_booking_at';

/** View field id → REST `orderby` value, for the sortable fields only. */
export const SORTABLE_FIELDS: Record< string, LeadsOrderBy > = {
	created_at: 'created_at',
	name: 'name',
	email: 'email',
	stage: 'stage',
	next_booking_at: 'next_booking_at',
};

export interface LeadsQuery {
	search?: string;
	page: number;
	per_page: number;
	stage?: string;
	source?: string;
	orderby: LeadsOrderBy;
	order: 'asc' | 'desc';
}

/**
 * A filter's value as the REST parameter expects it: one slug, or several
 * joined by commas for "is any of". Empty when the filter selects nothing.
 * @param filter A DataViews filter.
 */
function filterValue( filter: Filter ): string {
	const values = (
		Array.isArray( filter.value ) ? filter.value : [ filter.value ]
	)
		.filter(
			( value: unknown ): value is string | number =>
				( typeof value === 'string' && value !== '' ) ||
				typeof value === 'number'
		)
		.map( String );

	if ( filter.operator === 'is' ) {
		return values[ 0 ] ?? '';
	}
	if ( filter.operator === 'isAny' ) {
		return values.join( ',' );
	}
	// Negative operators are not offered by the fields and not understood by
	// the route: ignore them rather than send a wrong query.
	return '';
}

export function viewToQuery( view: View ): LeadsQuery {
	const query: LeadsQuery = {
		page: Math.max( 1, Math.floor( Number( view.page ) || 1 ) ),
		per_page: Math.min(
			MAX_PER_PAGE,
			Math.max(
				1,
				Math.floor( Number( view.perPage ) || DEFAULT_PER_PAGE )
			)
		),
		orderby: 'created_at',
		order: 'desc',
	};

	const search = ( view.search ?? '' ).trim();
	if ( search ) {
		query.search = search;
	}

	for ( const filter of view.filters ?? [] ) {
		if ( filter.field !== 'stage' && filter.field !== 'source' ) {
			continue;
		}
		const value = filterValue( filter );
		if ( value ) {
			query[ filter.field ] = value;
		}
	}

	const sortField = view.sort?.field;
	if ( sortField && SORTABLE_FIELDS[ sortField ] ) {
		query.orderby = SORTABLE_FIELDS[ sortField ];
		query.order = view.sort?.direction === 'asc' ? 'asc' : 'desc';
	}

	return query;
}

/**
 * The apiFetch `path` for a query, e.g. `/solar-capture/v1/leads?page=1&…`.
 * @param base  The route path, e.g. "/solar-capture/v1/leads".
 * @param query The REST query.
 */
export function leadsPath( base: string, query: LeadsQuery ): string {
	const params = new URLSearchParams();
	// Fixed order keeps paths stable (handy for tests and caching).
	const keys: ( keyof LeadsQuery )[] = [
		'search',
		'page',
		'per_page',
		'stage',
		'source',
		'orderby',
		'order',
	];
	for ( const key of keys ) {
		const value = query[ key ];
		if ( value !== undefined && value !== '' ) {
			params.set( key, String( value ) );
		}
	}
	return `${ base }?${ params.toString() }`;
}

/**
 * True when the view narrows the list (search or filter), so "no results" is not "no leads yet".
 * @param view The DataViews view.
 */
export function isNarrowed( view: View ): boolean {
	const query = viewToQuery( view );
	return !! ( query.search || query.stage || query.source );
}

/**
 * Reads X-WP-Total / X-WP-TotalPages, falling back to what we can infer.
 * @param headers     The response headers.
 * @param headers.get Header getter.
 * @param query       The query that was sent.
 * @param rowsOnPage  How many rows came back.
 */
export function readPagination(
	headers: { get: ( name: string ) => string | null },
	query: LeadsQuery,
	rowsOnPage: number
): { totalItems: number; totalPages: number } {
	const parse = ( value: string | null ): number | null => {
		if ( value === null || value.trim() === '' ) {
			return null;
		}
		const n = Number( value );
		return Number.isFinite( n ) && n >= 0 ? Math.floor( n ) : null;
	};

	const total = parse( headers.get( 'X-WP-Total' ) );
	const pages = parse( headers.get( 'X-WP-TotalPages' ) );

	const totalItems =
		total ?? ( query.page - 1 ) * query.per_page + rowsOnPage;
	const totalPages =
		pages ?? Math.max( 1, Math.ceil( totalItems / query.per_page ) );

	return { totalItems, totalPages };
}
