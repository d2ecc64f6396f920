/**
 * Coerces API rows into the shapes the screen renders, so a missing or
 * mistyped field shows as empty instead of crashing a render. Every value
 * ends up as a plain string, number, boolean or null: React renders them
 * as text, never as markup.
 */
import type {
	Booking,
	BookingAnswer,
	Lead,
	LeadAttribution,
	LeadDetails,
	LeadEvent,
	Touch,
} from './types';

type Row = Record< string, unknown >;

const str = ( value: unknown ): string => {
	if ( typeof value === 'string' ) {
		return value;
	}
	return typeof value === 'number' && Number.isFinite( value )
		? String( value )
		: '';
};

const strOrNull = ( value: unknown ): string | null => {
	const text = str( value );
	return text !== '' ? text : null;
};

const num = ( value: unknown ): number => {
	const n = typeof value === 'number' ? value : Number( value );
	return Number.isFinite( n ) ? n : 0;
};

const numOrNull = ( value: unknown ): number | null => {
	if ( value === null || value === undefined || value === '' ) {
		return null;
	}
	const n = typeof value === 'number' ? value : Number( value );
	return Number.isFinite( n ) ? n : null;
};

const boolOrNull = ( value: unknown ): boolean | null => {
	if ( value === true || value === 1 || value === '1' || value === 'true' ) {
		return true;
	}
	if (
		value === false ||
		value === 0 ||
		value === '0' ||
		value === 'false'
	) {
		return false;
	}
	return null;
};

export const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

export function normaliseLead( raw: unknown ): Lead | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const id = num( raw.id );
	if ( ! id || id < 0 || ! Number.isInteger( id ) ) {
		return null;
	}
	const nextBooking = isRow( raw.next_booking ) ? raw.next_booking : null;
	return {
		id,
		email: str( raw.email ),
		name: str( raw.name ),
		phone: str( raw.phone ),
		postcode: str( raw.postcode ),
		address: str( raw.address ),
		monthly_bill: numOrNull( raw.monthly_bill ),
		roof_type: str( raw.roof_type ),
		homeowner: boolOrNull( raw.homeowner ),
		stage: str( raw.stage ),
		stage_label: str( raw.stage_label ),
		stage_changed_at: strOrNull( raw.stage_changed_at ),
		source: str( raw.source ),
		created_at: str( raw.created_at ),
		updated_at: str( raw.updated_at ),
		next_booking_at: strOrNull( raw.next_booking_at ),
		next_booking_timezone:
			str( raw.next_booking_timezone ) || str( nextBooking?.timezone ),
	};
}

export function normaliseLeads( raw: unknown ): Lead[] {
	if ( ! Array.isArray( raw ) ) {
		return [];
	}
	return raw
		.map( normaliseLead )
		.filter( ( lead ): lead is Lead => lead !== null );
}

function guestList( value: unknown ): string[] {
	let guests = value;
	if ( typeof guests === 'string' ) {
		try {
			guests = JSON.parse( guests );
		} catch {
			guests = [];
		}
	}
	if ( ! Array.isArray( guests ) ) {
		return [];
	}
	return guests
		.map( ( guest ) =>
			isRow( guest )
				? str( guest.email ) || str( guest.name )
				: str( guest )
		)
		.filter( Boolean );
}

function list< T >( value: unknown, fn: ( item: unknown ) => T | null ): T[] {
	return Array.isArray( value )
		? value.map( fn ).filter( ( item ): item is T => item !== null )
		: [];
}

/**
 * One booking answer as two texts; null without a value.
 * @param raw {label, value} from the API.
 */
export function normaliseAnswer( raw: unknown ): BookingAnswer | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const value = str( raw.value );
	return value.trim() === '' ? null : { label: str( raw.label ), value };
}

function touch( raw: Row, prefix: 'first' | 'last' ): Touch {
	return {
		source: str( raw[ `${ prefix }_utm_source` ] ),
		medium: str( raw[ `${ prefix }_utm_medium` ] ),
		campaign: str( raw[ `${ prefix }_utm_campaign` ] ),
		term: str( raw[ `${ prefix }_utm_term` ] ),
		content: str( raw[ `${ prefix }_utm_content` ] ),
		landing_page: str( raw[ `${ prefix }_landing_page` ] ),
		referrer: str( raw[ `${ prefix }_referrer` ] ),
		at: strOrNull( raw[ `${ prefix }_touch_at` ] ),
	};
}

/**
 * The lead's first and latest touch from its first_* and last_* fields.
 * @param raw The lead as the API sends it.
 */
export function normaliseAttribution( raw: unknown ): LeadAttribution {
	const row = isRow( raw ) ? raw : {};
	return { first: touch( row, 'first' ), last: touch( row, 'last' ) };
}

export function normaliseBooking( raw: unknown ): Booking | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	return {
		id: num( raw.id ),
		provider: str( raw.provider ),
		external_id: str( raw.external_id ),
		status: str( raw.status ),
		title: str( raw.title ),
		start_at: strOrNull( raw.start_at ),
		end_at: strOrNull( raw.end_at ),
		timezone: str( raw.timezone ),
		attendee_email: str( raw.attendee_email ),
		guests: guestList( raw.guests ),
		previous_external_id: strOrNull( raw.previous_external_id ),
		next_external_id: strOrNull( raw.next_external_id ),
		cancel_reason: str( raw.cancel_reason ),
		booking_uid: strOrNull( raw.booking_uid ),
		seat_id: strOrNull( raw.seat_id ),
		seats: numOrNull( raw.seats ),
		series_id: strOrNull( raw.series_id ),
		location: str( raw.location ),
		location_type: str( raw.location_type ),
		answers: list( raw.answers, normaliseAnswer ),
		cancelled_by: str( raw.cancelled_by ),
		cancelled_by_role: str( raw.cancelled_by_role ),
		cancel_scope: str( raw.cancel_scope ),
		created_at: strOrNull( raw.created_at ),
		updated_at: strOrNull( raw.updated_at ),
	};
}

export function normaliseEvent( raw: unknown ): LeadEvent | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	let data: unknown = raw.data;
	if ( typeof data === 'string' ) {
		try {
			data = JSON.parse( data );
		} catch {
			data = { value: data };
		}
	}
	return {
		id: num( raw.id ),
		type: str( raw.type ),
		data: isRow( data ) ? data : null,
		actor: str( raw.actor ),
		actor_label: str( raw.actor_label ),
		created_at: str( raw.created_at ),
	};
}

export function normaliseLeadDetails( raw: unknown ): LeadDetails | null {
	const lead = normaliseLead( raw );
	if ( ! lead || ! isRow( raw ) ) {
		return null;
	}
	return {
		...lead,
		message: str( raw.message ),
		attribution: normaliseAttribution( raw ),
		bookings: list( raw.bookings, normaliseBooking ),
		events: list( raw.events, normaliseEvent ),
	};
}

/**
 * Newest first; the id breaks ties within the same second.
 * @param events Timeline events.
 */
export function sortEvents( events: LeadEvent[] ): LeadEvent[] {
	return [ ...events ].sort( ( a, b ) => {
		if ( a.created_at === b.created_at ) {
			return b.id - a.id;
		}
		return a.created_at < b.created_at ? 1 : -1;
	} );
}

/**
 * The answer of POST /leads/bulk: how many rows changed, or null.
 * @param raw The answer.
 */
export function bulkCount( raw: unknown ): number | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const value = raw.updated ?? raw.deleted;
	const n = numOrNull( value );
	return n !== null && n >= 0 ? Math.floor( n ) : null;
}
