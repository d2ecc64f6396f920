/**
 * Maps the DataViews view state to the REST query of
 * GET /solar-capture/v1/leads (and of its CSV export), and reads the
 * pagination headers back. Pure functions, so they can be unit-tested
 * without a browser.
 */
import type { Filter, View } from '@wordpress/dataviews';

import {
	addDays,
	isYmd,
	startOfDayUtc,
	type SiteZone,
} from '../common/timezone';

export const DEFAULT_PER_PAGE = 20;
export const PER_PAGE_SIZES = [ 10, 20, 50, 100 ];
/** The REST route's own upper bound for per_page. */
const MAX_PER_PAGE = 100;

const UTC: SiteZone = { kind: 'iana', name: 'UTC' };

export type LeadsOrderBy =
	'created_at' | 'name' | 'email' | 'stage' | 'source' | 'next_booking_at';

/** View field id → REST `orderby` value, for the sortable fields only. */
export const SORTABLE_FIELDS: Record< string, LeadsOrderBy > = {
	created_at: 'created_at',
	name: 'name',
	email: 'email',
	stage: 'stage',
	source: 'source',
	next_booking_at: 'next_booking_at',
};

/** Filter operators each filterable field offers (and this module maps). */
export const FILTER_OPERATORS = {
	stage: [ 'isAny' ],
	source: [ 'isAny' ],
	created_at: [ 'between', 'on', 'after', 'before' ],
	upcoming: [ 'is' ],
	awaiting_payment: [ 'is' ],
	utm_source: [ 'isAny' ],
	utm_campaign: [ 'isAny' ],
} as const;

export type FilterField = keyof typeof FILTER_OPERATORS;

export interface LeadsQuery {
	search?: string;
	page: number;
	per_page: number;
	stage?: string;
	source?: string;
	/** ISO 8601 UTC: created at or after. */
	after?: string;
	/** ISO 8601 UTC: created before. */
	before?: string;
	upcoming?: boolean;
	/** Leads whose paid booking's checkout was started, not finished. */
	awaiting_payment?: boolean;
	/**
	 * UTM sources (first or latest touch). Sent as utm_source[0]=…: a value
	 * may hold commas and spaces, which split a plain list parameter.
	 */
	utm_source?: string[];
	/** UTM campaigns (first or latest touch), sent the same way. */
	utm_campaign?: string[];
	orderby: LeadsOrderBy;
	order: 'asc' | 'desc';
}

function listValues( value: unknown ): string[] {
	return ( Array.isArray( value ) ? value : [ value ] )
		.filter(
			( item: unknown ): item is string | number =>
				( typeof item === 'string' && item !== '' ) ||
				typeof item === 'number'
		)
		.map( String );
}

/**
 * A stage/source filter as the REST parameter expects it: one slug, or
 * several joined by commas. Empty when the filter selects nothing.
 * @param filter A DataViews filter.
 */
function listFilterValue( filter: Filter ): string {
	const values = listValues( filter.value );
	if ( filter.operator === 'is' ) {
		return values[ 0 ] ?? '';
	}
	if ( filter.operator === 'isAny' ) {
		return Array.from( new Set( values ) ).join( ',' );
	}
	// Negative operators are not offered by the fields and not understood by
	// the route: ignore them rather than send a wrong query.
	return '';
}

/**
 * The created-date filter as an `after`/`before` pair (UTC instants of
 * midnight in the site's zone). `before` is exclusive, as the route wants.
 *
 * @param filter A DataViews filter on `created_at`.
 * @param zone   The site's time zone.
 */
export function dateFilterRange(
	filter: Filter,
	zone: SiteZone = UTC
): { after?: string; before?: string } {
	const start = ( ymd: string ) => startOfDayUtc( ymd, zone ) ?? undefined;
	const value = filter.value as unknown;
	switch ( filter.operator ) {
		case 'on':
			return isYmd( value )
				? {
						after: start( value ),
						before: start( addDays( value, 1 ) ),
					}
				: {};
		case 'after':
			// Strictly after that day: from the next midnight.
			return isYmd( value )
				? { after: start( addDays( value, 1 ) ) }
				: {};
		case 'afterInc':
			return isYmd( value ) ? { after: start( value ) } : {};
		case 'before':
			return isYmd( value ) ? { before: start( value ) } : {};
		case 'beforeInc':
			return isYmd( value )
				? { before: start( addDays( value, 1 ) ) }
				: {};
		case 'between': {
			if ( ! Array.isArray( value ) ) {
				return {};
			}
			let [ from, to ] = value as unknown[];
			const range: { after?: string; before?: string } = {};
			if ( isYmd( from ) && isYmd( to ) && from > to ) {
				[ from, to ] = [ to, from ];
			}
			if ( isYmd( from ) ) {
				range.after = start( from );
			}
			if ( isYmd( to ) ) {
				range.before = start( addDays( to, 1 ) );
			}
			return range;
		}
		default:
			return {};
	}
}

