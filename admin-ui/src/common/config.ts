/**
 * Reads the data the PHP side prints before each screen's bundle:
 *
 *   window.solarCapture = { stages, adminUrl, leadsUrl, integrationsUrl,
 *                           settingsUrl, restNamespace, version }
 *
 * Every field is optional here: a missing or malformed value falls back to a
 * safe default instead of crashing the screen.
 */
import pipeline from '../../../plugin/pipeline.json';

export type StageGroup = 'open' | 'side' | 'closed' | string;

export interface Stage {
	slug: string;
	label: string;
	group: StageGroup;
}

export interface SolarCaptureConfig {
	stages: Stage[];
	adminUrl: string;
	leadsUrl: string;
	integrationsUrl: string;
	settingsUrl: string;
	restNamespace: string;
	version: string;
}

declare global {
	interface Window {
		solarCapture?: Partial< Record< keyof SolarCaptureConfig, unknown > >;
	}
}

const DEFAULT_NAMESPACE = 'solar-capture/v1';

const asString = ( value: unknown, fallback = '' ): string =>
	typeof value === 'string' ? value : fallback;

function normaliseStages( raw: unknown ): Stage[] {
	if ( ! Array.isArray( raw ) ) {
		return [];
	}
	const stages: Stage[] = [];
	for ( const entry of raw ) {
		if ( ! entry || typeof entry !== 'object' ) {
			continue;
		}
		const { slug, label, group } = entry as Record< string, unknown >;
		if ( typeof slug !== 'string' || slug === '' ) {
			continue;
		}
		stages.push( {
			slug,
			label: typeof label === 'string' && label !== '' ? label : slug,
			group: typeof group === 'string' ? group : 'open',
		} );
	}
	return stages;
}

/**
 * The pipeline file shipped with the plugin, used only when the page did not
 * provide the stages (the PHP side may filter them, so the page wins).
 */
const FALLBACK_STAGES = normaliseStages(
	( pipeline as { stages?: unknown } ).stages
);

function adminPage( adminUrl: string, page: string ): string {
	const base = adminUrl || '/wp-admin/';
	return `${ base.replace( /\/?$/, '/' ) }admin.php?page=${ page }`;
}

let cached: SolarCaptureConfig | null = null;

export function getConfig(): SolarCaptureConfig {
	if ( cached ) {
		return cached;
	}
	const raw =
		typeof window !== 'undefined' &&
		window.solarCapture &&
		typeof window.solarCapture === 'object'
			? window.solarCapture
			: {};

	const stages = normaliseStages( raw.stages );
	const adminUrl = asString( raw.adminUrl );
	const restNamespace = asString(
		raw.restNamespace,
		DEFAULT_NAMESPACE
	).replace( /^\/+|\/+$/g, '' );

	cached = {
		stages: stages.length ? stages : FALLBACK_STAGES,
		adminUrl,
		leadsUrl:
			asString( raw.leadsUrl ) ||
			adminPage( adminUrl, 'solar-capture-leads' ),
		integrationsUrl:
			asString( raw.integrationsUrl ) ||
			adminPage( adminUrl, 'solar-capture-integrations' ),
		settingsUrl:
			asString( raw.settingsUrl ) ||
			adminPage( adminUrl, 'solar-capture-settings' ),
		restNamespace: restNamespace || DEFAULT_NAMESPACE,
		version: asString( raw.version ),
	};
	return cached;
}

/**
 * `/solar-capture/v1/<route>` for apiFetch's `path` option.
 * @param route Route below the namespace, e.g. "leads/3".
 */
export function restPath( route: string ): string {
	return `/${ getConfig().restNamespace }/${ route.replace( /^\/+/, '' ) }`;
}

export function findStage(
	slug: string | null | undefined
): Stage | undefined {
	if ( ! slug ) {
		return undefined;
	}
	return getConfig().stages.find( ( stage ) => stage.slug === slug );
}
