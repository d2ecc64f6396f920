/**
 * One booking tool: its webhook URL to paste, the signing secret (generate,
 * shown once), the booking page and the setup steps.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	ExternalLink,
	Modal,
	Notice,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { restPath } from '../common/config';
import CopyField from '../common/CopyField';
import { describeError, toRestError } from '../common/errors';
import { normaliseNewSecret } from './normalise';
import SetupSteps from './SetupSteps';
import type { Provider } from './types';

interface Props {
	provider: Provider;
	onUpdated: ( provider: Provider ) => void;
}

const safeId = ( value: string ) => value.replace( /[^a-z0-9_-]/gi, '-' );

/**
 * A URL a booking tool on the internet cannot reach.
 * @param url The webhook URL.
 */
function isLocalOnly( url: string ): boolean {
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

function SecretStatus( { provider }: { provider: Provider } ) {
	if ( provider.secret_source === 'env' ) {
		return (
			<p>
				{ provider.secret_hint
					? sprintf(
							/* translators: %s: the last characters of the secret, e.g. "••••abcd". */
							__(
								'A secret is set (%s), read from an environment variable on the server.',
								'solar-capture'
							),
							provider.secret_hint
						)
					: __(
							'A secret is set, read from an environment variable on the server.',
							'solar-capture'
						) }
			</p>
		);
	}
	if ( provider.has_secret ) {
		return (
			<p>
				{ provider.secret_hint
					? sprintf(
							/* translators: %s: the last characters of the secret, e.g. "••••abcd". */
							__( 'A secret is set (%s).', 'solar-capture' ),
							provider.secret_hint
						)
					: __( 'A secret is set.', 'solar-capture' ) }
			</p>
		);
	}
	return (
		<p>
			{ __(
				'No signing secret yet. Generate one and paste it into your booking tool, so that only it can send bookings to your site.',
				'solar-capture'
			) }
		</p>
	);
}

function ConfirmReplace( {
	provider,
	onConfirm,
	onCancel,
}: {
	provider: Provider;
	onConfirm: () => void;
	onCancel: () => void;
} ) {
	return (
		<Modal
			title={ __( 'Replace the signing secret?', 'solar-capture' ) }
			onRequestClose={ onCancel }
			size="small"
		>
			<p>
				{ sprintf(
					/* translators: %s: booking tool name, e.g. "Cal.com". */
					__(
						'The current secret stops working. Until you paste the new secret into %s, its bookings are refused and do not reach your leads.',
						'solar-capture'
					),
					provider.label
				) }
			</p>
			{ provider.secret_source === 'env' && (
				<p>
					{ __(
						'The new secret is stored in the site’s settings and replaces the one read from the server environment.',
						'solar-capture'
					) }
				</p>
			) }
			<div className="solar-capture-modal-footer">
				<Button
					variant="tertiary"
					onClick={ onCancel }
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'solar-capture' ) }
				</Button>
				<Button
					variant="primary"
					isDestructive
					onClick={ onConfirm }
					__next40pxDefaultSize
				>
					{ __( 'Replace secret', 'solar-capture' ) }
				</Button>
			</div>
		</Modal>
	);
}

