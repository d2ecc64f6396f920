/**
 * The health line of the webhook processor (the sidecar).
 */
import { Notice } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { SidecarHealth } from './types';

export default function SidecarStatus( {
	sidecar,
}: {
	sidecar: SidecarHealth | null;
} ) {
	if ( ! sidecar ) {
		return null;
	}

	if ( ! sidecar.reachable ) {
		return (
			<Notice
				status="warning"
				isDismissible={ false }
				className="solar-capture-sidecar solar-capture-sidecar--down"
			>
				<p>
					<strong>
						{ __(
							'The webhook processor is not reachable.',
							'solar-capture'
						) }
					</strong>{ ' ' }
					{ __(
						'Bookings sent by your booking tools are still received and kept safely; they are queued and applied to your leads automatically when the processor is back.',
						'solar-capture'
					) }
				</p>
				{ sidecar.queued !== null && sidecar.queued > 0 && (
					<p>
						{ sprintf(
							/* translators: %d: number of waiting deliveries. */
							_n(
								'%d delivery is waiting.',
								'%d deliveries are waiting.',
								sidecar.queued,
								'solar-capture'
							),
							sidecar.queued
						) }
					</p>
				) }
				{ sidecar.message && (
					<p className="solar-capture-sidecar__message">
						{ sprintf(
							/* translators: %s: technical reason, e.g. "connection refused". */
							__( 'Reason: %s', 'solar-capture' ),
							sidecar.message
						) }
					</p>
				) }
			</Notice>
		);
	}

	const parts: string[] = [
		sidecar.version
			? sprintf(
					/* translators: %s: version number. */
					__(
						'Webhook processor: running (version %s).',
						'solar-capture'
					),
					sidecar.version
				)
			: __( 'Webhook processor: running.', 'solar-capture' ),
	];
	if ( sidecar.queued !== null ) {
		parts.push(
			sidecar.queued === 0
				? __( 'No deliveries waiting.', 'solar-capture' )
				: sprintf(
						/* translators: %d: number of queued deliveries. */
						_n(
							'%d delivery queued.',
							'%d deliveries queued.',
							sidecar.queued,
							'solar-capture'
						),
						sidecar.queued
					)
		);
	}

	return (
		<div className="solar-capture-sidecar solar-capture-sidecar--up">
			<p>
				<span className="solar-capture-dot" aria-hidden="true" />
				{ parts.join( ' ' ) }
			</p>
			{ sidecar.failed !== null && sidecar.failed > 0 && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of failed deliveries. */
						_n(
							'%d delivery could not be applied and is kept for another try.',
							'%d deliveries could not be applied and are kept for another try.',
							sidecar.failed,
							'solar-capture'
						),
						sidecar.failed
					) }
				</Notice>
			) }
		</div>
	);
}
