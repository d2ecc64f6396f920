/**
 * Remembers the Leads table's view (layout, columns, sort, filters, rows per
 * page) between visits, per WordPress user, in localStorage. A stored view
 * is checked field by field before use: anything stale (a removed stage, a
 * renamed column, a hand-edited value) falls back to the default instead of
 * breaking the screen. The search text and the page are not kept.
 */
import type { Filter, View } from '@wordpress/dataviews';

import { isYmd } from '../common/timezone';
import {
	FILTER_OPERATORS,
	PER_PAGE_SIZES,
	SORTABLE_FIELDS,
	type FilterField,
} from './query';

const STORAGE_PREFIX = 'solar-capture:leads-view:v1:';
const LAYOUT_TYPES = [ 'table', 'list' ] as const;
const DENSITIES = [ 'compact', 'balanced', 'comfortable' ];

export interface ViewRules {
	/** Field ids that may be shown as columns. */
	fields: string[];
	/** Known stage slugs (for the stage filter). */
	stages: string[];
}

type Row = Record< string, unknown >;
const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

export function storageKey( userId: string ): string {
	return `${ STORAGE_PREFIX }${ userId || 'anonymous' }`;
}

function sanitiseFilterValue(
	field: FilterField,
	value: unknown,
	rules: ViewRules
): { ok: boolean; value: unknown } {
	if ( value === undefined ) {
		// A filter added but not filled in yet: DataViews shows it empty.
		return { ok: true, value: undefined };
	}
	switch ( field ) {
		case 'stage': {
			const list = ( Array.isArray( value ) ? value : [ value ] ).filter(
				( slug ): slug is string =>
					typeof slug === 'string' && rules.stages.includes( slug )
			);
			return { ok: list.length > 0, value: list };
		}
		case 'source': {
			const list = ( Array.isArray( value ) ? value : [ value ] ).filter(
				( slug ): slug is string =>
					typeof slug === 'string' &&
					/^[a-z0-9_-]{1,32}$/i.test( slug )
			);
			return { ok: list.length > 0, value: list };
		}
		case 'created_at': {
			if ( Array.isArray( value ) ) {
				const [ from, to ] = value;
				const range = [
					isYmd( from ) ? from : undefined,
					isYmd( to ) ? to : undefined,
				];
				return { ok: range.some( Boolean ), value: range };
			}
			return { ok: isYmd( value ), value };
		}
		case 'upcoming':
		case 'awaiting_payment':
			return { ok: value === 'yes' || value === 'no', value };
		case 'utm_source':
		case 'utm_campaign': {
			// Any text a lead's UTM column can hold (they are free text).
			const list = ( Array.isArray( value ) ? value : [ value ] ).filter(
				( text ): text is string =>
					typeof text === 'string' &&
					text !== '' &&
					text.length <= 191
			);
			return { ok: list.length > 0, value: list.slice( 0, 50 ) };
		}
	}
	return { ok: false, value: undefined };
}

function sanitiseFilters( raw: unknown, rules: ViewRules ): Filter[] {
	if ( ! Array.isArray( raw ) ) {
		return [];
	}
	const seen = new Set< string >();
	const filters: Filter[] = [];
	for ( const entry of raw ) {
		if ( ! isRow( entry ) || typeof entry.field !== 'string' ) {
			continue;
		}
		const field = entry.field as FilterField;
		const operators = FILTER_OPERATORS[ field ] as
			readonly string[] | undefined;
		if (
			! operators ||
			seen.has( field ) ||
			typeof entry.operator !== 'string' ||
			! operators.includes( entry.operator )
		) {
			continue;
		}
		const { ok, value } = sanitiseFilterValue( field, entry.value, rules );
		if ( ! ok ) {
			continue;
		}
		seen.add( field );
		filters.push( {
			field,
			operator: entry.operator as Filter[ 'operator' ],
			value,
		} );
	}
	return filters;
}

