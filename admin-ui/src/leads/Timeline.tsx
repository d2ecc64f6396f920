/**
 * A lead's timeline: every event, newest first, with who or what caused it
 * (the server's actor_label: "Cal.com", "Quote form", a user's name).
 * Event data is shown as text only.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { formatDateTime, isoString } from '../common/dates';
import {
	actorLabel,
	eventTypeLabel,
	humanise,
	sourceLabel,
} from '../common/labels';
import StageBadge from '../common/StageBadge';
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
				<strong>{ eventTypeLabel( event.type ) }</strong> { node }
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
