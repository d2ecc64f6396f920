/**
 * One booking tool: on/off, the webhook URL to paste, the signing secret,
 * the booking page used by the site's call to action, which booking answers
 * fill which lead fields (AnswerMap), the setup steps, a
 * test delivery through the real public route, and the "accept unsigned
 * deliveries" switch for testing.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';

import { leadUrl } from '../common/config';
import { formatDateTime } from '../common/dates';
import CopyField from '../common/CopyField';
import { describeError, toRestError } from '../common/errors';
import { deliveryStatusLabel, toolName } from '../common/labels';
import { sendTest, updateProvider, type ProviderChanges } from './api';
import AnswerMap from './AnswerMap';
import CalendlyRegister from './CalendlyRegister';
import { outcomeKind } from './normalise';
import SecretControls from './SecretControls';
import SetupSteps from './SetupSteps';
import type { DeliveryOutcome, Provider } from './types';

interface Props {
	provider: Provider;
	onUpdated: ( provider: Provider ) => void;
	onDelivered: () => void;
	announce: ( message: string ) => void;
}

const safeId = ( value: string ) => value.replace( /[^a-z0-9_-]/gi, '-' );

/**
 * A URL a booking tool on the internet cannot reach.
 * @param url The webhook URL.
 */
export function isLocalOnly( url: string ): boolean {
	try {
		const host = new URL( url ).hostname.toLowerCase();
		return (
			host === 'localhost' ||
			host === '127.0.0.1' ||
			host === '[::1]' ||
			host.endsWith( '.localhost' ) ||
			host.endsWith( '.local' ) ||
			host.endsWith( '.test' ) ||
			/^10\./.test( host ) ||
			/^192\.168\./.test( host ) ||
			/^172\.(1[6-9]|2\d|3[01])\./.test( host )
		);
	} catch {
		return false;
	}
}

export function isHttpUrl( value: string ): boolean {
	return /^https?:\/\/[^/\s]+/i.test( value.trim() );
}

function TestResult( {
	outcome,
	label,
}: {
	outcome: DeliveryOutcome;
	label: string;
} ) {
	const kind = outcomeKind( outcome );
	const parts = [
		outcome.http_status
			? sprintf(
					/* translators: %d: HTTP status code. */
					__( 'HTTP %d', 'solar-capture' ),
					outcome.http_status
				)
			: '',
		outcome.status ? deliveryStatusLabel( outcome.status ) : '',
	].filter( Boolean );
	let headline: string = __(
		'The test delivery did not get through.',
		'solar-capture'
	);
	if ( kind === 'success' ) {
		headline = sprintf(
			/* translators: %s: booking tool name. */
			__(
				'The test delivery reached your site as %s would send it.',
				'solar-capture'
			),
			label
		);
	} else if ( kind === 'warning' ) {
		headline = __(
			'The test delivery reached your site and is kept, but was not processed yet.',
			'solar-capture'
		);
	}
	return (
		<Notice status={ kind } isDismissible={ false }>
			<p>
				<strong>{ headline }</strong>{ ' ' }
				{ parts.length > 0 && <span>({ parts.join( ' · ' ) })</span> }
			</p>
			{ outcome.message && <p>{ outcome.message }</p> }
			{ outcome.lead_id && (
				<p>
					<a href={ leadUrl( outcome.lead_id ) }>
						{ __( 'Open the lead', 'solar-capture' ) }
					</a>
				</p>
			) }
		</Notice>
	);
}

