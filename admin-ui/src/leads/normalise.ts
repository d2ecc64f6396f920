/**
 * Coerces API rows into the shapes the screen renders, so a missing or
 * mistyped field shows as empty instead of crashing a render. Every value
 * ends up as a plain string, number, boolean or null: React renders them
 * as text, never as markup.
 */
import type { Booking, Lead, LeadDetails, LeadEvent } from './types';

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

function list< T >( value: unknown, fn: ( item: unknown ) => T | null ): T[] {
	return Array.isArray( value )
		? value.map( fn ).filter( ( item ): item is T => item !== null )
		: [];
}

export function normaliseLeadDetails( raw: unknown ): LeadDetails | null {
	const lead = normaliseLead( raw );
	if ( ! lead || ! isRow( raw ) ) {
		return null;
	}
	return {
		...lead,
		message: str( raw.message ),
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
