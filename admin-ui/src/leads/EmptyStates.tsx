/**
 * What the Leads table shows instead of rows: nothing yet (and how leads
 * arrive), or nothing matching the search and filters (and a way back).
 */
import { Button } from '@wordpress/components';
import { createInterpolateElement } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { getConfig } from '../common/config';

export function NoLeadsYet() {
	const { integrationsUrl } = getConfig();
	return (
		<div className="solar-capture-empty">
			<h2>{ __( 'No leads yet', 'solar-capture' ) }</h2>
			<p>
				{ __(
					'Leads arrive here by themselves, in two ways:',
					'solar-capture'
				) }
			</p>
			<ul className="solar-capture-empty__list">
				<li>
					{ createInterpolateElement(
						__(
							'A visitor sends the quote form on your site (add it to a page with the <strong>Solar quote form</strong> block or the <code>[solar_capture_form]</code> shortcode).',
							'solar-capture'
						),
						{ strong: <strong />, code: <code /> }
					) }
				</li>
				<li>
					{ __(
						'Someone books a survey call through Cal.com, Calendly, Orufy or another booking tool connected to this site: the booking creates or updates the lead, and reschedules and cancellations move it along the pipeline.',
						'solar-capture'
					) }
				</li>
			</ul>
			<p>
				<Button
					variant="primary"
					href={ integrationsUrl }
					__next40pxDefaultSize
				>
					{ __( 'Connect a booking tool', 'solar-capture' ) }
				</Button>
			</p>
		</div>
	);
}

export function NoMatches( { onReset }: { onReset: () => void } ) {
	return (
		<div className="solar-capture-empty">
			<p>
				{ __(
					'No leads match your search or filters.',
					'solar-capture'
				) }
			</p>
			<Button
				variant="secondary"
				onClick={ onReset }
				__next40pxDefaultSize
			>
				{ __( 'Clear search and filters', 'solar-capture' ) }
			</Button>
		</div>
	);
}
