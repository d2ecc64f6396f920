/**
 * A lead's timeline: every event, newest first, with who or what caused it
 * (the server's actor_label: "Cal.com", "Quote form", a user's name).
 * Event data is shown as text only.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { formatDateTime, isoString } from '../common/dates';
import { fieldLabel } from '../common/config';
import {
	actorLabel,
	eventTypeLabel,
	humanise,
	roofTypeLabel,
	sourceLabel,
} from '../common/labels';
import StageBadge from '../common/StageBadge';
import BookingAnswers from './BookingAnswers';
import { eventAnswers, fieldFills } from './bookingFacts';
import QuoteRequest from './QuoteRequest';
import { sortEvents } from './normalise';
import type { LeadEvent } from './types';

type EventData = Record< string, unknown > | null;

export function When( { value }: { value: string | null } ) {
	const text = formatDateTime( value );
	return text ? (
		<time dateTime={ isoString( value ) }>{ text }</time>
	) : (
		<span className="solar-capture-muted">—</span>
	);
}

/**
 * The first non-empty string among `keys`, and which key held it.
 * @param data Event data.
 * @param keys Candidate keys.
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

const isRecord = ( value: unknown ): value is Record< string, unknown > =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

/**
 * The people a no-show event names, and whether each was marked (true) or
 * unmarked (false).
 * @param value The event's `attendees`.
 */
function noShowMarks( value: unknown ): { email: string; noShow: boolean }[] {
	return Array.isArray( value )
		? value.flatMap( ( item ) =>
				isRecord( item ) && typeof item.email === 'string'
					? [ { email: item.email, noShow: item.noShow === true } ]
					: []
			)
		: [];
}

/**
 * Who cancelled, as a phrase ('' when unknown).
 * @param role '', 'host' or 'invitee'.
 * @param who  Name or e-mail address.
 */
function cancellerText( role: string, who: string ): string {
	if ( role === 'host' ) {
		return who
			? sprintf(
					/* translators: %s: the host's name or e-mail address. */
					__( 'by the host (%s)', 'solar-capture' ),
					who
				)
			: __( 'by the host', 'solar-capture' );
	}
	if ( role === 'invitee' ) {
		return who
			? sprintf(
					/* translators: %s: the invitee's name or e-mail address. */
					__( 'by the invitee (%s)', 'solar-capture' ),
					who
				)
			: __( 'by the invitee', 'solar-capture' );
	}
	return who
		? sprintf(
				/* translators: %s: a name or e-mail address. */
				__( 'by %s', 'solar-capture' ),
				who
			)
		: '';
}

/**
 * A booking event's location ({type, value}) as text.
 * @param value The event's `location`.
 */
function locationOf( value: unknown ): string {
	if ( ! isRecord( value ) || typeof value.value !== 'string' ) {
		return '';
	}
	return value.value.trim()
		? sprintf(
				/* translators: %s: an address, phone number or join link. */
				__( 'at %s', 'solar-capture' ),
				value.value.trim()
			)
		: '';
}

/**
 * A filled-in value for people: homeowner 1/0 as Yes/No, roof types by name.
 * @param field Lead field.
 * @param value Value as text.
 */
function fillText( field: string, value: string ): string {
	if ( field === 'homeowner' ) {
		if ( value === '1' || value === 'true' ) {
			return __( 'Yes', 'solar-capture' );
		}
		if ( value === '0' || value === 'false' ) {
			return __( 'No', 'solar-capture' );
		}
	}
	return field === 'roof_type' ? roofTypeLabel( value ) || value : value;
}

/**
 * The event's name; a cancellation that asked for a new time says so.
 * @param event A timeline event.
 */
function eventTitle( event: LeadEvent ): string {
	if (
		event.type === 'booking_cancelled' &&
		event.data?.request_reschedule === true
	) {
		return __( 'New time requested', 'solar-capture' );
	}
	return eventTypeLabel( event.type );
}

