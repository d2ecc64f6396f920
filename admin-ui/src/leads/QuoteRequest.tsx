/**
 * A quote request sent with this lead's e-mail (a `quote_request` event): what was sent beside
 * what the lead has. The form never replaces a known lead's details (whoever sent it may not be
 * the lead); here the owner ticks the fields to take and presses "Use these details".
 */
import { Button, CheckboxControl, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { fieldLabel } from '../common/config';
import { describeError, toRestError } from '../common/errors';
import { roofTypeLabel } from '../common/labels';
import { applyQuoteRequest } from './api';
import type { LeadEvent } from './types';

type Values = Record< string, unknown >;

function asValues( value: unknown ): Values {
	return value && typeof value === 'object' && ! Array.isArray( value )
		? ( value as Values )
		: {};
}

function shown( key: string, value: unknown ): string {
	if ( value === null || value === undefined || value === '' ) {
		return '—';
	}
	if ( key === 'homeowner' ) {
		return Number( value )
			? __( 'Yes', 'solar-capture' )
			: __( 'No', 'solar-capture' );
	}
	if ( key === 'roof_type' ) {
		return roofTypeLabel( String( value ) );
	}
	return typeof value === 'object'
		? JSON.stringify( value )
		: String( value );
}

/**
 * Fields the owner may take: those the request gave (e-mail and consent are not lead details).
 * @param key
 */
const TAKEABLE = ( key: string ) => key !== 'email' && key !== 'consent';

export default function QuoteRequest( {
	event,
	leadId,
	onApplied,
}: {
	event: LeadEvent;
	leadId?: number;
	onApplied?: ( applied: string[] ) => void;
} ) {
	const submitted = asValues( event.data?.submitted );
	const keys = Object.keys( submitted ).filter( TAKEABLE );
	const [ chosen, setChosen ] = useState< string[] >( [] );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	const [ done, setDone ] = useState< string[] | null >( null );

	if ( ! keys.length ) {
		return null;
	}
	const current = asValues( event.data?.current );
	const filled = Array.isArray( event.data?.filled )
		? ( event.data?.filled as unknown[] ).map( String )
		: [];
	// Only fields that differ can be taken; the rest are shown for reference.
	const differing = keys.filter( ( key ) => key in current );
	const leadHas = ( key: string ) => {
		if ( differing.includes( key ) ) {
			return shown( key, current[ key ] );
		}
		return filled.includes( key )
			? __( '(was blank: filled from this request)', 'solar-capture' )
			: __( '(the same)', 'solar-capture' );
	};

	const apply = async () => {
		if ( ! leadId || ! chosen.length ) {
			return;
		}
		setBusy( true );
		setError( null );
		try {
			const applied = await applyQuoteRequest( leadId, event.id, chosen );
			setDone( applied );
			setChosen( [] );
			onApplied?.( applied );
		} catch ( failure ) {
			setError(
				describeError(
					await toRestError( failure ),
					__( 'The details could not be saved.', 'solar-capture' )
				)
			);
		} finally {
			setBusy( false );
		}
	};

	const headingId = `solar-capture-quote-request-${ event.id }`;
	return (
		<div className="solar-capture-quote-request">
			<p id={ headingId } className="solar-capture-muted">
				{ differing.length
					? __(
							'Sent with this lead’s e-mail address. Its details were not changed: tick the ones you know are right and use them.',
							'solar-capture'
						)
					: __(
							'Sent with this lead’s e-mail address; nothing in it differs from the lead’s details.',
							'solar-capture'
						) }
			</p>
			<table
				className="widefat striped solar-capture-quote-request__table"
				aria-labelledby={ headingId }
			>
				<thead>
					<tr>
						<th scope="col">{ __( 'Field', 'solar-capture' ) }</th>
						<th scope="col">{ __( 'Sent', 'solar-capture' ) }</th>
						<th scope="col">
							{ __( 'The lead has', 'solar-capture' ) }
						</th>
					</tr>
				</thead>
				<tbody>
					{ keys.map( ( key ) => {
						const label = fieldLabel( key, key );
						const differs = differing.includes( key );
						return (
							<tr key={ key }>
								<th scope="row">
									{ differs && leadId ? (
										<CheckboxControl
											__nextHasNoMarginBottom
											label={ label }
											checked={ chosen.includes( key ) }
											onChange={ ( on: boolean ) =>
												setChosen( ( list ) =>
													on
														? [ ...list, key ]
														: list.filter(
																( k ) =>
																	k !== key
															)
												)
											}
										/>
									) : (
										label
									) }
								</th>
								<td>{ shown( key, submitted[ key ] ) }</td>
								<td>{ leadHas( key ) }</td>
							</tr>
						);
					} ) }
				</tbody>
			</table>
			{ differing.length > 0 && leadId ? (
				<Button
					variant="secondary"
					isBusy={ busy }
					disabled={ busy || ! chosen.length }
					accessibleWhenDisabled
					onClick={ apply }
				>
					{ __( 'Use these details', 'solar-capture' ) }
				</Button>
			) : null }
			{ done && (
				<p role="status" className="solar-capture-quote-request__done">
					{ done.length
						? sprintf(
								/* translators: %s: list of fields, e.g. "Phone, Name". */
								__( 'Saved: %s', 'solar-capture' ),
								done
									.map( ( key ) => fieldLabel( key, key ) )
									.join( ', ' )
							)
						: __(
								'The lead already had these details.',
								'solar-capture'
							) }
				</p>
			) }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
		</div>
	);
}
