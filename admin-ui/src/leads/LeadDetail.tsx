/**
 * The lead panel: contact details, bookings and the timeline, fetched from
 * GET /solar-capture/v1/leads/<id>. Opens with the row's data straight away
 * and fills in bookings and timeline when they arrive.
 */
import apiFetch from '@wordpress/api-fetch';
import { Button, Modal, Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { restPath } from '../common/config';
import {
	formatDateTime,
	formatInZone,
	formatRange,
	isoString,
} from '../common/dates';
import { describeError, isAbortError, toRestError } from '../common/errors';
import {
	actorLabel,
	bookingStatusLabel,
	eventTypeLabel,
	humanise,
	providerLabel,
	sourceLabel,
} from '../common/labels';
import StageBadge from '../common/StageBadge';
import { normaliseLeadDetails } from './normalise';
import type { Booking, Lead, LeadDetails, LeadEvent } from './types';

interface Props {
	lead: Lead;
	onClose: () => void;
}

function When( { value }: { value: string | null } ) {
	const text = formatDateTime( value );
	return text ? (
		<time dateTime={ isoString( value ) }>{ text }</time>
	) : (
		<span className="solar-capture-muted">—</span>
	);
}

function DetailRow( {
	label,
	children,
}: {
	label: string;
	children: ReactNode;
} ) {
	return (
		<>
			<dt>{ label }</dt>
			<dd>{ children }</dd>
		</>
	);
}

function Contact( { lead }: { lead: Lead | LeadDetails } ) {
	const dash = <span className="solar-capture-muted">—</span>;
	return (
		<dl className="solar-capture-details">
			<DetailRow label={ __( 'E-mail', 'solar-capture' ) }>
				{ lead.email ? (
					<a href={ `mailto:${ lead.email }` }>{ lead.email }</a>
				) : (
					dash
				) }
			</DetailRow>
			<DetailRow label={ __( 'Phone', 'solar-capture' ) }>
				{ lead.phone ? (
					<a href={ `tel:${ lead.phone.replace( /[^\d+]/g, '' ) }` }>
						{ lead.phone }
					</a>
				) : (
					dash
				) }
			</DetailRow>
			<DetailRow label={ __( 'Postcode', 'solar-capture' ) }>
				{ lead.postcode || dash }
			</DetailRow>
			<DetailRow label={ __( 'Stage', 'solar-capture' ) }>
				<StageBadge
					slug={ lead.stage }
					fallbackLabel={ lead.stage_label }
				/>
			</DetailRow>
			<DetailRow label={ __( 'Source', 'solar-capture' ) }>
				{ sourceLabel( lead.source ) }
			</DetailRow>
			<DetailRow label={ __( 'Next booking', 'solar-capture' ) }>
				<When value={ lead.next_booking_at } />
			</DetailRow>
			<DetailRow label={ __( 'Created', 'solar-capture' ) }>
				<When value={ lead.created_at } />
			</DetailRow>
			<DetailRow label={ __( 'Last updated', 'solar-capture' ) }>
				<When value={ lead.updated_at } />
			</DetailRow>
		</dl>
	);
}

function BookingItem( { booking }: { booking: Booking } ) {
	const local = formatDateTime( booking.start_at );
	const theirs = formatInZone( booking.start_at, booking.timezone );
	return (
		<li className="solar-capture-booking">
			<div className="solar-capture-booking__head">
				<strong>
					{ booking.title || __( 'Booking', 'solar-capture' ) }
				</strong>{ ' ' }
				<span
					className={ `solar-capture-booking__status solar-capture-booking__status--${ booking.status.replace(
						/[^a-z0-9_-]/gi,
						''
					) }` }
				>
					{ bookingStatusLabel( booking.status ) }
				</span>
			</div>
			<div>
				{ local ? (
					<time dateTime={ isoString( booking.start_at ) }>
						{ formatRange( booking.start_at, booking.end_at ) }
					</time>
				) : (
					<span className="solar-capture-muted">
						{ __( 'No time given', 'solar-capture' ) }
					</span>
				) }
			</div>
			{ theirs && theirs !== local && (
				<div className="solar-capture-muted">
					{ sprintf(
						/* translators: 1: date and time, 2: IANA time zone such as Europe/London. */
						__(
							'%1$s in the booker’s time zone (%2$s)',
							'solar-capture'
						),
						theirs,
						booking.timezone
					) }
				</div>
			) }
			<div className="solar-capture-muted">
				{ sprintf(
					/* translators: 1: booking tool name, 2: the tool's booking ID. */
					__( 'Booked through %1$s (ID %2$s)', 'solar-capture' ),
					providerLabel( booking.provider ) ||
						__( 'an unknown tool', 'solar-capture' ),
					booking.external_id || '—'
				) }
				{ booking.previous_external_id &&
					' · ' +
						sprintf(
							/* translators: %s: the booking tool's ID of the earlier booking. */
							__( 'Replaces booking %s', 'solar-capture' ),
							booking.previous_external_id
						) }
			</div>
		</li>
	);
}

type EventData = Record< string, unknown > | null;

/**
 * The first non-empty string among `keys`, and which key held it.
 * @param data
 * @param keys
 */
function pick(
	data: EventData,
	keys: string[]
): { key: string; value: string } {
	for ( const key of keys ) {
		const value = data?.[ key ];
		if ( typeof value === 'string' && value !== '' ) {
			return { key, value };
		}
	}
	return { key: '', value: '' };
}

/**
 * A one-line summary of an event, and the data keys it already shows (so the
 * "Details" list does not repeat them).
 *
 * @param event A timeline event.
 * @return The summary node (or null) and the data keys it used.
 */
function summarise( event: LeadEvent ): { node: ReactNode; used: string[] } {
	const { data } = event;
	if ( event.type === 'stage_changed' ) {
		const from = pick( data, [ 'from', 'old', 'previous', 'from_stage' ] );
		const to = pick( data, [ 'to', 'new', 'stage', 'to_stage' ] );
		if ( to.value ) {
			return {
				used: [ from.key, to.key ].filter( Boolean ),
				node: (
					<span className="solar-capture-event__summary">
						{ from.value && (
							<>
								<StageBadge slug={ from.value } />
								<span aria-hidden="true"> → </span>
								<span className="screen-reader-text">
									{ __( 'to', 'solar-capture' ) }
								</span>{ ' ' }
							</>
						) }
						<StageBadge slug={ to.value } />
					</span>
				),
			};
		}
	}
	if ( event.type === 'note' ) {
		const text = pick( data, [ 'text', 'note', 'body', 'message' ] );
		if ( text.value ) {
			return {
				used: [ text.key ],
				node: (
					<span className="solar-capture-event__note">
						{ text.value }
					</span>
				),
			};
		}
	}
	if ( event.type.startsWith( 'booking_' ) ) {
		const start = pick( data, [ 'start_at', 'start', 'start_time' ] );
		const reason = pick( data, [ 'reason', 'cancel_reason' ] );
		const parts = [
			start.value ? formatDateTime( start.value ) : '',
			reason.value
				? sprintf(
						/* translators: %s: why a booking was cancelled. */
						__( 'Reason: %s', 'solar-capture' ),
						reason.value
					)
				: '',
		].filter( Boolean );
		if ( parts.length ) {
			return {
				used: [ start.key, reason.key ].filter( Boolean ),
				node: (
					<span className="solar-capture-event__summary">
						{ parts.join( ' · ' ) }
					</span>
				),
			};
		}
	}
	return { node: null, used: [] };
}

function EventDetails( { data, omit }: { data: EventData; omit: string[] } ) {
	const entries = Object.entries( data ?? {} ).filter(
		( [ key, value ] ) =>
			! omit.includes( key ) &&
			value !== null &&
			value !== '' &&
			value !== undefined
	);
	if ( ! entries.length ) {
		return null;
	}
	return (
		<details className="solar-capture-event__data">
			<summary>{ __( 'Details', 'solar-capture' ) }</summary>
			<dl>
				{ entries.map( ( [ key, value ] ) => (
					<DetailRow key={ key } label={ humanise( key ) }>
						{ typeof value === 'object'
							? JSON.stringify( value )
							: String( value ) }
					</DetailRow>
				) ) }
			</dl>
		</details>
	);
}

function TimelineItem( { event }: { event: LeadEvent } ) {
	const { node, used } = summarise( event );
	return (
		<li>
			<div className="solar-capture-event__head">
				<strong>{ eventTypeLabel( event.type ) }</strong> { node }
			</div>
			<div className="solar-capture-muted">
				<When value={ event.created_at } />
				{ ' · ' }
				{ sprintf(
					/* translators: %s: who or what made the change, e.g. "Cal.com" or "User #1". */
					__( 'by %s', 'solar-capture' ),
					actorLabel( event.actor )
				) }
			</div>
			<EventDetails data={ event.data } omit={ used } />
		</li>
	);
}

function Timeline( { events }: { events: LeadEvent[] } ) {
	if ( ! events.length ) {
		return (
			<p className="solar-capture-muted">
				{ __(
					'Nothing has happened to this lead yet.',
					'solar-capture'
				) }
			</p>
		);
	}
	// Newest first; the id breaks ties within the same second.
	const sorted = [ ...events ].sort( ( a, b ) => {
		if ( a.created_at === b.created_at ) {
			return b.id - a.id;
		}
		return a.created_at < b.created_at ? 1 : -1;
	} );
	return (
		<ol className="solar-capture-timeline">
			{ sorted.map( ( event ) => (
				<TimelineItem
					key={ event.id || `${ event.type }-${ event.created_at }` }
					event={ event }
				/>
			) ) }
		</ol>
	);
}

export default function LeadDetail( { lead, onClose }: Props ) {
	const [ details, setDetails ] = useState< LeadDetails | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		let active = true;
		setError( null );

		apiFetch( {
			path: restPath(
				`leads/${ encodeURIComponent( String( lead.id ) ) }`
			),
			signal: controller?.signal,
		} )
			.then( ( body ) => {
				if ( ! active ) {
					return;
				}
				const parsed = normaliseLeadDetails( body );
				if ( parsed ) {
					setDetails( parsed );
				} else {
					setError(
						__(
							'The server sent this lead in an unexpected shape. Reload the page and try again.',
							'solar-capture'
						)
					);
				}
			} )
			.catch( async ( reason: unknown ) => {
				if ( ! active || isAbortError( reason ) ) {
					return;
				}
				const restError = await toRestError( reason );
				if ( active ) {
					setError(
						describeError(
							restError,
							__(
								'This lead’s details could not be loaded.',
								'solar-capture'
							)
						)
					);
				}
			} );

		return () => {
			active = false;
			controller?.abort();
		};
	}, [ lead.id, attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );
	const shown = details ?? lead;
	const title =
		shown.name ||
		shown.email ||
		sprintf(
			/* translators: %d: lead ID. */
			__( 'Lead #%d', 'solar-capture' ),
			shown.id
		);

	return (
		<Modal
			title={ title }
			onRequestClose={ onClose }
			size="medium"
			className="solar-capture-lead-modal"
		>
			<section aria-labelledby="solar-capture-lead-contact">
				<h2 id="solar-capture-lead-contact">
					{ __( 'Contact details', 'solar-capture' ) }
				</h2>
				<Contact lead={ shown } />
			</section>

			{ error && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'solar-capture' ),
							onClick: retry,
						},
					] }
				>
					{ error }
				</Notice>
			) }

			{ ! details && ! error && (
				<p className="solar-capture-loading">
					<Spinner />
					{ __( 'Loading bookings and timeline…', 'solar-capture' ) }
				</p>
			) }

			{ details && (
				<>
					<section aria-labelledby="solar-capture-lead-bookings">
						<h2 id="solar-capture-lead-bookings">
							{ __( 'Bookings', 'solar-capture' ) }
						</h2>
						{ details.bookings.length ? (
							<ul className="solar-capture-bookings">
								{ details.bookings.map( ( booking ) => (
									<BookingItem
										key={
											booking.id ||
											`${ booking.provider }-${ booking.external_id }`
										}
										booking={ booking }
									/>
								) ) }
							</ul>
						) : (
							<p className="solar-capture-muted">
								{ __( 'No bookings yet.', 'solar-capture' ) }
							</p>
						) }
					</section>
					<section aria-labelledby="solar-capture-lead-timeline">
						<h2 id="solar-capture-lead-timeline">
							{ __( 'Timeline', 'solar-capture' ) }
						</h2>
						<Timeline events={ details.events } />
					</section>
				</>
			) }

			<div className="solar-capture-modal-footer">
				<Button
					variant="secondary"
					onClick={ onClose }
					__next40pxDefaultSize
				>
					{ __( 'Close', 'solar-capture' ) }
				</Button>
			</div>
		</Modal>
	);
}