/**
 * The REST query for a view.
 * @param view The DataViews view.
 * @param zone The site's time zone (day boundaries of the date filter).
 */
export function viewToQuery( view: View, zone: SiteZone = UTC ): LeadsQuery {
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
		switch ( filter.field ) {
			case 'stage':
			case 'source': {
				const value = listFilterValue( filter );
				if ( value ) {
					query[ filter.field ] = value;
				}
				break;
			}
			case 'utm_source':
			case 'utm_campaign': {
				const values =
					filter.operator === 'isAny'
						? Array.from( new Set( listValues( filter.value ) ) )
						: [];
				if ( values.length ) {
					query[ filter.field ] = values;
				}
				break;
			}
			case 'created_at': {
				const { after, before } = dateFilterRange( filter, zone );
				if ( after ) {
					query.after = after;
				}
				if ( before ) {
					query.before = before;
				}
				break;
			}
			case 'upcoming':
			case 'awaiting_payment': {
				const [ value ] = listValues( filter.value );
				if ( filter.operator === 'is' && value === 'yes' ) {
					query[ filter.field ] = true;
				} else if ( filter.operator === 'is' && value === 'no' ) {
					query[ filter.field ] = false;
				}
				break;
			}
		}
	}

	const sortField = view.sort?.field;
	if ( sortField && SORTABLE_FIELDS[ sortField ] ) {
		query.orderby = SORTABLE_FIELDS[ sortField ];
		query.order = view.sort?.direction === 'asc' ? 'asc' : 'desc';
	}

	return query;
}

/** Parameter order of every leads URL (stable paths help tests and caches). */
const PARAM_ORDER: ( keyof LeadsQuery )[] = [
	'search',
	'page',
	'per_page',
	'stage',
	'source',
	'after',
	'before',
	'upcoming',
	'awaiting_payment',
	'utm_source',
	'utm_campaign',
	'orderby',
	'order',
];

/**
 * The query as ordered URL parameters (booleans as "true"/"false"; a list as
 * `name[0]`, `name[1]`…).
 * @param query The REST query.
 * @param omit  Keys to leave out.
 */
export function queryParams(
	query: Partial< LeadsQuery >,
	omit: ( keyof LeadsQuery )[] = []
): Record< string, string > {
	const params: Record< string, string > = {};
	for ( const key of PARAM_ORDER ) {
		const value = query[ key ];
		if ( omit.includes( key ) || value === undefined || value === '' ) {
			continue;
		}
		if ( Array.isArray( value ) ) {
			value.forEach( ( item, index ) => {
				params[ `${ key }[${ index }]` ] = item;
			} );
			continue;
		}
		params[ key ] = String( value );
	}
	return params;
}

/**
 * The apiFetch `path` for a query, e.g. `/solar-capture/v1/leads?page=1&…`.
 * @param base  The route path, e.g. "/solar-capture/v1/leads".
 * @param query The REST query.
 */
export function leadsPath( base: string, query: LeadsQuery ): string {
	return `${ base }?${ new URLSearchParams(
		queryParams( query )
	).toString() }`;
}

/**
 * The parameters of the CSV export: the same search, filters and sort as
 * the table, but every matching lead (no page, no per_page).
 * @param query The table's REST query.
 */
export function exportParams( query: LeadsQuery ): Record< string, string > {
	return queryParams( query, [ 'page', 'per_page' ] );
}

/**
 * True when the view narrows the list (search or filter), so "no results"
 * is not "no leads yet".
 * @param view The DataViews view.
 */
export function isNarrowed( view: View ): boolean {
	const query = viewToQuery( view );
	return !! (
		query.search ||
		query.stage ||
		query.source ||
		query.after ||
		query.before ||
		query.upcoming !== undefined ||
		query.awaiting_payment !== undefined ||
		query.utm_source?.length ||
		query.utm_campaign?.length
	);
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