export default function ProviderCard( {
	provider,
	onUpdated,
	onDelivered,
	announce,
}: Props ) {
	const idBase = `solar-capture-${ safeId( provider.id ) }`;
	const name = toolName( provider.id, provider.label );
	const headingId = `${ idBase }-title`;
	const [ saving, setSaving ] = useState< keyof ProviderChanges | null >(
		null
	);
	const [ error, setError ] = useState< string | null >( null );
	const [ bookingUrl, setBookingUrl ] = useState( provider.booking_url );
	const [ bookingError, setBookingError ] = useState< string | null >( null );
	// Open at first while the tool is not connected; then the owner decides.
	const [ setupOpen, setSetupOpen ] = useState(
		! provider.has_secret && ! provider.subscription_uri
	);
	const [ testing, setTesting ] = useState( false );
	const [ outcome, setOutcome ] = useState< DeliveryOutcome | null >( null );
	const [ testError, setTestError ] = useState< string | null >( null );

	useEffect( () => {
		setBookingUrl( provider.booking_url );
	}, [ provider.booking_url ] );

	const save = async (
		changes: ProviderChanges,
		failure: string,
		done?: string
	) => {
		const key = Object.keys( changes )[ 0 ] as keyof ProviderChanges;
		setSaving( key );
		setError( null );
		// Show the switch in its new place at once; put it back if saving fails.
		onUpdated( { ...provider, ...( changes as Partial< Provider > ) } );
		try {
			const updated = await updateProvider( provider.id, changes );
			onUpdated(
				updated ?? {
					...provider,
					...( changes as Partial< Provider > ),
				}
			);
			if ( done ) {
				announce( done );
			}
			return true;
		} catch ( reason ) {
			onUpdated( provider );
			const message = describeError(
				await toRestError( reason ),
				failure
			);
			if ( key === 'booking_url' ) {
				setBookingError( message );
			} else {
				setError( message );
			}
			return false;
		} finally {
			setSaving( null );
		}
	};

	const saveBookingUrl = async ( event: FormEvent ) => {
		event.preventDefault();
		const value = bookingUrl.trim();
		if ( value !== '' && ! isHttpUrl( value ) ) {
			setBookingError(
				__(
					'Enter the full address, starting with https://',
					'solar-capture'
				)
			);
			return;
		}
		setBookingError( null );
		await save(
			{ booking_url: value },
			__( 'The booking page URL could not be saved.', 'solar-capture' ),
			value
				? __( 'Booking page saved.', 'solar-capture' )
				: __( 'Booking page removed.', 'solar-capture' )
		);
	};

	const test = async () => {
		setTesting( true );
		setOutcome( null );
		setTestError( null );
		try {
			const result = await sendTest( provider.id );
			setOutcome( result );
			const kind = outcomeKind( result );
			if ( kind === 'success' ) {
				announce( __( 'Test delivery received.', 'solar-capture' ) );
			} else if ( kind === 'warning' ) {
				announce(
					__(
						'Test delivery received and kept, not processed yet.',
						'solar-capture'
					)
				);
			} else {
				announce(
					__(
						'The test delivery did not get through.',
						'solar-capture'
					)
				);
			}
		} catch ( reason ) {
			setTestError(
				describeError(
					await toRestError( reason ),
					__(
						'The test delivery could not be sent.',
						'solar-capture'
					)
				)
			);
		} finally {
			setTesting( false );
			onDelivered();
		}
	};

	const bookingDirty = bookingUrl.trim() !== provider.booking_url;

	return (
		<Card
			className="solar-capture-provider"
			role="region"
			aria-labelledby={ headingId }
		>
			<CardHeader>
				<h2 id={ headingId } className="solar-capture-provider__title">
					{ provider.label }
				</h2>
				<span
					className={ `solar-capture-pill solar-capture-pill--${ provider.enabled ? 'on' : 'off' }` }
				>
					{ provider.enabled
						? __( 'On', 'solar-capture' )
						: __( 'Off', 'solar-capture' ) }
				</span>
			</CardHeader>
			<CardBody>
				<ToggleControl
					label={ sprintf(
						/* translators: %s: booking tool name. */
						__( 'Receive bookings from %s', 'solar-capture' ),
						name
					) }
					help={
						provider.enabled
							? __(
									'Deliveries are checked and applied to your leads.',
									'solar-capture'
								)
							: __(
									'Turned off: deliveries are refused and do not change your leads.',
									'solar-capture'
								)
					}
					checked={ provider.enabled }
					disabled={ saving === 'enabled' }
					onChange={ ( enabled: boolean ) =>
						save(
							{ enabled },
							__(
								'The switch could not be saved.',
								'solar-capture'
							),
							enabled
								? sprintf(
										/* translators: %s: booking tool name. */
										__( '%s turned on.', 'solar-capture' ),
										provider.label
									)
								: sprintf(
										/* translators: %s: booking tool name. */
										__( '%s turned off.', 'solar-capture' ),
										provider.label
									)
						)
					}
					__nextHasNoMarginBottom
				/>

				{ error && (
					<Notice status="error" onRemove={ () => setError( null ) }>
						{ error }
					</Notice>
				) }

				<h3>{ __( 'Webhook URL', 'solar-capture' ) }</h3>
				<CopyField
					id={ `${ idBase }-webhook-url` }
					label={ __( 'Webhook URL', 'solar-capture' ) }
					hideLabel
					value={ provider.webhook_url }
					monospace
					help={ sprintf(
						/* translators: %s: booking tool name. */
						__(
							'Paste this address into %s exactly as shown.',
							'solar-capture'
						),
						name
					) }
				/>
				{ ! provider.webhook_url && (
					<Notice status="warning" isDismissible={ false }>
						{ __(
							'The webhook URL is not available. Check that the plugin is active and that pretty permalinks are turned on (Settings → Permalinks).',
							'solar-capture'
						) }
					</Notice>
				) }
				{ provider.webhook_url &&
					isLocalOnly( provider.webhook_url ) && (
						<Notice status="warning" isDismissible={ false }>
							{ sprintf(
								/* translators: %s: booking tool name. */
								__(
									'This address only works inside your own network: %s cannot reach it from the internet. Use the site’s public address for live bookings.',
									'solar-capture'
								),
								name
							) }
						</Notice>
					) }

				<h3>{ __( 'Signing secret', 'solar-capture' ) }</h3>
				<SecretControls
					provider={ provider }
					idBase={ idBase }
					onUpdated={ onUpdated }
					announce={ announce }
				/>

				<h3>{ __( 'Booking page', 'solar-capture' ) }</h3>
				{ /* noValidate: our own check shows a notice that says what to fix, not the browser's bubble. */ }
				<form
					className="solar-capture-booking-url"
					onSubmit={ saveBookingUrl }
					noValidate
				>
					<TextControl
						type="url"
						label={ __( 'Booking page address', 'solar-capture' ) }
						help={ __(
							'Where the “Book your survey call” button on your site sends visitors (see Settings for when it shows). Leave empty if you do not book calls with this tool.',
							'solar-capture'
						) }
						placeholder="https://"
						value={ bookingUrl }
						onChange={ ( value ) => {
							setBookingUrl( value );
							setBookingError( null );
						} }
						__next40pxDefaultSize
						__nextHasNoMarginBottom
					/>
					{ bookingError && (
						<Notice status="error" isDismissible={ false }>
							{ bookingError }
						</Notice>
					) }
					<Button
						type="submit"
						variant="secondary"
						isBusy={ saving === 'booking_url' }
						disabled={ saving === 'booking_url' || ! bookingDirty }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Save booking page', 'solar-capture' ) }
					</Button>
				</form>

				{ provider.answers && (
					<AnswerMap
						provider={ provider }
						name={ name }
						idBase={ idBase }
						onUpdated={ onUpdated }
						announce={ announce }
					/>
				) }

				<details
					className="solar-capture-setup-details"
					open={ setupOpen }
					onToggle={ ( event ) =>
						setSetupOpen( event.currentTarget.open )
					}
				>
					<summary>
						<h3>
							{ sprintf(
								/* translators: %s: booking tool name. */
								__( 'How to connect %s', 'solar-capture' ),
								name
							) }
						</h3>
					</summary>
					<SetupSteps provider={ provider }>
						{ provider.id === 'calendly' && (
							<CalendlyRegister
								provider={ provider }
								idBase={ idBase }
								onUpdated={ onUpdated }
								announce={ announce }
							/>
						) }
					</SetupSteps>
				</details>

				<h3>{ __( 'Test', 'solar-capture' ) }</h3>
				<p className="solar-capture-muted">
					{ sprintf(
						/* translators: %s: booking tool name. */
						__(
							'Sends a test event signed exactly as %s would, through the same public address, and shows what happened. It creates no lead.',
							'solar-capture'
						),
						name
					) }
				</p>
				<div className="solar-capture-button-row">
					<Button
						variant="secondary"
						onClick={ test }
						isBusy={ testing }
						disabled={ testing }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Send test delivery', 'solar-capture' ) }
					</Button>
				</div>
				<div aria-live="polite">
					{ outcome && (
						<TestResult outcome={ outcome } label={ name } />
					) }
					{ testError && (
						<Notice
							status="error"
							onRemove={ () => setTestError( null ) }
						>
							{ testError }
						</Notice>
					) }
				</div>

				<h3>{ __( 'Testing without a secret', 'solar-capture' ) }</h3>
				<ToggleControl
					label={ __(
						'Accept unsigned deliveries (testing only)',
						'solar-capture'
					) }
					help={ __(
						'Only matters while no secret is set: deliveries are then accepted without any check. Use it for a quick first test, never on a live site. It turns itself off after 24 hours.',
						'solar-capture'
					) }
					checked={ provider.accept_unsigned }
					disabled={ saving === 'accept_unsigned' }
					onChange={ ( value: boolean ) =>
						save(
							{ accept_unsigned: value },
							__(
								'The switch could not be saved.',
								'solar-capture'
							),
							value
								? __(
										'Unsigned deliveries are now accepted.',
										'solar-capture'
									)
								: __(
										'Unsigned deliveries are refused again.',
										'solar-capture'
									)
						)
					}
					__nextHasNoMarginBottom
				/>
				{ provider.accept_unsigned &&
					provider.accept_unsigned_until && (
						<p className="solar-capture-unsigned-until">
							{ sprintf(
								/* translators: %s: date and time. */
								__(
									'Turns itself off at %s (24 hours after it was turned on).',
									'solar-capture'
								),
								formatDateTime( provider.accept_unsigned_until )
							) }
						</p>
					) }
				{ provider.accept_unsigned && (
					<Notice
						status="warning"
						isDismissible={ false }
						className="solar-capture-unsigned-warning"
					>
						{ provider.has_secret
							? __(
									'Warning: unsigned deliveries are allowed, but a secret is set, so every delivery must still be signed. Turn this off.',
									'solar-capture'
								)
							: sprintf(
									/* translators: %s: booking tool name. */
									__(
										'Warning: deliveries from %s are accepted without any signature check. Anyone who knows the webhook URL can add or cancel bookings. Set a secret and turn this off as soon as testing is done.',
										'solar-capture'
									),
									name
								) }
					</Notice>
				) }
			</CardBody>
		</Card>
	);
}
