/**
 * Recent deliveries: the last 20 webhook calls with time, tool, event,
 * outcome and reason, a link to the lead they touched, and Replay for the
 * failed ones (POST /deliveries/<id>/replay).
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { leadUrl } from '../common/config';
import {
	formatDateTime,
	isoString,
	relativeTime,
	siteZoneLabel,
} from '../common/dates';
import { describeError, toRestError } from '../common/errors';
import { deliveryStatusLabel, providerLabel } from '../common/labels';
import { useRestResource } from '../common/useRestResource';
import { LoadError, Loading } from '../common/LoadStates';
import { fetchDeliveries, replayDelivery } from './api';
import { outcomeSucceeded } from './normalise';
import type { Delivery } from './types';

const PER_PAGE = 20;

function StatusBadge( { status }: { status: string } ) {
	return (
		<span
			className={ `solar-capture-delivery-status solar-capture-delivery-status--${ status.replace( /[^a-z0-9_-]/gi, '' ) }` }
		>
			{ deliveryStatusLabel( status ) }
		</span>
	);
}

function reason( delivery: Delivery ): string {
	if ( delivery.error ) {
		return delivery.error;
	}
	if ( delivery.unsigned ) {
		return __(
			'Unsigned: accepted without any signature check, because "Accept unsigned deliveries" was on.',
			'solar-capture'
		);
	}
	if ( delivery.status === 'queued' ) {
		return __( 'Waiting for the webhook processor.', 'solar-capture' );
	}
	return '';
}

interface Props {
	/** Changes when the list must be loaded again (after a test delivery). */
	refreshToken: number;
	announce: ( message: string ) => void;
	onReplayed: () => void;
}