export default function ProviderCard( { provider, onUpdated }: Props ) {
	const [ confirming, setConfirming ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	const [ newSecret, setNewSecret ] = useState< string | null >( null );

	const idBase = `solar-capture-${ safeId( provider.id ) }`;
	const headingId = `${ idBase }-title`;

	const generate = async () => {
		setConfirming( false );
		setBusy( true );
		setError( null );
		try {
			const body = await apiFetch( {
				path: restPath(
					`integrations/${ encodeURIComponent( provider.id ) }/secret`
				),
				method: 'POST',
				data: {},
			} );
			const result = normaliseNewSecret( body );
			if ( ! result.secret ) {
				throw {
					code: 'invalid_json',
					message: __(
						'The answer held no secret.',
						'solar-capture'
					),
				};
			}
			setNewSecret( result.secret );
			onUpdated(
				result.provider ?? {
					...provider,
					has_secret: true,
					secret_source: 'option',
					secret_hint: `••••${ result.secret.slice( -4 ) }`,
				}
			);
		} catch ( reason ) {
			setError(
				describeError(
					await toRestError( reason ),
					__(
						'A new secret could not be generated.',
						'solar-capture'
					)
				)
			);
		} finally {
			setBusy( false );
		}
	};

	const onGenerate = () => {
		if ( provider.has_secret ) {
			setConfirming( true );
		} else {
			generate();
		}
	};

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
					className={ `solar-capture-pill solar-capture-pill--${
						provider.enabled ? 'on' : 'off'
					}` }
				>
					{ provider.enabled
						? __( 'Active', 'solar-capture' )
						: __( 'Turned off', 'solar-capture' ) }
				</span>
			</CardHeader>
			<CardBody>
				<CopyField
					id={ `${ idBase }-webhook-url` }
					label={ __( 'Webhook URL', 'solar-capture' ) }
					value={ provider.webhook_url }
					help={ sprintf(
						/* translators: %s: booking tool name, e.g. "Cal.com". */
						__(
							'Paste this address into %s exactly as shown.',
							'solar-capture'
						),
						provider.label
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
								/* translators: %s: booking tool name, e.g. "Cal.com". */
								__(
									'This address only works inside your own network: %s cannot reach it from the internet. Use the site’s public address for live bookings.',
									'solar-capture'
								),
								provider.label
							) }
						</Notice>
					) }

				{ ! provider.enabled && (
					<Notice status="info" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: booking tool name, e.g. "Cal.com". */
							__(
								'%s is turned off: its deliveries are not applied to your leads.',
								'solar-capture'
							),
							provider.label
						) }
					</Notice>
				) }

				<div className="solar-capture-secret">
					<h3>{ __( 'Signing secret', 'solar-capture' ) }</h3>
					<SecretStatus provider={ provider } />

					{ provider.accept_unsigned && (
						<Notice status="warning" isDismissible={ false }>
							{ __(
								'Unsigned deliveries are accepted, so anyone who knows the webhook URL can send bookings. Set a secret in both places to close this.',
								'solar-capture'
							) }
						</Notice>
					) }

					{ error && (
						<Notice status="error" isDismissible={ false }>
							{ error }
						</Notice>
					) }

					{ newSecret && (
						<div className="solar-capture-new-secret">
							<Notice status="warning" isDismissible={ false }>
								<strong>
									{ __(
										'Copy it now: it will not be shown again.',
										'solar-capture'
									) }
								</strong>{ ' ' }
								{ sprintf(
									/* translators: %s: booking tool name, e.g. "Cal.com". */
									__(
										'Paste it into the webhook’s secret field in %s and save there.',
										'solar-capture'
									),
									provider.label
								) }
							</Notice>
							<CopyField
								id={ `${ idBase }-new-secret` }
								label={ __(
									'New signing secret',
									'solar-capture'
								) }
								value={ newSecret }
								copyLabel={ __(
									'Copy secret',
									'solar-capture'
								) }
								monospace
							/>
							<Button
								variant="link"
								onClick={ () => setNewSecret( null ) }
							>
								{ __(
									'I have copied it, hide the secret',
									'solar-capture'
								) }
							</Button>
						</div>
					) }

					<Button
						variant={
							provider.has_secret ? 'secondary' : 'primary'
						}
						onClick={ onGenerate }
						isBusy={ busy }
						disabled={ busy }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Generate new secret', 'solar-capture' ) }
					</Button>
				</div>

				{ provider.booking_url && (
					<p className="solar-capture-booking-url">
						{ __( 'Booking page:', 'solar-capture' ) }{ ' ' }
						<ExternalLink href={ provider.booking_url }>
							{ provider.booking_url }
						</ExternalLink>
					</p>
				) }

				<SetupSteps provider={ provider } />
			</CardBody>

			{ confirming && (
				<ConfirmReplace
					provider={ provider }
					onConfirm={ generate }
					onCancel={ () => setConfirming( false ) }
				/>
			) }
		</Card>
	);
}
