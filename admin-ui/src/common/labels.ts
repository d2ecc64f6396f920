/**
 * Human labels for the machine names the API returns (lead sources, booking
 * providers, timeline actors and event types). Unknown values are shown
 * readably rather than hidden.
 */
import { __, sprintf } from '@wordpress/i18n';

import { findProvider, getConfig } from './config';

/**
 * "booking_no_show" → "Booking no show".
 * @param value A machine name.
 */
export function humanise( value: string ): string {
	const text = value.replace( /[_-]+/g, ' ' ).trim();
	return text ? text.charAt( 0 ).toUpperCase() + text.slice( 1 ) : value;
}

/**
 * A booking tool's short name (window.solarCapture.providers, from
 * plugin/providers.json), "Quote form" for the form, else the id made readable.
 * @param provider Provider id (or `form`).
 */
export function providerLabel( provider: string ): string {
	if ( provider === 'form' ) {
		return __( 'Quote form', 'solar-capture' );
	}
	const known = findProvider( provider );
	if ( known ) {
		return known.shortLabel;
	}
	return provider ? humanise( provider ) : '';
}

export function sourceLabel( source: string ): string {
	switch ( source ) {
		case '':
			return __( 'Unknown', 'solar-capture' );
		case 'form':
			return __( 'Quote form', 'solar-capture' );
		case 'manual':
			return __( 'Added by hand', 'solar-capture' );
		case 'import':
			return __( 'Import', 'solar-capture' );
		default:
			return providerLabel( source );
	}
}

/** The sources offered in the Leads screen's "Source" filter. */
export function knownSources(): { value: string; label: string }[] {
	return [
		'form',
		...getConfig().providers.map( ( provider ) => provider.id ),
	].map( ( value ) => ( { value, label: sourceLabel( value ) } ) );
}

export function actorLabel( actor: string ): string {
	if ( ! actor ) {
		return __( 'Unknown', 'solar-capture' );
	}
	const user = /^user:(\d+)$/.exec( actor );
	if ( user ) {
		return sprintf(
			/* translators: %s: a WordPress user ID. */
			__( 'User #%s', 'solar-capture' ),
			user[ 1 ]
		);
	}
	switch ( actor ) {
		case 'form':
			return __( 'Quote form', 'solar-capture' );
		case 'system':
		case 'sidecar':
		case 'pipeline':
			return __( 'Automatic', 'solar-capture' );
		default:
			return providerLabel( actor );
	}
}

export function bookingStatusLabel( status: string ): string {
	switch ( status ) {
		case 'accepted':
			return __( 'Confirmed', 'solar-capture' );
		case 'pending':
			return __( 'Awaiting confirmation', 'solar-capture' );
		case 'awaiting_payment':
			return __( 'Awaiting payment', 'solar-capture' );
		case 'rejected':
			return __( 'Rejected', 'solar-capture' );
		case 'cancelled':
			return __( 'Cancelled', 'solar-capture' );
		case 'rescheduled':
			return __( 'Rescheduled', 'solar-capture' );
		case 'no_show':
			return __( 'No-show', 'solar-capture' );
		case 'completed':
			return __( 'Completed', 'solar-capture' );
		default:
			return status
				? humanise( status )
				: __( 'Unknown', 'solar-capture' );
	}
}

export function eventTypeLabel( type: string ): string {
	switch ( type ) {
		case 'lead_created':
			return __( 'Lead created', 'solar-capture' );
		case 'lead_updated':
			return __( 'Details updated', 'solar-capture' );
		case 'quote_request':
			return __( 'Quote request from the form', 'solar-capture' );
		case 'stage_changed':
			return __( 'Stage changed', 'solar-capture' );
		case 'booking_created':
			return __( 'Booking made', 'solar-capture' );
		case 'booking_rescheduled':
			return __( 'Booking rescheduled', 'solar-capture' );
		case 'booking_cancelled':
			return __( 'Booking cancelled', 'solar-capture' );
		case 'booking_no_show':
		case 'no_show':
			return __( 'No-show updated', 'solar-capture' );
		case 'booking_confirmed':
			return __( 'Booking confirmed', 'solar-capture' );
		case 'booking_rejected':
			return __( 'Booking request rejected', 'solar-capture' );
		case 'meeting_ended':
			return __( 'Call ended', 'solar-capture' );
		case 'browser_booking':
			// Reported by the visitor's browser (the booking calendar): not yet a booking.
			return __(
				'Booked in the browser, waiting for the provider’s confirmation',
				'solar-capture'
			);
		case 'reschedule_requested':
			return __( 'Reschedule requested', 'solar-capture' );
		case 'booking_replaced':
			return __( 'Booking replaced by a new time', 'solar-capture' );
		case 'payment_initiated':
			return __( 'Payment started, not yet finished', 'solar-capture' );
		case 'host_no_show':
			return __( 'The host did not join the call', 'solar-capture' );
		case 'lead_fields_filled':
			return __( 'Details filled in from the answers', 'solar-capture' );
		case 'routing_form_submitted':
			return __( 'Routing form filled in', 'solar-capture' );
		case 'note':
			return __( 'Note', 'solar-capture' );
		default:
			return type ? humanise( type ) : __( 'Event', 'solar-capture' );
	}
}

export function deliveryStatusLabel( status: string ): string {
	switch ( status ) {
		case 'queued':
			return __( 'Queued', 'solar-capture' );
		case 'processing':
			return __( 'Processing', 'solar-capture' );
		case 'applied':
			return __( 'Applied', 'solar-capture' );
		case 'duplicate':
			return __( 'Duplicate', 'solar-capture' );
		case 'ignored':
			return __( 'Ignored', 'solar-capture' );
		case 'rejected':
			return __( 'Rejected', 'solar-capture' );
		case 'failed':
			return __( 'Failed', 'solar-capture' );
		default:
			return status
				? humanise( status )
				: __( 'Unknown', 'solar-capture' );
	}
}

export function roofTypeLabel( value: string ): string {
	switch ( value ) {
		case 'pitched':
			return __( 'Pitched', 'solar-capture' );
		case 'flat':
			return __( 'Flat', 'solar-capture' );
		case 'mixed':
			return __( 'Both / mixed', 'solar-capture' );
		case 'unsure':
			return __( 'Not sure', 'solar-capture' );
		default:
			return value ? humanise( value ) : '';
	}
}

/**
 * A booking tool's name inside a sentence: the card's label, except for the
 * generic webhook, whose long label ("Other booking tool (Zapier, …)") reads
 * badly mid-sentence.
 * @param id    Provider id.
 * @param label The provider's label.
 */
export function toolName( id: string, label: string ): string {
	return id === 'generic'
		? __( 'your booking tool', 'solar-capture' )
		: label;
}