function sanitiseLayout( raw: unknown ): Record< string, unknown > {
	if ( ! isRow( raw ) ) {
		return {};
	}
	const layout: Record< string, unknown > = {};
	if (
		typeof raw.density === 'string' &&
		DENSITIES.includes( raw.density )
	) {
		layout.density = raw.density;
	}
	if ( isRow( raw.styles ) ) {
		const styles: Record< string, unknown > = {};
		for ( const [ key, style ] of Object.entries( raw.styles ) ) {
			if ( isRow( style ) ) {
				const clean: Record< string, unknown > = {};
				for ( const prop of [ 'width', 'maxWidth', 'minWidth' ] ) {
					const v = style[ prop ];
					if ( typeof v === 'number' || typeof v === 'string' ) {
						clean[ prop ] = v;
					}
				}
				if (
					[ 'start', 'center', 'end' ].includes(
						style.align as string
					)
				) {
					clean.align = style.align;
				}
				styles[ key ] = clean;
			}
		}
		layout.styles = styles;
	}
	return layout;
}

/**
 * A stored view made safe, on top of the default view.
 * @param raw      What was stored (parsed JSON, anything).
 * @param defaults The default view.
 * @param rules    What is allowed.
 */
export function sanitiseView(
	raw: unknown,
	defaults: View,
	rules: ViewRules
): View {
	if ( ! isRow( raw ) ) {
		return defaults;
	}
	const type = ( LAYOUT_TYPES as readonly string[] ).includes(
		raw.type as string
	)
		? ( raw.type as 'table' | 'list' )
		: ( defaults.type as 'table' | 'list' );

	const fields = Array.isArray( raw.fields )
		? Array.from(
				new Set(
					raw.fields.filter(
						( id ): id is string =>
							typeof id === 'string' &&
							rules.fields.includes( id )
					)
				)
			)
		: defaults.fields;

	let sort = defaults.sort;
	if (
		isRow( raw.sort ) &&
		typeof raw.sort.field === 'string' &&
		SORTABLE_FIELDS[ raw.sort.field ] &&
		( raw.sort.direction === 'asc' || raw.sort.direction === 'desc' )
	) {
		sort = { field: raw.sort.field, direction: raw.sort.direction };
	}

	const perPage = PER_PAGE_SIZES.includes( Number( raw.perPage ) )
		? Number( raw.perPage )
		: defaults.perPage;

	return {
		...defaults,
		type,
		fields,
		sort,
		perPage,
		filters: sanitiseFilters( raw.filters, rules ),
		layout: type === defaults.type ? sanitiseLayout( raw.layout ) : {},
		search: '',
		page: 1,
	} as View;
}

/**
 * What is written to storage: the remembered parts only.
 * @param view The current view.
 */
export function persistedPart( view: View ): Row {
	return {
		type: view.type,
		fields: view.fields,
		sort: view.sort,
		filters: view.filters,
		perPage: view.perPage,
		layout: ( view as { layout?: unknown } ).layout ?? {},
	};
}

function storage(): Storage | null {
	try {
		return typeof window !== 'undefined' ? window.localStorage : null;
	} catch {
		// Blocked storage (privacy settings) throws on access.
		return null;
	}
}

export function loadView(
	userId: string,
	defaults: View,
	rules: ViewRules
): View {
	const store = storage();
	if ( ! store ) {
		return defaults;
	}
	try {
		const text = store.getItem( storageKey( userId ) );
		return text
			? sanitiseView( JSON.parse( text ), defaults, rules )
			: defaults;
	} catch {
		return defaults;
	}
}

export function saveView( userId: string, view: View ): void {
	try {
		storage()?.setItem(
			storageKey( userId ),
			JSON.stringify( persistedPart( view ) )
		);
	} catch {
		// Full or blocked storage: the view is simply not remembered.
	}
}

export function forgetView( userId: string ): void {
	try {
		storage()?.removeItem( storageKey( userId ) );
	} catch {
		// Nothing to do.
	}
}
