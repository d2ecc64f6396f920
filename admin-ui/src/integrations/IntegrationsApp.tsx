/**
 * The Integrations screen: health of the webhook pipeline, one card per
 * booking tool (GET /solar-capture/v1/integrations), and the recent
 * deliveries log.
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { describeError, isAbortError, toRestError } from '../common/errors';
import { Snackbars, useSnackbars } from '../common/snackbars';
import { fetchIntegrations } from './api';
import Deliveries from './Deliveries';
import Health from './Health';
import ProviderCard from './ProviderCard';
import type { IntegrationsData, Provider } from './types';

export default function IntegrationsApp() {
	const [ data, setData ] = useState< IntegrationsData | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const [ attempt, setAttempt ] = useState( 0 );
	const [ recheck, setRecheck ] = useState( false );
	const [ deliveriesToken, setDeliveriesToken ] = useState( 0 );
	const { notices, show, remove } = useSnackbars();

	useEffect( () => {
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		let active = true;
		setIsLoading( true );
		fetchIntegrations( recheck, controller?.signal )
			.then( ( body ) => {
				if ( active ) {
					setData( body );
					setError( null );
					setIsLoading( false );
					setRecheck( false );
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
					setRecheck( false );
				}
			} );
		return () => {
			active = false;
			controller?.abort();
		};
		// `recheck` only matters for the request it starts.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );
	const recheckNow = useCallback( () => {
		setRecheck( true );
		setAttempt( ( n ) => n + 1 );
	}, [] );

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

	const deliveriesChanged = useCallback(
		() => setDeliveriesToken( ( n ) => n + 1 ),
		[]
	);
	const announce = useCallback(
		( message: string ) => show( message ),
		[ show ]
	);

	return (
		<div className="solar-capture-screen solar-capture-integrations">
			<h1 className="wp-heading-inline">
				{ __( 'Integrations', 'solar-capture' ) }
			</h1>
			<hr className="wp-header-end" />
			<p className="solar-capture-intro">
				{ __(
					'Connect your booking tool so that booked, rescheduled and cancelled survey calls update your leads by themselves. Each tool below has its own webhook address, secret and setup steps.',
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
				<div className="solar-capture-integrations__layout">
					<Health
						sidecar={ data.sidecar }
						check={ data.webhook_check }
						providers={ data.providers }
						onRecheck={ recheckNow }
						rechecking={ isLoading }
					/>
					{ data.providers.length === 0 ? (
						<Notice status="info" isDismissible={ false }>
							{ __(
								'No booking tools are available. Check that the Solar Capture plugin is fully activated, then reload this page.',
								'solar-capture'
							) }
						</Notice>
					) : (
						data.providers.map( ( provider ) => (
							<ProviderCard
								key={ provider.id }
								provider={ provider }
								onUpdated={ updateProvider }
								onDelivered={ deliveriesChanged }
								announce={ announce }
							/>
						) )
					) }
				</div>
			) }

			<div className="solar-capture-integrations__layout">
				<Deliveries
					refreshToken={ deliveriesToken }
					announce={ announce }
					onReplayed={ retry }
				/>
			</div>
			<Snackbars notices={ notices } onRemove={ remove } />
		</div>
	);
}
