/**
 * Reads the data the PHP side prints before each screen's bundle:
 *
 *   window.solarCapture = { stages, providers, leadFields, adminUrl, leadsUrl,
 *                           integrationsUrl, settingsUrl, restNamespace, version,
 *                           timezone, gmtOffset, restUrl, restNonce, userId,
 *                           attributionValues (Leads screen only) }
 *
 * stages, providers and leadFields are the contracts of plugin/pipeline.json,
 * plugin/providers.json and plugin/lead-fields.json, with translated labels.
 *
 * Every field is optional here: a missing or malformed value falls back to a
 * safe default instead of crashing the screen.
 */
import pipeline from '../../../plugin/pipeline.json';
import providersFile from '../../../plugin/providers.json';
import leadFieldsFile from '../../../plugin/lead-fields.json';

export type StageGroup = 'open' | 'side' | 'closed' | string;

export interface Stage {
	slug: string;
	label: string;
	group: StageGroup;
}

/** A booking tool (plugin/providers.json). */
export interface ProviderInfo {
	id: string;
	label: string;
	/** The label inside a list or a sentence ("Other booking tool"). */
	shortLabel: string;
	credential: string;
}

/** A lead's field (plugin/lead-fields.json). */
export interface LeadField {
	key: string;
	label: string;
	type: string;
	maxLength: number | null;
	editable: boolean;
}

export interface SolarCaptureConfig {
	stages: Stage[];
	providers: ProviderInfo[];
	leadFields: LeadField[];
	adminUrl: string;
	leadsUrl: string;
	integrationsUrl: string;
	settingsUrl: string;
	restNamespace: string;
	version: string;
	/** The site's IANA time zone ('Europe/London'), '' when not set. */
	timezone: string;
	/** The site's UTC offset in hours (WordPress's gmt_offset), null when not given. */
	gmtOffset: number | null;
	/** REST root URL and nonce, when the page provides them. */
	restUrl: string;
	restNonce: string;
	/** The logged-in user's ID ('' when unknown); keys per-user preferences. */
	userId: string;
	/** The UTM sources and campaigns some lead has (Leads screen's filters). */
	attributionValues: AttributionValues;
}

export interface AttributionValues {
	utm_source: string[];
	utm_campaign: string[];
}

/** Longest UTM value a lead column holds (lead-fields.json). */
const UTM_MAX = 191;

/**
 * The attribution filters' values: distinct non-empty strings, at most 200 each.
 * @param raw window.solarCapture.attributionValues (anything).
 */
export function normaliseAttributionValues( raw: unknown ): AttributionValues {
	const row = ( raw && typeof raw === 'object' ? raw : {} ) as Record<
		string,
		unknown
	>;
	const list = ( value: unknown ): string[] =>
		Array.from(
			new Set(
				( Array.isArray( value ) ? value : [] ).filter(
					( item ): item is string =>
						typeof item === 'string' &&
						item !== '' &&
						item.length <= UTM_MAX
				)
			)
		).slice( 0, 200 );
	return {
		utm_source: list( row.utm_source ),
		utm_campaign: list( row.utm_campaign ),
	};
}

type RawConfig = Partial< Record< keyof SolarCaptureConfig, unknown > >;

declare global {
	interface Window {
		solarCapture?: RawConfig;
		/** Printed by core's `wp-api-request` script. */
		wpApiSettings?: { root?: unknown; nonce?: unknown };
		/** Printed by core's `utils` script on every admin page. */
		userSettings?: { uid?: unknown };
	}
}

const DEFAULT_NAMESPACE = 'solar-capture/v1';

const asString = ( value: unknown, fallback = '' ): string =>
	typeof value === 'string' ? value : fallback;

function asNumberOrNull( value: unknown ): number | null {
	if ( typeof value === 'number' ) {
		return Number.isFinite( value ) ? value : null;
	}
	if ( typeof value === 'string' && value.trim() !== '' ) {
		const n = Number( value );
		return Number.isFinite( n ) ? n : null;
	}
	return null;
}