function Summary( { children }: { children: ReactNode } ) {
	return <span className="solar-capture-event__summary">{ children }</span>;
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
	switch ( event.type ) {
		case 'stage_changed': {
			const from = pick( data, [
				'from',
				'old',
				'previous',
				'from_stage',
			] );
			const to = pick( data, [ 'to', 'new', 'stage', 'to_stage' ] );
			if ( ! to.value ) {
				break;
			}
			return {
				used: [ from.key, to.key ].filter( Boolean ),
				node: (
					<Summary>
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
					</Summary>
				),
			};
		}
		case 'note': {
			const text = pick( data, [ 'text', 'note', 'body', 'message' ] );
			if ( ! text.value ) {
				break;
			}
			return {
				used: [ text.key ],
				node: <p className="solar-capture-note-text">{ text.value }</p>,
			};
		}
		case 'lead_created': {
			const source = pick( data, [ 'source' ] );
			if ( ! source.value ) {
				break;
			}
			return {
				used: [ 'source' ],
				node: (
					<Summary>
						{ sprintf(
							/* translators: %s: where the lead came from, e.g. "Cal.com". */
							__( 'from %s', 'solar-capture' ),
							sourceLabel( source.value )
						) }
					</Summary>
				),
			};
		}
		case 'lead_updated': {
			const fields = Array.isArray( data?.fields )
				? ( data?.fields as unknown[] ).filter(
						( f ): f is string => typeof f === 'string'
					)
				: [];
			if ( ! fields.length ) {
				break;
			}
			return {
				used: [ 'fields' ],
				node: (
					<Summary>
						{ sprintf(
							/* translators: %s: list of changed fields, e.g. "name, phone". */
							_n(
								'Changed: %s',
								'Changed: %s',
								fields.length,
								'solar-capture'
							),
							fields.map( humanise ).join( ', ' )
						) }
					</Summary>
				),
			};
		}
		case 'booking_rescheduled': {
			const from = pick( data, [ 'from', 'previous_start_at' ] );
			const to = pick( data, [ 'to', 'start_at' ] );
			if ( ! to.value ) {
				break;
			}
			return {
				used: [ from.key, to.key ].filter( Boolean ),
				node: (
					<Summary>
						{ from.value
							? sprintf(
									/* translators: 1: old date and time, 2: new date and time. */
									__( 'from %1$s to %2$s', 'solar-capture' ),
									formatDateTime( from.value ),
									formatDateTime( to.value )
								)
							: sprintf(
									/* translators: %s: new date and time. */
									__( 'to %s', 'solar-capture' ),
									formatDateTime( to.value )
								) }
					</Summary>
				),
			};
		}
		case 'booking_no_show': {
			const marks = noShowMarks( data?.attendees );
			if ( ! marks.length ) {
				break;
			}
			const marked = marks.filter( ( m ) => m.noShow );
			const unmarked = marks.filter( ( m ) => ! m.noShow );
			const parts = [
				marked.length
					? sprintf(
							/* translators: %s: comma-separated e-mail addresses. */
							__( 'Marked as no-show: %s', 'solar-capture' ),
							marked.map( ( m ) => m.email ).join( ', ' )
						)
					: '',
				unmarked.length
					? sprintf(
							/* translators: %s: comma-separated e-mail addresses. */
							__( 'No-show unmarked: %s', 'solar-capture' ),
							unmarked.map( ( m ) => m.email ).join( ', ' )
						)
					: '',
				data?.source === 'cal_video'
					? __( 'detected by Cal Video', 'solar-capture' )
					: '',
			].filter( Boolean );
			return {
				used: [ 'attendees', 'source' ],
				node: <Summary>{ parts.join( ' · ' ) }</Summary>,
			};
		}
		case 'host_no_show': {
			const host = pick( data, [ 'host_email' ] );
			const message = pick( data, [ 'message' ] );
			const parts = [
				host.value
					? sprintf(
							/* translators: %s: the host's e-mail address. */
							__( 'Host: %s', 'solar-capture' ),
							host.value
						)
					: '',
				message.value,
			].filter( Boolean );
			if ( ! parts.length ) {
				break;
			}
			return {
				used: [ 'host_email', 'message' ],
				node: <Summary>{ parts.join( ' · ' ) }</Summary>,
			};
		}
		case 'lead_fields_filled': {
			const fills = fieldFills( data );
			if ( ! fills.length ) {
				break;
			}
			return {
				used: [ 'fields' ],
				node: (
					<ul className="solar-capture-event__fills">
						{ fills.map( ( fill ) => (
							<li key={ fill.field }>
								{ sprintf(
									/* translators: 1: lead field, e.g. "Postcode", 2: the value written, 3: the question it came from. */
									__(
										'%1$s: %2$s (from “%3$s”)',
										'solar-capture'
									),
									fieldLabel(
										fill.field,
										humanise( fill.field )
									),
									fillText( fill.field, fill.value ),
									fill.question ||
										__( 'an answer', 'solar-capture' )
								) }
							</li>
						) ) }
					</ul>
				),
			};
		}
		case 'routing_form_submitted': {
			const name = pick( data, [ 'form_name', 'form_id' ] );
			const result = pick( data, [ 'result' ] );
			const parts = [
				name.value,
				result.value
					? sprintf(
							/* translators: %s: where the routing form sent the person. */
							__( 'sent to %s', 'solar-capture' ),
							result.value
						)
					: '',
			].filter( Boolean );
			return {
				used: [ 'form_name', 'form_id', 'result', 'answers' ],
				node: (
					<>
						{ parts.length > 0 && (
							<Summary>{ parts.join( ' · ' ) }</Summary>
						) }
						<BookingAnswers
							answers={ eventAnswers( data?.answers ) }
						/>
					</>
				),
			};
		}
		case 'booking_cancelled': {
			const reason = pick( data, [ 'reason', 'cancel_reason' ] );
			const who = pick( data, [ 'cancelled_by' ] );
			const role = pick( data, [ 'cancelled_by_role' ] ).value;
			const parts = [
				cancellerText( role, who.value ),
				typeof data?.series_cancelled === 'number' &&
				data.series_cancelled > 0
					? sprintf(
							/* translators: %d: number of later occurrences cancelled with this one. */
							_n(
								'%d later occurrence of the series cancelled too',
								'%d later occurrences of the series cancelled too',
								data.series_cancelled,
								'solar-capture'
							),
							data.series_cancelled
						)
					: '',
				data?.seat === true
					? __( 'one seat of a group session', 'solar-capture' )
					: '',
				reason.value
					? sprintf(
							/* translators: %s: why a booking was cancelled or a new time asked for. */
							__( 'Reason: %s', 'solar-capture' ),
							reason.value
						)
					: '',
			].filter( Boolean );
			return {
				used: [
					reason.key,
					'cancelled_by',
					'cancelled_by_role',
					'series_cancelled',
					'series_external_ids',
					'seat',
					'request_reschedule',
				].filter( Boolean ),
				node: parts.length ? (
					<Summary>{ parts.join( ' · ' ) }</Summary>
				) : null,
			};
		}
		case 'booking_rejected': {
			const reason = pick( data, [ 'reason' ] );
			if ( ! reason.value ) {
				break;
			}
			return {
				used: [ 'reason' ],
				node: (
					<Summary>
						{ sprintf(
							/* translators: %s: why the host declined the booking request. */
							__( 'Declined: %s', 'solar-capture' ),
							reason.value
						) }
					</Summary>
				),
			};
		}
		case 'booking_created': {
			const start = pick( data, [ 'start_at' ] );
			const where = locationOf( data?.location );
			const parts = [
				start.value ? formatDateTime( start.value ) : '',
				isRecord( data?.session )
					? __( 'a seat in a group session', 'solar-capture' )
					: '',
				typeof data?.series_id === 'string' && data.series_id
					? __( 'part of a recurring series', 'solar-capture' )
					: '',
				where,
				typeof data?.answers === 'number' && data.answers > 0
					? sprintf(
							/* translators: %d: number of answers given in the booking form. */
							_n(
								'%d answer',
								'%d answers',
								data.answers,
								'solar-capture'
							),
							data.answers
						)
					: '',
			].filter( Boolean );
			if ( ! parts.length ) {
				break;
			}
			return {
				used: [
					start.key,
					'session',
					'series_id',
					'location',
					'answers',
				].filter( Boolean ),
				node: <Summary>{ parts.join( ' · ' ) }</Summary>,
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
						/* translators: %s: why a booking was cancelled or rejected. */
						__( 'Reason: %s', 'solar-capture' ),
						reason.value
					)
				: '',
		].filter( Boolean );
		if ( parts.length ) {
			return {
				used: [ start.key, reason.key ].filter( Boolean ),
				node: <Summary>{ parts.join( ' · ' ) }</Summary>,
			};
		}
	}
	return { node: null, used: [] };
}

