/**
 * Health: is the webhook processor (the sidecar) reachable, its version,
 * deliveries waiting; does the webhook URL answer directly (Cal.com does not
 * follow redirects); is any tool accepting unsigned deliveries.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { ReactNode } from 'react';

import { formatDateTime } from '../common/dates';
import type { Provider, SidecarHealth, WebhookCheck } from './types';

function Line( { ok, children }: { ok: boolean | null; children: ReactNode } ) {
	let state = 'unknown';
	if ( ok === true ) {
		state = 'ok';
	} else if ( ok === false ) {
		state = 'bad';
	}
	return (
		<li
			className={ `solar-capture-health__line solar-capture-health__line--${ state }` }
		>
			<span className="solar-capture-dot" aria-hidden="true" />
			<span>{ children }</span>
		</li>
	);
}

function SidecarLine( { sidecar }: { sidecar: SidecarHealth | null } ) {
	if ( ! sidecar ) {
		return (
			<Line ok={ null }>
				{ __( 'Webhook processor: status unknown.', 'solar-capture' ) }
			</Line>
		);
	}
	if ( ! sidecar.reachable ) {
		return (
			<Line ok={ false }>
				<strong>
					{ __(
						'Webhook processor: not reachable.',
						'solar-capture'
					) }
				</strong>{ ' ' }
				{ __(
					'Deliveries are still received and kept safely, and are applied to your leads as soon as it runs again. Ask your host or developer to start the Solar Capture sidecar.',
					'solar-capture'
				) }
				{ sidecar.message && (
					<span className="solar-capture-muted">
						{ ' ' }
						{ sidecar.message }
					</span>
				) }
			</Line>
		);
	}
	return (
		<Line ok>
			{ sidecar.version
				? sprintf(
						/* translators: %s: version number. */
						__(
							'Webhook processor: running (version %s).',
							'solar-capture'
						),
						sidecar.version
					)
				: __( 'Webhook processor: running.', 'solar-capture' ) }
		</Line>
	);
}

function QueueLine( { sidecar }: { sidecar: SidecarHealth | null } ) {
	if ( ! sidecar || sidecar.queued === null ) {
		return null;
	}
	return (
		<Line ok={ sidecar.queued === 0 || sidecar.reachable }>
			{ sidecar.queued === 0
				? __( 'No deliveries waiting.', 'solar-capture' )
				: sprintf(
						/* translators: %d: number of queued deliveries. */
						_n(
							'%d delivery waiting to be processed.',
							'%d deliveries waiting to be processed.',
							sidecar.queued,
							'solar-capture'
						),
						sidecar.queued
					) }
			{ sidecar.failed !== null && sidecar.failed > 0 && (
				<>
					{ ' ' }
					{ sprintf(
						/* translators: %d: number of failed deliveries. */
						_n(
							'%d failed delivery is kept for replay (see Recent deliveries).',
							'%d failed deliveries are kept for replay (see Recent deliveries).',
							sidecar.failed,
							'solar-capture'
						),
						sidecar.failed
					) }
				</>
			) }
		</Line>
	);
}

function WebhookLine( { check }: { check: WebhookCheck | null } ) {
	if ( ! check ) {
		return null;
	}
	if ( check.redirects ) {
		return null; // Shown as a warning notice instead.
	}
	const when = check.checked_at ? formatDateTime( check.checked_at ) : '';
	let ok: boolean | null = null;
	if ( check.status !== null ) {
		ok = check.status < 400;
	}
	return (
		<Line ok={ ok }>
			{ check.message ||
				( ok
					? __(
							'The webhook URL answers directly, without a redirect.',
							'solar-capture'
						)
					: __(
							'The webhook URL could not be checked.',
							'solar-capture'
						) ) }
			{ when && (
				<span className="solar-capture-muted">
					{ ' ' }
					{ sprintf(
						/* translators: %s: date and time. */
						__( '(checked %s)', 'solar-capture' ),
						when
					) }
				</span>
			) }
		</Line>
	);
}

interface Props {
	sidecar: SidecarHealth | null;
	check: WebhookCheck | null;
	providers: Provider[];
	onRecheck: () => void;
	rechecking: boolean;
}

export default function Health( {
	sidecar,
	check,
	providers,
	onRecheck,
	rechecking,
}: Props ) {
	const unsigned = providers.filter(
		( provider ) =>
			provider.enabled &&
			provider.accept_unsigned &&
			! provider.has_secret
	);
	return (
		<Card
			className="solar-capture-health"
			role="region"
			aria-labelledby="solar-capture-health-title"
		>
			<CardHeader>
				<h2
					id="solar-capture-health-title"
					className="solar-capture-provider__title"
				>
					{ __( 'Health', 'solar-capture' ) }
				</h2>
				<Button
					variant="tertiary"
					size="compact"
					onClick={ onRecheck }
					isBusy={ rechecking }
					disabled={ rechecking }
					accessibleWhenDisabled
				>
					{ __( 'Check again', 'solar-capture' ) }
				</Button>
			</CardHeader>
			<CardBody>
				{ check?.redirects && (
					<Notice
						status="warning"
						isDismissible={ false }
						className="solar-capture-redirect-warning"
					>
						<p>
							<strong>
								{ __(
									'Your webhook URL redirects. Cal.com does not follow redirects, so its bookings would be lost.',
									'solar-capture'
								) }
							</strong>
						</p>
						<p>
							{ sprintf(
								/* translators: 1: HTTP status, 2: the webhook URL. */
								__(
									'The site answers HTTP %1$s for %2$s and sends it on to:',
									'solar-capture'
								),
								check.status !== null
									? String( check.status )
									: '3xx',
								check.url
							) }{ ' ' }
							<code className="solar-capture-break">
								{ check.location ||
									__(
										'(no Location given)',
										'solar-capture'
									) }
							</code>
						</p>
						<p>
							{ __(
								'Check the WordPress Address and Site Address under Settings → General (http or https, with or without www) and any redirect rules of your host or security plugin, then click “Check again”.',
								'solar-capture'
							) }
						</p>
					</Notice>
				) }
				{ unsigned.length > 0 && (
					<Notice status="warning" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: list of booking tool names. */
							__(
								'Unsigned deliveries are accepted for: %s. Anyone who knows the webhook URL can add bookings. Set a secret and turn “Accept unsigned deliveries” off when testing is done.',
								'solar-capture'
							),
							unsigned.map( ( p ) => p.label ).join( ', ' )
						) }
					</Notice>
				) }
				<ul className="solar-capture-health__lines">
					<SidecarLine sidecar={ sidecar } />
					<QueueLine sidecar={ sidecar } />
					<WebhookLine check={ check } />
				</ul>
			</CardBody>
		</Card>
	);
}