export default function Deliveries( {
	refreshToken,
	announce,
	onReplayed,
}: Props ) {
	const {
		data: items,
		error: loadError,
		isLoading: loading,
		retry: reload,
	} = useRestResource(
		( signal ) => fetchDeliveries( PER_PAGE, signal ),
		[ refreshToken ]
	);
	const error = loadError
		? describeError(
				loadError,
				__(
					'The recent deliveries could not be loaded.',
					'solar-capture'
				)
			)
		: null;
	const [ replaying, setReplaying ] = useState< number | null >( null );
	const [ replayResult, setReplayResult ] = useState< {
		ok: boolean;
		message: string;
	} | null >( null );

	const replay = async ( delivery: Delivery ) => {
		setReplaying( delivery.id );
		setReplayResult( null );
		try {
			const outcome = await replayDelivery( delivery.id );
			const ok =
				outcomeSucceeded( outcome ) && outcome.status !== 'failed';
			const message = sprintf(
				/* translators: 1: delivery number, 2: outcome such as "Applied", 3: explanation. */
				__( 'Delivery #%1$d replayed: %2$s. %3$s', 'solar-capture' ),
				delivery.id,
				deliveryStatusLabel( outcome.status ),
				outcome.message
			).trim();
			setReplayResult( { ok, message } );
			announce( message );
		} catch ( reasonValue ) {
			setReplayResult( {
				ok: false,
				message: describeError(
					await toRestError( reasonValue ),
					sprintf(
						/* translators: %d: delivery number. */
						__(
							'Delivery #%d could not be replayed.',
							'solar-capture'
						),
						delivery.id
					)
				),
			} );
		} finally {
			setReplaying( null );
			reload();
			onReplayed();
		}
	};

	return (
		<Card
			className="solar-capture-deliveries"
			role="region"
			aria-labelledby="solar-capture-deliveries-title"
		>
			<CardHeader>
				<h2
					id="solar-capture-deliveries-title"
					className="solar-capture-provider__title"
				>
					{ __( 'Recent deliveries', 'solar-capture' ) }
				</h2>
				<Button
					variant="tertiary"
					onClick={ reload }
					isBusy={ loading && items !== null }
					disabled={ loading }
					accessibleWhenDisabled
					size="compact"
				>
					{ __( 'Refresh', 'solar-capture' ) }
				</Button>
			</CardHeader>
			<CardBody>
				<p className="solar-capture-muted">
					{ sprintf(
						/* translators: 1: number of deliveries, 2: time zone such as Europe/London. */
						__(
							'The last %1$d webhook calls from your booking tools, newest first. Times in %2$s.',
							'solar-capture'
						),
						PER_PAGE,
						siteZoneLabel()
					) }
				</p>
				{ error && <LoadError message={ error } onRetry={ reload } /> }
				<div aria-live="polite">
					{ replayResult && (
						<Notice
							status={ replayResult.ok ? 'success' : 'error' }
							onRemove={ () => setReplayResult( null ) }
						>
							{ replayResult.message }
						</Notice>
					) }
				</div>
				{ items === null && loading && (
					<Loading>
						{ __( 'Loading deliveries…', 'solar-capture' ) }
					</Loading>
				) }
				{ items !== null && items.length === 0 && (
					<p>
						{ __(
							'No deliveries yet. Once a booking tool is connected, every webhook call shows here; “Send test delivery” on a tool’s card adds one now.',
							'solar-capture'
						) }
					</p>
				) }
				{ items !== null && items.length > 0 && (
					<div className="solar-capture-table-scroll">
						<table className="widefat striped solar-capture-deliveries__table">
							<thead>
								<tr>
									<th scope="col">
										{ __( 'Received', 'solar-capture' ) }
									</th>
									<th scope="col">
										{ __( 'Tool', 'solar-capture' ) }
									</th>
									<th scope="col">
										{ __( 'Event', 'solar-capture' ) }
									</th>
									<th scope="col">
										{ __( 'Status', 'solar-capture' ) }
									</th>
									<th scope="col">
										{ __( 'Reason', 'solar-capture' ) }
									</th>
									<th scope="col">
										{ __( 'Lead', 'solar-capture' ) }
									</th>
									<th scope="col">
										<span className="screen-reader-text">
											{ __( 'Actions', 'solar-capture' ) }
										</span>
									</th>
								</tr>
							</thead>
							<tbody>
								{ items.map( ( delivery ) => (
									<tr key={ delivery.id }>
										<td>
											{ delivery.received_at ? (
												<time
													dateTime={ isoString(
														delivery.received_at
													) }
													title={ relativeTime(
														delivery.received_at
													) }
												>
													{ formatDateTime(
														delivery.received_at
													) }
												</time>
											) : (
												'—'
											) }
										</td>
										<td>
											{ providerLabel(
												delivery.provider
											) }
										</td>
										<td>
											{ delivery.trigger ? (
												<code>
													{ delivery.trigger }
												</code>
											) : (
												<span className="solar-capture-muted">
													{ __(
														'unknown',
														'solar-capture'
													) }
												</span>
											) }
										</td>
										<td>
											<StatusBadge
												status={ delivery.status }
											/>
											{ delivery.http_status !== null && (
												<span className="solar-capture-muted solar-capture-delivery-http">
													{ sprintf(
														/* translators: %d: HTTP status code. */
														__(
															'HTTP %d',
															'solar-capture'
														),
														delivery.http_status
													) }
												</span>
											) }
										</td>
										<td className="solar-capture-deliveries__reason">
											{ reason( delivery ) || (
												<span className="solar-capture-muted">
													—
												</span>
											) }
											{ delivery.attempts > 1 && (
												<span className="solar-capture-muted">
													{ ' ' }
													{ sprintf(
														/* translators: %d: number of attempts. */
														__(
															'(%d attempts)',
															'solar-capture'
														),
														delivery.attempts
													) }
												</span>
											) }
										</td>
										<td>
											{ delivery.lead_id ? (
												<a
													href={ leadUrl(
														delivery.lead_id
													) }
												>
													{ sprintf(
														/* translators: %d: lead ID. */
														__(
															'Lead #%d',
															'solar-capture'
														),
														delivery.lead_id
													) }
												</a>
											) : (
												<span className="solar-capture-muted">
													—
												</span>
											) }
										</td>
										<td>
											{ delivery.can_replay && (
												<Button
													variant="secondary"
													size="compact"
													onClick={ () =>
														replay( delivery )
													}
													isBusy={
														replaying ===
														delivery.id
													}
													disabled={
														replaying !== null
													}
													accessibleWhenDisabled
													label={ sprintf(
														/* translators: %d: delivery number. */
														__(
															'Replay delivery #%d',
															'solar-capture'
														),
														delivery.id
													) }
													showTooltip={ false }
												>
													{ __(
														'Replay',
														'solar-capture'
													) }
												</Button>
											) }
										</td>
									</tr>
								) ) }
							</tbody>
						</table>
					</div>
				) }
			</CardBody>
		</Card>
	);
}
