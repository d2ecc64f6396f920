/**
 * The Integrations screen: health of the webhook pipeline, one card per
 * booking tool (GET /solar-capture/v1/integrations), and the recent
 * deliveries log.
 */
import { Notice } from '@wordpress/components';
import { useCallback, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { describeError } from '../common/errors';
import { Snackbars, useSnackbars } from '../common/snackbars';
import { useRestResource } from '../common/useRestResource';
import { LoadError, Loading } from '../common/LoadStates';
import { fetchIntegrations } from './api';
import Deliveries from './Deliveries';
import Health from './Health';
import ProviderCard from './ProviderCard';
import type { Provider } from './types';

export default function IntegrationsApp() {
	const recheck = useRef( false );
	const {
		data,
		setData,
		error: loadError,
		isLoading,
		retry,
	} = useRestResource( ( signal ) => {
		// "Check again" asks the server to skip its cached redirect check, once.
		const fresh = recheck.current;
		recheck.current = false;
		return fetchIntegrations( fresh, signal );
	}, [] );
	const [ deliveriesToken, setDeliveriesToken ] = useState( 0 );
	const { show } = useSnackbars();
	const error = loadError
		? describeError(
				loadError,
				__( 'The integrations could not be loaded.', 'solar-capture' )
			)
		: null;

	const recheckNow = useCallback( () => {
		recheck.current = true;
		retry();
	}, [ retry ] );

	const updateProvider = useCallback(
		( updated: Provider ) => {
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
		},
		[ setData ]
	);

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

			{ error && <LoadError message={ error } onRetry={ retry } /> }

			{ isLoading && ! data && (
				<Loading>
					{ __( 'Loading integrations…', 'solar-capture' ) }
				</Loading>
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
			<Snackbars />
		</div>
	);
}
