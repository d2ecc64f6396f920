/**
 * Setup steps per booking tool, written for a site owner (where to click,
 * what to paste, which events to tick).
 */
import { createInterpolateElement } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import type { Provider } from './types';

const strong = { strong: <strong /> };
const code = { code: <code /> };
const both = { strong: <strong />, code: <code /> };

function calcomSteps(): ReactNode[] {
	return [
		createInterpolateElement(
			__(
				'In Cal.com, open <strong>Settings → Developer → Webhooks</strong> and click <strong>New</strong>.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Paste the webhook URL above into <strong>Subscriber URL</strong>, exactly as shown. Cal.com does not follow redirects: http instead of https, a missing or extra www, or an extra slash loses bookings.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Paste your signing secret into <strong>Secret</strong> (generate one under “Signing secret” first).',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Under <strong>Event triggers</strong>, tick <strong>Booking Created</strong>, <strong>Booking Rescheduled</strong>, <strong>Booking Cancelled</strong>, <strong>Booking Requested</strong>, <strong>Booking Rejected</strong> and <strong>Booking No-Show Updated</strong>. Leave <strong>Payload template</strong> empty.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Click <strong>Ping test</strong>: Cal.com should show a success answer. Then <strong>Save</strong>.',
				'solar-capture'
			),
			strong
		),
	];
}

function calendlySteps(): ReactNode[] {
	return [
		__(
			'Calendly has no screen for webhooks: this site creates the webhook for you through Calendly’s API. Calendly webhooks need a paid Calendly plan (Standard or higher).',
			'solar-capture'
		),
		createInterpolateElement(
			__(
				'In Calendly, open <strong>Integrations & apps → API and webhooks</strong> and generate a <strong>personal access token</strong>. Copy it.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Paste it below and click <strong>Register webhook with Calendly</strong>. The token is used once and never stored; a new signing key is made and saved here, so you do not need to generate a secret.',
				'solar-capture'
			),
			strong
		),
		__(
			'Book a test meeting on your Calendly page: it appears under Recent deliveries within seconds.',
			'solar-capture'
		),
	];
}

function orufySteps(): ReactNode[] {
	return [
		createInterpolateElement(
			__(
				'In Orufy Bookings, open the <strong>Webhooks</strong> section of your settings and add a new webhook.',
				'solar-capture'
			),
			strong
		),
		__(
			'Paste the webhook URL above as the webhook’s URL, exactly as shown (redirects lose deliveries).',
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
			'Choose the events for new, cancelled and rescheduled bookings, then save.',
			'solar-capture'
		),
	];
}

const GENERIC_EXAMPLE = `{
  "customer_email": "jamie@example.com",
  "customer_name": "Jamie Rivera",
  "customer_phone": "+44 7700 900123",
  "start_time": "2026-12-01T10:00:00+00:00",
  "duration_minutes": 30,
  "appointment_type": "Solar survey",
  "notes": "South-facing roof",
  "external_id": "acuity-123456",
  "previous_external_id": "",
  "status": "booked",
  "source": "acuity"
}`;

function genericSteps(): ReactNode[] {
	return [
		createInterpolateElement(
			__(
				'For Acuity, Square Appointments, your own booking page, or any tool connected through <strong>Zapier</strong>, <strong>Make</strong> or <strong>n8n</strong>: send a <code>POST</code> request with a JSON body to the webhook URL above.',
				'solar-capture'
			),
			both
		),
		createInterpolateElement(
			__(
				'Zapier: action <strong>Webhooks by Zapier → POST</strong>, payload type JSON. Make: <strong>HTTP → Make a request</strong>, body type Raw, content type JSON. n8n: an <strong>HTTP Request</strong> node, method POST, body JSON.',
				'solar-capture'
			),
			strong
		),
		createInterpolateElement(
			__(
				'Add the header <code>Authorization: Bearer</code> followed by your signing secret. Only if the tool cannot set headers, add <code>&token=</code> and the secret to the end of the URL instead: web servers write URLs, and so the secret, to their access logs.',
				'solar-capture'
			),
			code
		),
		createInterpolateElement(
			__(
				'Only <code>customer_email</code> is required. Also understood: <code>customer_name</code>, <code>customer_phone</code>, <code>start_time</code> (ISO 8601 with its offset), <code>duration_minutes</code>, <code>appointment_type</code>, <code>notes</code>, <code>external_id</code> (so a retry is not counted twice), <code>previous_external_id</code> (for a reschedule), <code>status</code> (<code>booked</code>, <code>rescheduled</code> or <code>cancelled</code>) and <code>source</code> (a label such as <code>acuity</code>).',
				'solar-capture'
			),
			code
		),
		__(
			'Acuity’s own webhooks do not include the e-mail address: connect Acuity through Zapier or Make (trigger “New appointment”) and map its fields to the ones above.',
			'solar-capture'
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

export default function SetupSteps( {
	provider,
	children,
}: {
	provider: Provider;
	children?: ReactNode;
} ) {
	const steps = stepsFor( provider );
	return (
		<div className="solar-capture-setup">
			<ol>
				{ steps.map( ( step, index ) => (
					<li key={ index }>{ step }</li>
				) ) }
			</ol>
			{ provider.id === 'generic' && (
				<details className="solar-capture-setup__example">
					<summary>
						{ __( 'Example JSON body', 'solar-capture' ) }
					</summary>
					<pre>
						<code>{ GENERIC_EXAMPLE }</code>
					</pre>
				</details>
			) }
			{ children }
		</div>
	);
}
