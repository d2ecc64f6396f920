/**
 * The Settings screen: the booking call to action (when it shows, its
 * text), the address notified of new leads and bookings, and what happens to
 * the data when the plugin is deleted. GET/POST /solar-capture/v1/settings.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	RadioControl,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent, ReactNode } from 'react';

import { getConfig, restPath } from '../common/config';
import { describeError, toRestError } from '../common/errors';
import { useRestResource } from '../common/useRestResource';
import { LoadError, Loading } from '../common/LoadStates';
import {
	CTA_TEXT_MAX,
	CONSENT_TEXT_MAX,
	looksLikeEmail,
	normaliseSettings,
	sameValues,
	settingsPayload,
	type CtaShow,
	type SettingsValues,
} from './normalise';

function Section( {
	id,
	title,
	children,
}: {
	id: string;
	title: string;
	children: ReactNode;
} ) {
	return (
		<Card
			className="solar-capture-settings__section"
			role="group"
			aria-labelledby={ id }
		>
			<CardHeader>
				<h2 id={ id } className="solar-capture-settings__title">
					{ title }
				</h2>
			</CardHeader>
			<CardBody>{ children }</CardBody>
		</Card>
	);
}

type Status = { kind: 'success' | 'error'; message: string } | null;

export default function SettingsApp() {
	const {
		data,
		setData,
		error: fetchError,
		retry,
	} = useRestResource(
		async ( signal ) =>
			normaliseSettings(
				await apiFetch( { path: restPath( 'settings' ), signal } )
			),
		[]
	);
	const loadError = fetchError
		? describeError(
				fetchError,
				__( 'The settings could not be loaded.', 'solar-capture' )
			)
		: null;
	const [ values, setValues ] = useState< SettingsValues | null >( null );
	const [ saving, setSaving ] = useState( false );
	const [ status, setStatus ] = useState< Status >( null );
	const [ emailError, setEmailError ] = useState< string | null >( null );
	const noticeRef = useRef< HTMLDivElement >( null );

	// The form starts from what was loaded (or saved) last.
	useEffect( () => {
		setValues( data );
	}, [ data ] );

	const dirty = !! ( data && values && ! sameValues( data, values ) );

	// Warn before leaving with unsaved changes.
	useEffect( () => {
		if ( ! dirty ) {
			return;
		}
		const onBeforeUnload = ( event: BeforeUnloadEvent ) => {
			event.preventDefault();
			event.returnValue = '';
		};
		window.addEventListener( 'beforeunload', onBeforeUnload );
		return () =>
			window.removeEventListener( 'beforeunload', onBeforeUnload );
	}, [ dirty ] );

	useEffect( () => {
		if ( status ) {
			noticeRef.current?.focus();
		}
	}, [ status ] );

	const set = < K extends keyof SettingsValues >(
		key: K,
		value: SettingsValues[ K ]
	) => {
		setValues( ( current ) =>
			current ? { ...current, [ key ]: value } : current
		);
	};

	const save = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( ! values ) {
			return;
		}
		if ( ! looksLikeEmail( values.notification_email ) ) {
			setEmailError(
				__(
					'Enter a full e-mail address such as you@example.com, or leave the field empty.',
					'solar-capture'
				)
			);
			setStatus( {
				kind: 'error',
				message: __(
					'The settings were not saved: check the notification e-mail address.',
					'solar-capture'
				),
			} );
			return;
		}
		setEmailError( null );
		setSaving( true );
		setStatus( null );
		try {
			const body = await apiFetch( {
				path: restPath( 'settings' ),
				method: 'POST',
				data: settingsPayload( values ),
			} );
			const saved = normaliseSettings( body );
			setData( saved );
			setValues( saved );
			setStatus( {
				kind: 'success',
				message: __( 'Settings saved.', 'solar-capture' ),
			} );
		} catch ( reason ) {
			setStatus( {
				kind: 'error',
				message: describeError(
					await toRestError( reason ),
					__( 'The settings could not be saved.', 'solar-capture' )
				),
			} );
		} finally {
			setSaving( false );
		}
	};

	const ctaDefault =
		data?.cta_text_default ||
		__( 'Book your free survey call', 'solar-capture' );
	const { integrationsUrl } = getConfig();

	return (
		<div className="solar-capture-screen solar-capture-settings">
			<h1 className="wp-heading-inline">
				{ __( 'Settings', 'solar-capture' ) }
			</h1>
			<hr className="wp-header-end" />

			<div
				ref={ noticeRef }
				tabIndex={ -1 }
				className="solar-capture-settings__notices"
				aria-live="polite"
			>
				{ status && (
					<Notice
						status={ status.kind }
						onRemove={ () => setStatus( null ) }
					>
						{ status.message }
					</Notice>
				) }
			</div>

			{ loadError && (
				<LoadError message={ loadError } onRetry={ retry } />
			) }

			{ ! values && ! loadError && (
				<Loading>
					{ __( 'Loading settings…', 'solar-capture' ) }
				</Loading>
			) }

			{ values && (
				<form
					className="solar-capture-settings__form"
					onSubmit={ save }
					noValidate
				>
					<Section
						id="solar-capture-settings-cta"
						title={ __( 'Booking step', 'solar-capture' ) }
					>
						<p className="solar-capture-settings__intro">
							{ __(
								'After a visitor asks for a quote, invite them to book a survey call straight away: in your booking tool’s calendar on your own page (Cal.com and Calendly; visitors whose browser cannot show it get the button), or with a button to the booking page set for your booking tool on the Integrations page. The “Solar booking calendar” block shows the calendar on any page.',
								'solar-capture'
							) }{ ' ' }
							<a href={ integrationsUrl }>
								{ __(
									'Set the booking page',
									'solar-capture'
								) }
							</a>
						</p>
						<RadioControl
							label={ __(
								'Show the booking step',
								'solar-capture'
							) }
							selected={ values.cta_show }
							options={ [
								{
									value: 'embed',
									label: __(
										'Embedded booking calendar, right after the quote form is sent',
										'solar-capture'
									),
								},
								{
									value: 'after_submit',
									label: __(
										'A button to the booking page, right after the quote form is sent',
										'solar-capture'
									),
								},
								{
									value: 'email',
									label: __(
										'Only in the confirmation e-mail sent to the visitor',
										'solar-capture'
									),
								},
								{
									value: 'never',
									label: __( 'Never', 'solar-capture' ),
								},
							] }
							onChange={ ( value: string ) =>
								set( 'cta_show', value as CtaShow )
							}
						/>
						<TextControl
							label={ __( 'Button text', 'solar-capture' ) }
							help={ sprintf(
								/* translators: %s: the default button text. */
								__(
									'Leave empty to use “%s”. With the embedded calendar, the button is what visitors get when the calendar cannot load.',
									'solar-capture'
								),
								ctaDefault
							) }
							placeholder={ ctaDefault }
							value={ values.cta_text }
							maxLength={ CTA_TEXT_MAX }
							onChange={ ( value ) => set( 'cta_text', value ) }
							disabled={ values.cta_show === 'never' }
							__next40pxDefaultSize
							__nextHasNoMarginBottom
						/>
					</Section>

					<Section
						id="solar-capture-settings-consent"
						title={ __( 'Quote form', 'solar-capture' ) }
					>
						<TextareaControl
							label={ __(
								'Consent checkbox text',
								'solar-capture'
							) }
							help={ __(
								'Visitors must tick this before sending the form; the text they agreed to is kept on the lead’s timeline. Leave empty to use the default shown.',
								'solar-capture'
							) }
							placeholder={ data?.consent_text_default || '' }
							value={ values.consent_text }
							maxLength={ CONSENT_TEXT_MAX }
							onChange={ ( value ) =>
								set( 'consent_text', value )
							}
							__nextHasNoMarginBottom
						/>
					</Section>

					<Section
						id="solar-capture-settings-notify"
						title={ __( 'Notifications', 'solar-capture' ) }
					>
						<TextControl
							type="email"
							label={ __(
								'E-mail new leads and bookings to',
								'solar-capture'
							) }
							help={
								emailError ||
								( data?.notification_email_default
									? sprintf(
											/* translators: %s: e-mail address. */
											__(
												'Leave empty to use the site’s administration address (%s).',
												'solar-capture'
											),
											data.notification_email_default
										)
									: __(
											'Leave empty to use the site’s administration address.',
											'solar-capture'
										) )
							}
							placeholder={
								data?.notification_email_default || ''
							}
							value={ values.notification_email }
							onChange={ ( value ) => {
								set( 'notification_email', value );
								setEmailError( null );
							} }
							aria-invalid={ emailError ? true : undefined }
							className={ emailError ? 'has-error' : undefined }
							autoComplete="email"
							__next40pxDefaultSize
							__nextHasNoMarginBottom
						/>
						{ values.notify_on_booking !== null && (
							<CheckboxControl
								label={ __(
									'Also e-mail when a booking is made, moved or cancelled',
									'solar-capture'
								) }
								checked={ values.notify_on_booking }
								onChange={ ( value: boolean ) =>
									set( 'notify_on_booking', value )
								}
								__nextHasNoMarginBottom
							/>
						) }
					</Section>

					<Section
						id="solar-capture-settings-uninstall"
						title={ __(
							'When the plugin is deleted',
							'solar-capture'
						) }
					>
						<p className="solar-capture-settings__intro">
							{ __(
								'This only matters when you delete Solar Capture under Plugins → Installed Plugins. Deactivating it never deletes anything.',
								'solar-capture'
							) }
						</p>
						<RadioControl
							label={ __( 'Your data', 'solar-capture' ) }
							selected={
								values.delete_data_on_uninstall
									? 'delete'
									: 'keep'
							}
							options={ [
								{
									value: 'keep',
									label: __(
										'Keep all leads, bookings and settings in the database (recommended), so reinstalling brings everything back',
										'solar-capture'
									),
								},
								{
									value: 'delete',
									label: __(
										'Delete everything: all leads, bookings, notes, timelines, the deliveries log, secrets and settings, for good',
										'solar-capture'
									),
								},
							] }
							onChange={ ( value: string ) =>
								set(
									'delete_data_on_uninstall',
									value === 'delete'
								)
							}
						/>
						{ values.delete_data_on_uninstall && (
							<Notice status="warning" isDismissible={ false }>
								{ __(
									'Deleting the plugin will erase your leads and cannot be undone. Export them as CSV from the Leads page first if you may need them.',
									'solar-capture'
								) }
							</Notice>
						) }
					</Section>

					<div className="solar-capture-settings__actions">
						<Button
							type="submit"
							variant="primary"
							isBusy={ saving }
							disabled={ saving }
							accessibleWhenDisabled
							__next40pxDefaultSize
						>
							{ saving
								? __( 'Saving…', 'solar-capture' )
								: __( 'Save settings', 'solar-capture' ) }
						</Button>
						{ dirty && ! saving && (
							<span className="solar-capture-muted">
								{ __(
									'You have unsaved changes.',
									'solar-capture'
								) }
							</span>
						) }
					</div>
				</form>
			) }
		</div>
	);
}
