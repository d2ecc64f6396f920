/**
 * Coerces API rows into the shapes the screen renders, so a missing or
 * mistyped field shows as empty instead of crashing a render.
 */
import type { Booking, Lead, LeadDetails, LeadEvent } from './types';

type Row = Record< string, unknown >;

const str = ( value: unknown ): string => {
	if ( typeof value === 'string' ) {
		return value;
	}
	return typeof value === 'number' ? String( value ) : '';
};

const strOrNull = ( value: unknown ): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

const num = ( value: unknown ): number => {
	const n = typeof value === 'number' ? value : Number( value );
	return Number.isFinite( n ) ? n : 0;
};

const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

export function normaliseLead( raw: unknown ): Lead | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const id = num( raw.id );
	if ( ! id ) {
		return null;
	}
	return {
		id,
		email: str( raw.email ),
		name: str( raw.name ),
		phone: str( raw.phone ),
		postcode: str( raw.postcode ),
		stage: str( raw.stage ),
		stage_label: str( raw.stage_label ),
		source: str( raw.source ),
		created_at: str( raw.created_at ),
		updated_at: str( raw.updated_at ),
		next_booking_at: strOrNull( raw.next_booking_at ),
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

function normaliseBooking( raw: unknown ): Booking | null {
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
		previous_external_id: strOrNull( raw.previous_external_id ),
	};
}

function normaliseEvent( raw: unknown ): LeadEvent | null {
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
		...raw,
		...lead,
		bookings: list( raw.bookings, normaliseBooking ),
		events: list( raw.events, normaliseEvent ),
	};
}