function valueText( value: unknown ): string {
	if ( typeof value === 'boolean' ) {
		return value
			? __( 'Yes', 'solar-capture' )
			: __( 'No', 'solar-capture' );
	}
	return typeof value === 'object'
		? JSON.stringify( value )
		: String( value );
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
					<div key={ key } className="solar-capture-event__data-row">
						<dt>{ humanise( key ) }</dt>
						<dd>{ valueText( value ) }</dd>
					</div>
				) ) }
			</dl>
		</details>
	);
}

export function eventActor( event: LeadEvent ): string {
	return event.actor_label || actorLabel( event.actor );
}

interface RequestProps {
	/** The lead (enables "Use these details" on quote requests). */
	leadId?: number;
	/** After fields of a quote request were applied. */
	onRequestApplied?: ( applied: string[] ) => void;
}

function TimelineItem( {
	event,
	leadId,
	onRequestApplied,
}: { event: LeadEvent } & RequestProps ) {
	const isRequest = event.type === 'quote_request';
	const { node, used } = isRequest
		? { node: null, used: [ 'submitted', 'current', 'filled' ] }
		: summarise( event );
	const kind = event.type.replace( /[^a-z0-9_-]/gi, '' );
	return (
		<li className={ `solar-capture-event solar-capture-event--${ kind }` }>
			<div className="solar-capture-event__head">
				<strong>{ eventTitle( event ) }</strong> { node }
			</div>
			<div className="solar-capture-muted solar-capture-event__meta">
				<When value={ event.created_at } />
				{ ' · ' }
				{ sprintf(
					/* translators: %s: who or what made the change, e.g. "Cal.com" or a user's name. */
					__( 'by %s', 'solar-capture' ),
					eventActor( event )
				) }
			</div>
			{ isRequest && (
				<QuoteRequest
					event={ event }
					leadId={ leadId }
					onApplied={ onRequestApplied }
				/>
			) }
			<EventDetails data={ event.data } omit={ used } />
		</li>
	);
}

export default function Timeline( {
	events,
	leadId,
	onRequestApplied,
}: { events: LeadEvent[] } & RequestProps ) {
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
	return (
		<ol className="solar-capture-timeline">
			{ sortEvents( events ).map( ( event ) => (
				<TimelineItem
					key={ event.id || `${ event.type }-${ event.created_at }` }
					event={ event }
					leadId={ leadId }
					onRequestApplied={ onRequestApplied }
				/>
			) ) }
		</ol>
	);
}
