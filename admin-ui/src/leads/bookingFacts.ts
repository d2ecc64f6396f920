/**
 * Pure helpers behind the lead page's booking details: which location is a
 * link that may be followed, where an occurrence sits in its recurring series,
 * which bookings were cancelled as a request for a new time, and whether a
 * touch (attribution) says anything.
 */
import type { Booking, LeadEvent, Touch } from './types';

/**
 * The text as a URL when it is one http(s) link (nothing else around it);
 * null otherwise (javascript:, data:, a street address, a phone number…).
 *
 * @param text A booking's location.
 */
export function httpUrl( text: string ): string | null {
	const value = text.trim();
	if ( ! /^https?:\/\/\S+$/i.test( value ) ) {
		return null;
	}
	try {
		const url = new URL( value );
		return url.protocol === 'http:' || url.protocol === 'https:'
			? url.href
			: null;
	} catch {
		return null;
	}
}

export interface SeriesPosition {
	/** 1-based, in order of start time. */
	index: number;
	/** Occurrences of the series this lead has. */
	count: number;
}

/**
 * Each booking of a recurring series (by provider and series id) with its
 * place among the lead's occurrences of that series, earliest first.
 *
 * @param bookings The lead's bookings.
 * @return Booking id → its position.
 */
export function seriesPositions(
	bookings: Booking[]
): Map< number, SeriesPosition > {
	const groups = new Map< string, Booking[] >();
	for ( const booking of bookings ) {
		if ( ! booking.series_id ) {
			continue;
		}
		const key = `${ booking.provider }\u0000${ booking.series_id }`;
		groups.set( key, [ ...( groups.get( key ) ?? [] ), booking ] );
	}
	const positions = new Map< number, SeriesPosition >();
	for ( const group of groups.values() ) {
		const sorted = [ ...group ].sort( ( a, b ) => {
			const left = a.start_at ?? '';
			const right = b.start_at ?? '';
			if ( left === right ) {
				return a.id - b.id;
			}
			return left < right ? -1 : 1;
		} );
		sorted.forEach( ( booking, i ) =>
			positions.set( booking.id, {
				index: i + 1,
				count: sorted.length,
			} )
		);
	}
	return positions;
}

/**
 * Bookings whose cancellation was a request to pick a new time (the
 * `booking_cancelled` timeline event says `request_reschedule`), with the
 * reason given. The latest such event of a booking wins.
 *
 * @param events The lead's timeline.
 * @return Booking id → reason ('' when none was given).
 */
export function rescheduleRequests(
	events: LeadEvent[]
): Map< number, string > {
	const found = new Map< number, { at: string; reason: string } >();
	for ( const event of events ) {
		const data = event.data;
		if (
			event.type !== 'booking_cancelled' ||
			! data ||
			data.request_reschedule !== true ||
			typeof data.booking_id !== 'number'
		) {
			continue;
		}
		const seen = found.get( data.booking_id );
		if ( seen && seen.at > event.created_at ) {
			continue;
		}
		found.set( data.booking_id, {
			at: event.created_at,
			reason: typeof data.reason === 'string' ? data.reason : '',
		} );
	}
	return new Map(
		[ ...found ].map( ( [ id, { reason } ] ) => [ id, reason ] )
	);
}

/**
 * Whether a touch carries anything to show.
 * @param touch First or latest touch.
 */
export function hasTouch( touch: Touch ): boolean {
	return Object.values( touch ).some(
		( value ) => typeof value === 'string' && value.trim() !== ''
	);
}

export interface FieldFill {
	field: string;
	value: string;
	question: string;
}

/**
 * The fills of a `lead_fields_filled` event as text.
 * @param data The event's data.
 */
export function fieldFills(
	data: Record< string, unknown > | null
): FieldFill[] {
	const fields = Array.isArray( data?.fields ) ? data?.fields : [];
	const fills: FieldFill[] = [];
	for ( const item of fields as unknown[] ) {
		if ( ! item || typeof item !== 'object' || Array.isArray( item ) ) {
			continue;
		}
		const row = item as Record< string, unknown >;
		const text = ( value: unknown ) =>
			typeof value === 'string' ||
			( typeof value === 'number' && Number.isFinite( value ) )
				? String( value )
				: '';
		const field = text( row.field );
		if ( field ) {
			fills.push( {
				field,
				value:
					typeof row.value === 'boolean'
						? String( row.value )
						: text( row.value ),
				question: text( row.question ),
			} );
		}
	}
	return fills;
}

/**
 * Answers of a timeline event (a routing form's), as {label, value} texts.
 * @param value The event's `answers` data.
 */
export function eventAnswers(
	value: unknown
): { label: string; value: string }[] {
	if ( ! Array.isArray( value ) ) {
		return [];
	}
	return value.flatMap( ( item ) => {
		if ( ! item || typeof item !== 'object' || Array.isArray( item ) ) {
			return [];
		}
		const row = item as Record< string, unknown >;
		const text = typeof row.value === 'string' ? row.value : '';
		if ( ! text.trim() ) {
			return [];
		}
		const label =
			( typeof row.label === 'string' && row.label ) ||
			( typeof row.key === 'string' ? row.key : '' );
		return [ { label, value: text } ];
	} );
}
