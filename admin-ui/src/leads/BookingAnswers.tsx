/**
 * A booking form's (or routing form's) questions and what the person
 * answered, as a description list. Answers are text: React escapes them, so
 * an answer that looks like markup is shown as the characters it is.
 */
import { __ } from '@wordpress/i18n';

import type { BookingAnswer } from './types';

export default function BookingAnswers( {
	answers,
	title = __( 'Answers', 'solar-capture' ),
}: {
	answers: BookingAnswer[];
	title?: string;
} ) {
	if ( ! answers.length ) {
		return null;
	}
	return (
		<div className="solar-capture-answers">
			<h3 className="solar-capture-answers__title">{ title }</h3>
			<dl className="solar-capture-answers__list">
				{ answers.map( ( answer, i ) => (
					<div key={ i } className="solar-capture-answers__row">
						<dt>
							{ answer.label ||
								__( 'Question', 'solar-capture' ) }
						</dt>
						<dd>{ answer.value }</dd>
					</div>
				) ) }
			</dl>
		</div>
	);
}
