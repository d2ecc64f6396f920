/**
 * The Integrations screen: one card per booking tool returned by
 * GET /solar-capture/v1/integrations, and the webhook processor's health.
 */
import apiFetch from '@wordpress/api-fetch';
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { restPath } from '../common/config';
import { describeError, isAbortError, toRestError } from '../common/errors';
import { normaliseIntegrations } from './normalise';
import ProviderCard from './ProviderCard';
import SidecarStatus from './SidecarStatus';
import type { IntegrationsData, Provider } from './types';

export default function IntegrationsApp() {
	const [ data, setData ] = useState< IntegrationsData | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		let active = true;
		setIsLoading( true );
		setError( null );

		apiFetch( {
			path: restPath( 'integrations' ),
			signal: controller?.signal,
		} )
			.then( ( body ) => {
				if ( active ) {
					setData( normaliseIntegrations( body ) );
					setIsLoading( false );
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
								'The integrations could not be loaded.',
								'solar-capture'
							)
						)
					);
					setIsLoading( false );
				}
			} );

		return () => {
			active = false;
			controller?.abort();
		};
	}, [ attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	const updateProvider = useCallback( ( updated: Provider ) => {
		setData( ( current ) =>
			current
				? {
						...current,
						providers: current.providers.map( ( provider ) =>
							provider.id === updated.id ? updated : provider
						),
					}
				: current
		);
	}, [] );

	return (
		<div className="solar-capture-screen solar-capture-integrations">
			<h1 className="wp-heading-inline">
				{ __( 'Integrations', 'solar-capture' ) }
			</h1>
			<hr className="wp-header-end" />
			<p className="solar-capture-intro">
				{ __(
					'Connect your booking tool so that booked, rescheduled and cancelled survey calls update your leads by themselves.',
					'solar-capture'
				) }
			</p>

			{ error && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'solar-capture' ),
							onClick: retry,
							variant: 'secondary',
						},
					] }
				>
					{ error }
				</Notice>
			) }

			{ isLoading && ! data && (
				<p className="solar-capture-loading">
					<Spinner />
					{ __( 'Loading integrations…', 'solar-capture' ) }
				</p>
			) }

			{ data && (
				<>
					<SidecarStatus sidecar={ data.sidecar } />
					{ data.providers.length === 0 ? (
						<Notice status="info" isDismissible={ false }>
							{ __(
								'No booking tools are available. Check that the Solar Capture plugin is fully activated, then reload this page.',
								'solar-capture'
							) }
						</Notice>
					) : (
						<div className="solar-capture-providers">
							{ data.providers.map( ( provider ) => (
								<ProviderCard
									key={ provider.id }
									provider={ provider }
									onUpdated={ updateProvider }
								/>
							) ) }
						</div>
					) }
				</>
			) }
		</div>
	);
}
