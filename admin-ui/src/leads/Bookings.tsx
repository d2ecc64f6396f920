/**
 * A lead's bookings: provider, status, times in the site's time zone (and
 * the booker's own), and the reschedule chain (which booking replaced which).
 */
import { __, sprintf } from '@wordpress/i18n';

import {
	formatInZone,
	formatRange,
	isoString,
	sameAsSite,
	siteZoneLabel,
} from '../common/dates';
import { bookingStatusLabel, providerLabel } from '../common/labels';
import type { Booking } from './types';

const safe = ( value: string ) => value.replace( /[^a-z0-9_-]/gi, '-' );

export function bookingAnchor(
	booking: Pick< Booking, 'provider' | 'external_id' | 'id' >
) {
	return `solar-capture-booking-${ safe( booking.provider ) }-${ safe(
		booking.external_id || String( booking.id )
	) }`;
}

function ChainLink( {
	externalId,
	provider,
	bookings,
	text,
}: {
	externalId: string;
	provider: string;
	bookings: Booking[];
	text: string;
} ) {
	const target = bookings.find(
		( b ) => b.external_id === externalId && b.provider === provider
	);
	return (
		<li>
			{ target ? (
				<a href={ `#${ bookingAnchor( target ) }` }>{ text }</a>
			) : (
				text
			) }
		</li>
	);
}

function BookingItem( {
	booking,
	bookings,
}: {
	booking: Booking;
	bookings: Booking[];
} ) {
	const range = formatRange( booking.start_at, booking.end_at );
	const theirs =
		booking.timezone && ! sameAsSite( booking.start_at, booking.timezone )
			? formatInZone( booking.start_at, booking.timezone )
			: '';
	const status = booking.status.replace( /[^a-z0-9_-]/gi, '' );
	return (
		<li
			className="solar-capture-booking"
			id={ bookingAnchor( booking ) }
			tabIndex={ -1 }
		>
			<div className="solar-capture-booking__head">
				<strong>
					{ booking.title || __( 'Booking', 'solar-capture' ) }
				</strong>{ ' ' }
				<span
					className={ `solar-capture-booking__status solar-capture-booking__status--${ status }` }
				>
					{ bookingStatusLabel( booking.status ) }
				</span>
			</div>
			<div>
				{ range ? (
					<time dateTime={ isoString( booking.start_at ) }>
						{ sprintf(
							/* translators: 1: date and time range, 2: time zone such as Europe/London. */
							__( '%1$s (%2$s)', 'solar-capture' ),
							range,
							siteZoneLabel()
						) }
					</time>
				) : (
					<span className="solar-capture-muted">
						{ __( 'No time given', 'solar-capture' ) }
					</span>
				) }
			</div>
			{ booking.timezone && (
				<div className="solar-capture-muted">
					{ theirs
						? sprintf(
								/* translators: 1: date and time, 2: IANA time zone such as America/New_York. */
								__(
									'%1$s for the booker (%2$s)',
									'solar-capture'
								),
								theirs,
								booking.timezone
							)
						: sprintf(
								/* translators: %s: IANA time zone such as Europe/London. */
								__(
									'The booker is in the same time zone (%s).',
									'solar-capture'
								),
								booking.timezone
							) }
				</div>
			) }
			<ul className="solar-capture-booking__facts">
				<li>
					{ sprintf(
						/* translators: 1: booking tool name, 2: the tool's booking ID. */
						__( 'Booked through %1$s · ID %2$s', 'solar-capture' ),
						providerLabel( booking.provider ) ||
							__( 'an unknown tool', 'solar-capture' ),
						booking.external_id || '—'
					) }
				</li>
				{ booking.previous_external_id && (
					<ChainLink
						externalId={ booking.previous_external_id }
						provider={ booking.provider }
						bookings={ bookings }
						text={ sprintf(
							/* translators: %s: the booking tool's ID of the earlier booking. */
							__(
								'Rescheduled from booking %s',
								'solar-capture'
							),
							booking.previous_external_id
						) }
					/>
				) }
				{ booking.next_external_id && (
					<ChainLink
						externalId={ booking.next_external_id }
						provider={ booking.provider }
						bookings={ bookings }
						text={ sprintf(
							/* translators: %s: the booking tool's ID of the later booking. */
							__( 'Moved to booking %s', 'solar-capture' ),
							booking.next_external_id
						) }
					/>
				) }
				{ booking.attendee_email && (
					<li>
						{ sprintf(
							/* translators: %s: e-mail address. */
							__( 'Booked by %s', 'solar-capture' ),
							booking.attendee_email
						) }
					</li>
				) }
				{ booking.guests.length > 0 && (
					<li>
						{ sprintf(
							/* translators: %s: comma-separated e-mail addresses. */
							__( 'Guests: %s', 'solar-capture' ),
							booking.guests.join( ', ' )
						) }
					</li>
				) }
				{ booking.cancel_reason && (
					<li>
						{ sprintf(
							/* translators: %s: why the booking was cancelled or rejected. */
							__( 'Reason: %s', 'solar-capture' ),
							booking.cancel_reason
						) }
					</li>
				) }
			</ul>
		</li>
	);
}

export default function Bookings( { bookings }: { bookings: Booking[] } ) {
	if ( ! bookings.length ) {
		return (
			<p className="solar-capture-muted">
				{ __(
					'No bookings yet. When this lead books a call through a connected booking tool, it appears here.',
					'solar-capture'
				) }
			</p>
		);
	}
	return (
		<ul className="solar-capture-bookings">
			{ bookings.map( ( booking ) => (
				<BookingItem
					key={
						booking.id ||
						`${ booking.provider }-${ booking.external_id }`
					}
					booking={ booking }
					bookings={ bookings }
				/>
			) ) }
		</ul>
	);
}