export function normaliseStages( raw: unknown ): Stage[] {
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
		if ( stages.some( ( stage ) => stage.slug === slug ) ) {
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

export function normaliseProviders( raw: unknown ): ProviderInfo[] {
	if ( ! Array.isArray( raw ) ) {
		return [];
	}
	const out: ProviderInfo[] = [];
	for ( const entry of raw ) {
		const row = ( entry ?? {} ) as Record< string, unknown >;
		const id = asString( row.id );
		if ( ! id || out.some( ( p ) => p.id === id ) ) {
			continue;
		}
		const label = asString( row.label ) || id;
		out.push( {
			id,
			label,
			shortLabel:
				asString( row.shortLabel ) ||
				asString( row.short_label ) ||
				label,
			credential: asString( row.credential ),
		} );
	}
	return out;
}

export function normaliseLeadFields( raw: unknown ): LeadField[] {
	if ( ! Array.isArray( raw ) ) {
		return [];
	}
	const out: LeadField[] = [];
	for ( const entry of raw ) {
		const row = ( entry ?? {} ) as Record< string, unknown >;
		const key = asString( row.key );
		if ( ! key || out.some( ( f ) => f.key === key ) ) {
			continue;
		}
		const max = asNumberOrNull( row.maxLength ?? row.max_length );
		out.push( {
			key,
			label: asString( row.label ) || key,
			type: asString( row.type, 'text' ),
			maxLength: max,
			editable: row.editable === true,
		} );
	}
	return out;
}

/**
 * The contract files shipped with the plugin, used only when the page did not
 * provide them (the page's labels are translated, so the page wins).
 */
const FALLBACK_STAGES = normaliseStages(
	( pipeline as { stages?: unknown } ).stages
);
const FALLBACK_PROVIDERS = normaliseProviders( providersFile.providers );
const FALLBACK_LEAD_FIELDS = normaliseLeadFields( leadFieldsFile.fields );

function adminPage( adminUrl: string, page: string ): string {
	const base = adminUrl || '/wp-admin/';
	return `${ base.replace( /\/?$/, '/' ) }admin.php?page=${ page }`;
}

/**
 * Builds the configuration from the raw page data. Pure, for tests.
 * @param raw     window.solarCapture (anything).
 * @param userUid window.userSettings.uid, the fallback user ID.
 */
export function readConfig(
	raw: unknown,
	userUid?: unknown
): SolarCaptureConfig {
	const data: RawConfig =
		raw && typeof raw === 'object' ? ( raw as RawConfig ) : {};

	const stages = normaliseStages( data.stages );
	const providers = normaliseProviders( data.providers );
	const leadFields = normaliseLeadFields( data.leadFields );
	const adminUrl = asString( data.adminUrl );
	const restNamespace = asString(
		data.restNamespace,
		DEFAULT_NAMESPACE
	).replace( /^\/+|\/+$/g, '' );
	const userId =
		asString( data.userId ) ||
		( typeof data.userId === 'number' ? String( data.userId ) : '' ) ||
		asString( userUid ) ||
		( typeof userUid === 'number' ? String( userUid ) : '' );

	return {
		stages: stages.length ? stages : FALLBACK_STAGES,
		providers: providers.length ? providers : FALLBACK_PROVIDERS,
		leadFields: leadFields.length ? leadFields : FALLBACK_LEAD_FIELDS,
		adminUrl,
		leadsUrl:
			asString( data.leadsUrl ) ||
			adminPage( adminUrl, 'solar-capture-leads' ),
		integrationsUrl:
			asString( data.integrationsUrl ) ||
			adminPage( adminUrl, 'solar-capture-integrations' ),
		settingsUrl:
			asString( data.settingsUrl ) ||
			adminPage( adminUrl, 'solar-capture-settings' ),
		restNamespace: restNamespace || DEFAULT_NAMESPACE,
		version: asString( data.version ),
		timezone: asString( data.timezone ).trim(),
		gmtOffset: asNumberOrNull( data.gmtOffset ),
		restUrl: asString( data.restUrl ),
		restNonce: asString( data.restNonce ),
		userId: userId.replace( /[^0-9A-Za-z_-]/g, '' ),
		attributionValues: normaliseAttributionValues( data.attributionValues ),
	};
}

let cached: SolarCaptureConfig | null = null;

export function getConfig(): SolarCaptureConfig {
	if ( ! cached ) {
		const win = typeof window !== 'undefined' ? window : undefined;
		cached = readConfig( win?.solarCapture, win?.userSettings?.uid );
	}
	return cached;
}

/**
 * `/solar-capture/v1/<route>` for apiFetch's `path` option.
 * @param route Route below the namespace, e.g. "leads/3".
 */
export function restPath( route: string ): string {
	return `/${ getConfig().restNamespace }/${ route.replace( /^\/+/, '' ) }`;
}

export function findProvider(
	id: string | null | undefined
): ProviderInfo | undefined {
	return id
		? getConfig().providers.find( ( provider ) => provider.id === id )
		: undefined;
}

/**
 * A lead field's label (plugin/lead-fields.json, translated by the page).
 * @param key      Field key.
 * @param fallback Label when the field is unknown.
 */
export function fieldLabel( key: string, fallback = key ): string {
	return (
		getConfig().leadFields.find( ( field ) => field.key === key )?.label ??
		fallback
	);
}

export function findStage(
	slug: string | null | undefined
): Stage | undefined {
	if ( ! slug ) {
		return undefined;
	}
	return getConfig().stages.find( ( stage ) => stage.slug === slug );
}

/**
 * The admin URL of one lead (`…page=solar-capture-leads&lead=<id>`).
 * @param id Lead ID.
 */
export function leadUrl( id: number ): string {
	const base = getConfig().leadsUrl;
	return `${ base }${ base.includes( '?' ) ? '&' : '?' }lead=${ encodeURIComponent(
		String( id )
	) }`;
}
