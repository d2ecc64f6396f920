/**
 * A lead's pipeline stage as a coloured, labelled badge. The label comes from
 * window.solarCapture.stages (one source of truth: plugin/pipeline.json), then
 * the row's own stage_label, then the slug.
 */
import { findStage } from './config';
import { humanise } from './labels';

interface Props {
	slug: string;
	fallbackLabel?: string;
}

export default function StageBadge( { slug, fallbackLabel }: Props ) {
	const stage = findStage( slug );
	const label =
		stage?.label || fallbackLabel || ( slug ? humanise( slug ) : '—' );
	const group = stage?.group || 'unknown';
	const safe = ( value: string ) => value.replace( /[^a-z0-9_-]/gi, '' );
	return (
		<span
			className={ `solar-capture-stage solar-capture-stage--group-${ safe(
				group
			) } solar-capture-stage--${ safe( slug ) }` }
		>
			{ label }
		</span>
	);
}
