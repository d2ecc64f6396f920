/**
 * A lead's bookings: provider, status, times in the site's time zone (and
 * the booker's own), the reschedule chain (which booking replaced which),
 * the seat of a group session, the place in a recurring series, where the
 * meeting is, who cancelled and why, and the booking form's answers.
 * Everything the booking tools sent is shown as text; only an http(s) join
 * link becomes a link.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import {
	formatDateTime,
	formatInZone,
	formatRange,
	isoString,
	sameAsSite,
	siteZoneLabel,
} from '../common/dates';
import { bookingStatusLabel, providerLabel } from '../common/labels';
import BookingAnswers from './BookingAnswers';
import {
	httpUrl,
	rescheduleRequests,
	seriesPositions,
	type SeriesPosition,
} from './bookingFacts';
import type { Booking, LeadEvent } from './types';

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

function locationLabel( type: string ): string {
	switch ( type ) {
		case 'video':
			return __( 'Video call', 'solar-capture' );
		case 'phone':
			return __( 'Phone call', 'solar-capture' );
		case 'in_person':
			return __( 'In person', 'solar-capture' );
		default:
			return __( 'Location', 'solar-capture' );
	}
}

function Location( { booking }: { booking: Booking } ) {
	const text = booking.location.trim();
	if ( ! text ) {
		return null;
	}
	const url = httpUrl( text );
	return (
		<li className="solar-capture-booking__location">
			{ sprintf(
				/* translators: %s: kind of meeting, e.g. "Video call" or "In person". */
				__( '%s:', 'solar-capture' ),
				locationLabel( booking.location_type )
			) }{ ' ' }
			{ url ? (
				<a href={ url } target="_blank" rel="noopener noreferrer">
					{ text }
					<span className="screen-reader-text">
						{ __( '(opens in a new tab)', 'solar-capture' ) }
					</span>
				</a>
			) : (
				<span className="solar-capture-booking__address">{ text }</span>
			) }
		</li>
	);
}

function cancelledByText( booking: Booking ): string {
	const who = booking.cancelled_by.trim();
	switch ( booking.cancelled_by_role ) {
		case 'host':
			return who
				? sprintf(
						/* translators: %s: the host's name or e-mail address. */
						__( 'Cancelled by the host (%s)', 'solar-capture' ),
						who
					)
				: __( 'Cancelled by the host', 'solar-capture' );
		case 'invitee':
			return who
				? sprintf(
						/* translators: %s: the invitee's name or e-mail address. */
						__( 'Cancelled by the invitee (%s)', 'solar-capture' ),
						who
					)
				: __( 'Cancelled by the invitee', 'solar-capture' );
		default:
			return who
				? sprintf(
						/* translators: %s: a name or e-mail address. */
						__( 'Cancelled by %s', 'solar-capture' ),
						who
					)
				: '';
	}
}

function reasonText( booking: Booking, requested: string | undefined ) {
	if ( requested !== undefined ) {
		return requested
			? sprintf(
					/* translators: %s: why the host asked for a new time. */
					__( 'A new time was asked for: %s', 'solar-capture' ),
					requested
				)
			: __( 'A new time was asked for.', 'solar-capture' );
	}
	if ( ! booking.cancel_reason ) {
		return '';
	}
	if ( booking.status === 'rejected' ) {
		return sprintf(
			/* translators: %s: why the host declined the booking request. */
			__( 'Declined: %s', 'solar-capture' ),
			booking.cancel_reason
		);
	}
	return sprintf(
		/* translators: %s: why the booking was cancelled or rejected. */
		__( 'Reason: %s', 'solar-capture' ),
		booking.cancel_reason
	);
}

function BookingItem( {
	booking,
	bookings,
	series,
	requested,
}: {
	booking: Booking;
	bookings: Booking[];
	series: SeriesPosition | undefined;
	/** Set when the cancellation asked for a new time: its reason. */
	requested: string | undefined;
} ) {
	const seat = booking.seat_id !== null || booking.booking_uid !== null;
	const cancelledBy = cancelledByText( booking );
	const reason = reasonText( booking, requested );
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
					{ requested !== undefined
						? __( 'New time requested', 'solar-capture' )
						: bookingStatusLabel( booking.status ) }
				</span>
				{ series && (
					<span className="solar-capture-booking__series">
						{ sprintf(
							/* translators: 1: occurrence number, 2: how many occurrences of the series this lead has. */
							__(
								'Part of a series: %1$d of %2$d',
								'solar-capture'
							),
							series.index,
							series.count
						) }
					</span>
				) }
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
				{ seat && (
					<li className="solar-capture-booking__seat">
						{ sprintf(
							/* translators: 1: the group session's title, 2: its date and time. */
							__(
								'Seat in a group session: %1$s, %2$s',
								'solar-capture'
							),
							booking.title || __( 'Booking', 'solar-capture' ),
							formatDateTime( booking.start_at ) ||
								__( 'no time given', 'solar-capture' )
						) }
						{ booking.seats !== null &&
							booking.seats > 0 &&
							' · ' +
								sprintf(
									/* translators: %d: number of places in the group session. */
									_n(
										'%d place in the session',
										'%d places in the session',
										booking.seats,
										'solar-capture'
									),
									booking.seats
								) }
					</li>
				) }
				{ booking.cancel_scope === 'series' && (
					<li>
						{ __(
							'Cancelled with every later occurrence of its series',
							'solar-capture'
						) }
					</li>
				) }
				<Location booking={ booking } />
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
				{ cancelledBy && (
					<li className="solar-capture-booking__cancelled-by">
						{ cancelledBy }
					</li>
				) }
				{ reason && (
					<li className="solar-capture-booking__reason">
						{ reason }
					</li>
				) }
			</ul>
			<BookingAnswers answers={ booking.answers } />
		</li>
	);
}

export default function Bookings( {
	bookings,
	events = [],
}: {
	bookings: Booking[];
	/** The lead's timeline (which cancellations asked for a new time). */
	events?: LeadEvent[];
} ) {
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
	const series = seriesPositions( bookings );
	const requests = rescheduleRequests( events );
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
					series={ series.get( booking.id ) }
					requested={
						booking.status === 'cancelled'
							? requests.get( booking.id )
							: undefined
					}
				/>
			) ) }
		</ul>
	);
}
