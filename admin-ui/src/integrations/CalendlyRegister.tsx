/**
 * Calendly has no webhook screen: the owner pastes a personal access token
 * and the site registers the webhook through Calendly's API
 * (POST /integrations/calendly/register). The token is sent once and the
 * field is cleared whatever happens.
 */
import {
	Button,
	CheckboxControl,
	Notice,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';

import { describeError, toRestError } from '../common/errors';
import { registerCalendly } from './api';
import type { Provider } from './types';

interface Props {
	provider: Provider;
	idBase: string;
	onUpdated: ( provider: Provider ) => void;
	announce: ( message: string ) => void;
}

export default function CalendlyRegister( {
	provider,
	idBase,
	onUpdated,
	announce,
}: Props ) {
	const [ token, setToken ] = useState( '' );
	const [ replace, setReplace ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< {
		message: string;
		exists: boolean;
	} | null >( null );
	const [ done, setDone ] = useState< string | null >( null );

	const submit = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( ! token.trim() || busy ) {
			return;
		}
		setBusy( true );
		setError( null );
		setDone( null );
		try {
			const result = await registerCalendly( token.trim(), replace );
			if ( result.provider ) {
				onUpdated( result.provider );
			} else {
				onUpdated( {
					...provider,
					enabled: true,
					has_secret: true,
					secret_source: 'option',
					subscription_uri:
						result.subscription_uri || provider.subscription_uri,
				} );
			}
			const message = result.replaced
				? __(
						'Registered with Calendly: the old subscription was replaced and a new signing key is saved. Calendly now sends new, cancelled and no-show invitees here.',
						'solar-capture'
					)
				: __(
						'Registered with Calendly and the signing key is saved. Calendly now sends new, cancelled and no-show invitees here.',
						'solar-capture'
					);
			setDone( message );
			setReplace( false );
			announce( message );
		} catch ( reason ) {
			const restError = await toRestError( reason );
			setError( {
				exists:
					restError.code ===
					'solar_capture_calendly_already_subscribed',
				message: describeError(
					restError,
					__(
						'The webhook could not be registered with Calendly.',
						'solar-capture'
					)
				),
			} );
		} finally {
			setToken( '' );
			setBusy( false );
		}
	};

	return (
		<form
			className="solar-capture-calendly"
			onSubmit={ submit }
			aria-labelledby={ `${ idBase }-calendly-title` }
		>
			<h4 id={ `${ idBase }-calendly-title` }>
				{ __( 'Register the webhook with Calendly', 'solar-capture' ) }
			</h4>
			{ provider.subscription_uri && ! done && (
				<p className="solar-capture-muted">
					{ sprintf(
						/* translators: %s: Calendly subscription address. */
						__( 'Registered: %s', 'solar-capture' ),
						provider.subscription_uri
					) }
				</p>
			) }
			<TextControl
				type="password"
				label={ __(
					'Calendly personal access token',
					'solar-capture'
				) }
				help={ __(
					'Used for this one request and never stored.',
					'solar-capture'
				) }
				value={ token }
				onChange={ setToken }
				autoComplete="off"
				spellCheck={ false }
				__next40pxDefaultSize
				__nextHasNoMarginBottom
			/>
			<CheckboxControl
				label={ __(
					'Replace an existing subscription for this site',
					'solar-capture'
				) }
				help={ __(
					'Needed when this site was registered before: Calendly cannot show the old signing key again.',
					'solar-capture'
				) }
				checked={ replace }
				onChange={ setReplace }
				__nextHasNoMarginBottom
			/>
			{ error && (
				// Only plain text in a Notice: it renders its children to a string
				// for screen readers, which breaks components with hooks.
				<Notice
					status="error"
					onRemove={ () => setError( null ) }
					actions={
						error.exists && ! replace
							? [
									{
										label: __(
											'Replace the existing subscription',
											'solar-capture'
										),
										onClick: () => setReplace( true ),
										variant: 'secondary',
									},
								]
							: []
					}
				>
					{ error.message }
				</Notice>
			) }
			{ done && (
				<Notice status="success" onRemove={ () => setDone( null ) }>
					{ done }
				</Notice>
			) }
			<Button
				type="submit"
				variant={ provider.subscription_uri ? 'secondary' : 'primary' }
				isBusy={ busy }
				disabled={ busy || ! token.trim() }
				accessibleWhenDisabled
				__next40pxDefaultSize
			>
				{ __( 'Register webhook with Calendly', 'solar-capture' ) }
			</Button>
		</form>
	);
}
