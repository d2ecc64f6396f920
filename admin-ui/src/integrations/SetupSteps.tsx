/**
 * Short, site-owner setup steps per booking tool.
 */
import { createInterpolateElement } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import type { Provider } from './types';

const strong = { strong: <strong /> };
const code = { code: <code /> };

function calcomSteps(): ReactNode[] {
	return [
		createInterpolateElement(
			__(
				'In Cal.com, open <strong>Settings → Developer → Webhooks</strong> and choose <strong>New</strong>.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Paste the webhook URL above into <strong>Subscriber URL</strong>, exactly as shown. Cal.com does not follow redirects, so a changed address (http instead of https, with or without www, an extra slash) loses bookings.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Paste your signing secret into <strong>Secret</strong>. If you have none yet, generate one below.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Under event triggers, tick <strong>Booking Created</strong>, <strong>Booking Rescheduled</strong>, <strong>Booking Cancelled</strong> and <strong>No-show</strong>.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__( 'Press <strong>Save</strong>.', 'solar-capture' ),
			strong
		),
	];
}

function calendlySteps(): ReactNode[] {
	return [
		__(
			'Calendly has no webhook screen: webhooks are created through its API with a personal access token (paid Calendly plans).',
			'solar-capture'
		),
		createInterpolateElement(
			__(
				'Create a subscription with <code>POST https://api.calendly.com/webhook_subscriptions</code>: the webhook URL above as <code>url</code>, the events <code>invitee.created</code> and <code>invitee.canceled</code>, your organization (and user), the scope, and your signing secret as <code>signing_key</code>.',
				'solar-capture'
			),
			code
		),
		__(
			'Use the webhook URL exactly as shown: a redirect loses deliveries.',
			'solar-capture'
		),
	];
}

function orufySteps(): ReactNode[] {
	return [
		__( 'In Orufy Bookings, add a new webhook.', 'solar-capture' ),
		__(
			'Paste the webhook URL above, exactly as shown (redirects lose deliveries).',
			'solar-capture'
		),
		createInterpolateElement(
			__(
				'Paste your signing secret into <strong>Secret Token</strong>.',
				'solar-capture'
			),
			strong
		),
		__(
			'Choose the booking, cancellation and reschedule events, then save.',
			'solar-capture'
		),
	];
}

function genericSteps(): ReactNode[] {
	return [
		__(
			'In your booking tool or automation (Zapier, Make, n8n, …), send a POST request with a JSON body to the webhook URL above.',
			'solar-capture'
		),
		createInterpolateElement(
			__(
				'Authenticate with the header <code>Authorization: Bearer</code> followed by your signing secret.',
				'solar-capture'
			),
			code
		),
		createInterpolateElement(
			__(
				'Send at least <code>customer_email</code>; also useful: <code>customer_name</code>, <code>customer_phone</code>, <code>start_time</code> (ISO 8601), <code>duration_minutes</code>, <code>external_id</code>, <code>previous_external_id</code> and <code>status</code> (booked, rescheduled or cancelled).',
				'solar-capture'
			),
			code
		),
	];
}

function otherSteps( label: string ): ReactNode[] {
	return [
		sprintf(
			/* translators: %s: booking tool name. */
			__(
				'In %s, add a webhook that sends booking events to the webhook URL above, exactly as shown.',
				'solar-capture'
			),
			label
		),
		__( 'Use your signing secret as the webhook secret.', 'solar-capture' ),
	];
}

export function stepsFor( provider: Provider ): ReactNode[] {
	switch ( provider.id ) {
		case 'calcom':
			return calcomSteps();
		case 'calendly':
			return calendlySteps();
		case 'orufy':
			return orufySteps();
		case 'generic':
			return genericSteps();
		default:
			return otherSteps( provider.label );
	}
}

export default function SetupSteps( { provider }: { provider: Provider } ) {
	const steps = stepsFor( provider );
	return (
		<div className="solar-capture-setup">
			<h3>
				{ sprintf(
					/* translators: %s: booking tool name, e.g. "Cal.com". */
					__( 'Connect %s', 'solar-capture' ),
					provider.label
				) }
			</h3>
			<ol>
				{ steps.map( ( step, index ) => (
					<li key={ index }>{ step }</li>
				) ) }
			</ol>
		</div>
	);
}
