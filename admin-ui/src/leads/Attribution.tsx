/**
 * Where the lead came from: the first touch (the visit that brought them,
 * kept once) and the latest touch (the most recent quote request or
 * booking with campaign data): UTM source, medium, campaign, term and
 * content, the landing page, the referrer and when. All of it is text.
 */
import { __ } from '@wordpress/i18n';

import { formatDateTime, isoString } from '../common/dates';
import { hasTouch } from './bookingFacts';
import type { LeadAttribution, Touch } from './types';

function TouchList( {
	title,
	touch,
	id,
}: {
	title: string;
	touch: Touch;
	id: string;
} ) {
	const rows: [ string, string ][] = [
		[ __( 'Source', 'solar-capture' ), touch.source ],
		[ __( 'Medium', 'solar-capture' ), touch.medium ],
		[ __( 'Campaign', 'solar-capture' ), touch.campaign ],
		[ __( 'Term', 'solar-capture' ), touch.term ],
		[ __( 'Content', 'solar-capture' ), touch.content ],
		[ __( 'Landing page', 'solar-capture' ), touch.landing_page ],
		[ __( 'Referrer', 'solar-capture' ), touch.referrer ],
	];
	return (
		<div className="solar-capture-touch">
			<h3 className="solar-capture-touch__title" id={ id }>
				{ title }
			</h3>
			{ hasTouch( touch ) ? (
				<dl
					className="solar-capture-touch__list"
					aria-labelledby={ id }
				>
					{ rows
						.filter( ( [ , value ] ) => value.trim() !== '' )
						.map( ( [ label, value ] ) => (
							<div
								key={ label }
								className="solar-capture-touch__row"
							>
								<dt>{ label }</dt>
								<dd>{ value }</dd>
							</div>
						) ) }
					{ touch.at && (
						<div className="solar-capture-touch__row">
							<dt>{ __( 'Time', 'solar-capture' ) }</dt>
							<dd>
								<time dateTime={ isoString( touch.at ) }>
									{ formatDateTime( touch.at ) }
								</time>
							</dd>
						</div>
					) }
				</dl>
			) : (
				<p className="solar-capture-muted">
					{ __( 'Nothing known.', 'solar-capture' ) }
				</p>
			) }
		</div>
	);
}

export default function Attribution( {
	attribution,
}: {
	attribution: LeadAttribution;
} ) {
	if ( ! hasTouch( attribution.first ) && ! hasTouch( attribution.last ) ) {
		return (
			<p className="solar-capture-muted">
				{ __(
					'No campaign or referrer is known for this lead. When a visitor arrives through a link with utm_ parameters (or from another site) and then asks for a quote or books a call, it shows here.',
					'solar-capture'
				) }
			</p>
		);
	}
	return (
		<>
			<TouchList
				id="solar-capture-touch-first"
				title={ __( 'First touch', 'solar-capture' ) }
				touch={ attribution.first }
			/>
			<TouchList
				id="solar-capture-touch-last"
				title={ __( 'Latest touch', 'solar-capture' ) }
				touch={ attribution.last }
			/>
		</>
	);
}
