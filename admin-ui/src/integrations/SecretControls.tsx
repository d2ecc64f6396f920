/**
 * A provider's signing secret: generate (shown once, then masked), rotate
 * (the old secret keeps working for 24 hours), remove, or read it from an
 * environment variable of the server (`env:NAME`).
 */
import {
	Button,
	Notice,
	RadioControl,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';

import ConfirmModal from '../common/ConfirmModal';
import CopyField from '../common/CopyField';
import { formatDateTime } from '../common/dates';
import { toolName } from '../common/labels';
import { describeError, toRestError } from '../common/errors';
import { newSecret, updateProvider } from './api';
import { envName, isSecretEnvName, isValidEnvName } from './normalise';
import type { Provider } from './types';

interface Props {
	provider: Provider;
	idBase: string;
	onUpdated: ( provider: Provider ) => void;
	announce: ( message: string ) => void;
}

type Confirm = 'rotate' | 'remove' | null;

function SecretStatus( { provider }: { provider: Provider } ) {
	if ( provider.secret_source === 'env' ) {
		return (
			<p>
				{ sprintf(
					/* translators: %s: environment variable name, e.g. CALCOM_SECRET. */
					__(
						'The secret is read from the environment variable %s on the server (where the webhook processor runs).',
						'solar-capture'
					),
					envName( provider.secret_hint ) || '?'
				) }
			</p>
		);
	}
	if ( provider.has_secret ) {
		return (
			<p>
				{ __( 'A secret is set:', 'solar-capture' ) }{ ' ' }
				<code className="solar-capture-secret__hint">
					{ provider.secret_hint || '••••••••' }
				</code>
			</p>
		);
	}
	return (
		<p>
			{ sprintf(
				/* translators: %s: booking tool name. */
				__(
					'No signing secret yet. With a secret, your site only accepts deliveries that %s signed with it, so nobody else can add fake bookings.',
					'solar-capture'
				),
				toolName( provider.id, provider.label )
			) }
		</p>
	);
}

export default function SecretControls( {
	provider,
	idBase,
	onUpdated,
	announce,
}: Props ) {
	const [ confirm, setConfirm ] = useState< Confirm >( null );
	const [ busy, setBusy ] = useState< 'generate' | 'remove' | 'env' | null >(
		null
	);
	const [ error, setError ] = useState< string | null >( null );
	const [ confirmError, setConfirmError ] = useState< string | null >( null );
	const [ shownSecret, setShownSecret ] = useState< string | null >( null );
	const [ envOpen, setEnvOpen ] = useState( false );
	const [ envValue, setEnvValue ] = useState(
		provider.secret_source === 'env' ? envName( provider.secret_hint ) : ''
	);
	const [ envError, setEnvError ] = useState< string | null >( null );
	/** Rotating: a planned change (the old secret works 24 hours more) or a leak (it stops now). */
	const [ rotation, setRotation ] = useState< 'planned' | 'leaked' >(
		'planned'
	);

	const generate = async () => {
		setBusy( 'generate' );
		setError( null );
		setConfirmError( null );
		try {
			const result = await newSecret(
				provider.id,
				confirm !== 'rotate' || rotation === 'planned'
			);
			if ( ! result.secret ) {
				throw {
					code: 'invalid_json',
					message: __(
						'The answer held no secret.',
						'solar-capture'
					),
				};
			}
			setShownSecret( result.secret );
			setConfirm( null );
			setEnvOpen( false );
			onUpdated(
				result.provider ?? {
					...provider,
					has_secret: true,
					secret_source: 'option',
					secret_hint: `••••••••${ result.secret.slice( -4 ) }`,
				}
			);
			announce(
				__(
					'New secret generated. Copy it now: it is shown only once.',
					'solar-capture'
				)
			);
		} catch ( reason ) {
			const message = describeError(
				await toRestError( reason ),
				__( 'A new secret could not be generated.', 'solar-capture' )
			);
			if ( confirm ) {
				setConfirmError( message );
			} else {
				setError( message );
			}
		} finally {
			setBusy( null );
		}
	};

	const remove = async () => {
		setBusy( 'remove' );
		setConfirmError( null );
		try {
			const updated = await updateProvider( provider.id, {
				remove_secret: true,
			} );
			onUpdated(
				updated ?? {
					...provider,
					has_secret: false,
					secret_source: 'none',
					secret_hint: '',
					previous_secret_expires: null,
				}
			);
			setShownSecret( null );
			setConfirm( null );
			announce( __( 'Secret removed.', 'solar-capture' ) );
		} catch ( reason ) {
			setConfirmError(
				describeError(
					await toRestError( reason ),
					__( 'The secret could not be removed.', 'solar-capture' )
				)
			);
		} finally {
			setBusy( null );
		}
	};

	const saveEnv = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( ! isValidEnvName( envValue ) ) {
			setEnvError(
				__(
					'Use letters, digits and underscores, not starting with a digit, e.g. CALCOM_WEBHOOK_SECRET.',
					'solar-capture'
				)
			);
			return;
		}
		if ( ! isSecretEnvName( envValue ) ) {
			setEnvError(
				sprintf(
					/* translators: %s: environment variable name. */
					__(
						"%s cannot hold a webhook secret here: use a name that starts with SOLAR_CAPTURE_ or ends in _WEBHOOK_SECRET, _SIGNING_KEY or _TOKEN, for example CALCOM_WEBHOOK_SECRET. This keeps the server's other settings, such as database passwords, out of reach.",
						'solar-capture'
					),
					envName( envValue )
				)
			);
			return;
		}
		setBusy( 'env' );
		setEnvError( null );
		try {
			const updated = await updateProvider( provider.id, {
				secret_env: envName( envValue ),
			} );
			onUpdated(
				updated ?? {
					...provider,
					has_secret: true,
					secret_source: 'env',
					secret_hint: `env:${ envName( envValue ) }`,
				}
			);
			setShownSecret( null );
			setEnvOpen( false );
			announce(
				__(
					'The secret is now read from the environment variable.',
					'solar-capture'
				)
			);
		} catch ( reason ) {
			setEnvError(
				describeError(
					await toRestError( reason ),
					__(
						'The environment variable could not be saved.',
						'solar-capture'
					)
				)
			);
		} finally {
			setBusy( null );
		}
	};

	const expires = provider.previous_secret_expires
		? formatDateTime( provider.previous_secret_expires )
		: '';

	return (
		<div className="solar-capture-secret">
			<SecretStatus provider={ provider } />

			{ expires && (
				<Notice status="info" isDismissible={ false }>
					{ sprintf(
						/* translators: 1: date and time, 2: booking tool name. */
						__(
							'The previous secret keeps working until %1$s, so deliveries are not lost while you paste the new one into %2$s.',
							'solar-capture'
						),
						expires,
						toolName( provider.id, provider.label )
					) }
				</Notice>
			) }

			{ error && (
				<Notice status="error" onRemove={ () => setError( null ) }>
					{ error }
				</Notice>
			) }

			{ shownSecret && (
				<div className="solar-capture-new-secret">
					<Notice status="warning" isDismissible={ false }>
						<strong>
							{ __(
								'Copy it now: it will not be shown again.',
								'solar-capture'
							) }
						</strong>{ ' ' }
						{ sprintf(
							/* translators: %s: booking tool name. */
							__(
								'Paste it into the webhook’s secret field in %s and save there.',
								'solar-capture'
							),
							toolName( provider.id, provider.label )
						) }
					</Notice>
					<CopyField
						id={ `${ idBase }-new-secret` }
						label={ __( 'New signing secret', 'solar-capture' ) }
						value={ shownSecret }
						copyLabel={ __( 'Copy secret', 'solar-capture' ) }
						monospace
					/>
					<Button
						variant="link"
						onClick={ () => setShownSecret( null ) }
					>
						{ __(
							'I have copied it, hide the secret',
							'solar-capture'
						) }
					</Button>
				</div>
			) }

			<div className="solar-capture-button-row">
				{ provider.has_secret ? (
					<Button
						variant="secondary"
						onClick={ () => {
							setConfirmError( null );
							setRotation( 'planned' );
							setConfirm( 'rotate' );
						} }
						disabled={ busy !== null }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ provider.secret_source === 'env'
							? __( 'Generate a secret instead', 'solar-capture' )
							: __( 'Rotate secret', 'solar-capture' ) }
					</Button>
				) : (
					<Button
						variant="primary"
						onClick={ generate }
						isBusy={ busy === 'generate' }
						disabled={ busy !== null }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Generate secret', 'solar-capture' ) }
					</Button>
				) }
				<Button
					variant="tertiary"
					onClick={ () => setEnvOpen( ( open ) => ! open ) }
					aria-expanded={ envOpen }
					aria-controls={ `${ idBase }-env` }
					disabled={ busy !== null }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ provider.secret_source === 'env'
						? __( 'Change variable', 'solar-capture' )
						: __( 'Use an environment variable', 'solar-capture' ) }
				</Button>
				{ provider.has_secret && (
					<Button
						variant="tertiary"
						isDestructive
						onClick={ () => {
							setConfirmError( null );
							setConfirm( 'remove' );
						} }
						disabled={ busy !== null }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Remove secret', 'solar-capture' ) }
					</Button>
				) }
			</div>

			{ envOpen && (
				<form
					id={ `${ idBase }-env` }
					className="solar-capture-env"
					onSubmit={ saveEnv }
				>
					<TextControl
						label={ __(
							'Environment variable name',
							'solar-capture'
						) }
						help={ __(
							'For hosts that keep secrets out of the database: set the variable (e.g. CALCOM_WEBHOOK_SECRET=…) where the webhook processor runs, and enter its name here. The site stores only env:NAME.',
							'solar-capture'
						) }
						value={ envValue }
						onChange={ ( value ) => {
							setEnvValue( value );
							setEnvError( null );
						} }
						placeholder="CALCOM_WEBHOOK_SECRET"
						spellCheck={ false }
						autoComplete="off"
						className="code"
						__next40pxDefaultSize
						__nextHasNoMarginBottom
					/>
					{ envError && (
						<Notice status="error" isDismissible={ false }>
							{ envError }
						</Notice>
					) }
					<div className="solar-capture-button-row">
						<Button
							type="submit"
							variant="secondary"
							isBusy={ busy === 'env' }
							disabled={ busy !== null || envValue.trim() === '' }
							accessibleWhenDisabled
							__next40pxDefaultSize
						>
							{ __( 'Use this variable', 'solar-capture' ) }
						</Button>
						<Button
							variant="tertiary"
							onClick={ () => setEnvOpen( false ) }
							__next40pxDefaultSize
						>
							{ __( 'Cancel', 'solar-capture' ) }
						</Button>
					</div>
				</form>
			) }

			{ confirm === 'rotate' && (
				<ConfirmModal
					title={ __(
						'Rotate the signing secret?',
						'solar-capture'
					) }
					confirmLabel={ __(
						'Generate new secret',
						'solar-capture'
					) }
					onConfirm={ generate }
					onCancel={ () => setConfirm( null ) }
					isBusy={ busy === 'generate' }
					isDestructive={ rotation === 'leaked' }
					error={ confirmError }
				>
					<p>
						{ __(
							'A new secret is made and shown once.',
							'solar-capture'
						) }
					</p>
					<RadioControl
						label={ __(
							'What happens to the current secret?',
							'solar-capture'
						) }
						selected={ rotation }
						options={ [
							{
								value: 'planned',
								label: sprintf(
									/* translators: %s: booking tool name. */
									__(
										'A planned change: it keeps working for 24 hours, so bookings keep arriving while you paste the new one into %s.',
										'solar-capture'
									),
									toolName( provider.id, provider.label )
								),
							},
							{
								value: 'leaked',
								label: sprintf(
									/* translators: %s: booking tool name. */
									__(
										'It leaked: it stops working now. Deliveries from %s are refused until you paste the new one there.',
										'solar-capture'
									),
									toolName( provider.id, provider.label )
								),
							},
						] }
						onChange={ ( value: string ) =>
							setRotation(
								value === 'leaked' ? 'leaked' : 'planned'
							)
						}
					/>
				</ConfirmModal>
			) }

			{ confirm === 'remove' && (
				<ConfirmModal
					title={ __(
						'Remove the signing secret?',
						'solar-capture'
					) }
					confirmLabel={ __( 'Remove secret', 'solar-capture' ) }
					onConfirm={ remove }
					onCancel={ () => setConfirm( null ) }
					isBusy={ busy === 'remove' }
					isDestructive
					error={ confirmError }
				>
					<p>
						{ sprintf(
							/* translators: %s: booking tool name. */
							__(
								'Without a secret, every delivery from %s is refused, unless “Accept unsigned deliveries (testing only)” is on, which lets anyone who knows the webhook URL add bookings. Remove it only to start again or to stop this tool.',
								'solar-capture'
							),
							toolName( provider.id, provider.label )
						) }
					</p>
				</ConfirmModal>
			) }
		</div>
	);
}
