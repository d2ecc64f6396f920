/**
 * Coerces the answers of the Integrations routes into safe shapes: a missing
 * field renders as empty, never as a crash, and every value is plain text.
 */
import providersFile from '../../../plugin/providers.json';
import { getConfig } from '../common/config';
import { providerLabel } from '../common/labels';
import type {
	CalendlyRegistration,
	Delivery,
	DeliveryOutcome,
	IntegrationsData,
	NewSecretResponse,
	Provider,
	SecretSource,
	SidecarHealth,
	WebhookCheck,
} from './types';

type Row = Record< string, unknown >;

const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

const str = ( value: unknown ): string => {
	if ( typeof value === 'string' ) {
		return value;
	}
	return typeof value === 'number' && Number.isFinite( value )
		? String( value )
		: '';
};

const strOrNull = ( value: unknown ): string | null => str( value ) || null;

const countOrNull = ( value: unknown ): number | null => {
	if ( value === null || value === undefined || value === '' ) {
		return null;
	}
	const n = Number( value );
	return Number.isFinite( n ) && n >= 0 ? Math.floor( n ) : null;
};

const idOrNull = ( value: unknown ): number | null => {
	const n = countOrNull( value );
	return n !== null && n > 0 ? n : null;
};

function readSecretSource( source: string, hasSecret: boolean ): SecretSource {
	if ( source === 'option' || source === 'env' || source === 'none' ) {
		return source;
	}
	return hasSecret ? 'option' : 'none';
}

export function normaliseProvider( raw: unknown ): Provider | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const id = str( raw.id );
	if ( ! id ) {
		return null;
	}
	const source = str( raw.secret_source );
	const hasSecret =
		raw.has_secret === true || source === 'option' || source === 'env';
	return {
		id,
		label: str( raw.label ) || providerLabel( id ),
		enabled: raw.enabled !== false,
		webhook_url: str( raw.webhook_url ),
		has_secret: hasSecret,
		secret_hint: str( raw.secret_hint ),
		secret_source: readSecretSource( source, hasSecret ),
		previous_secret_expires: strOrNull( raw.previous_secret_expires ),
		accept_unsigned: raw.accept_unsigned === true,
		accept_unsigned_until:
			raw.accept_unsigned === true
				? strOrNull( raw.accept_unsigned_until )
				: null,
		booking_url: str( raw.booking_url ),
		subscription_uri: strOrNull( raw.subscription_uri ),
		answers: raw.answers === true,
		answer_map: normaliseAnswerMap( raw.answer_map ),
	};
}

/**
 * A card's answer map: only text values (anything else is left out).
 * @param raw The card's `answer_map`.
 */
export function normaliseAnswerMap( raw: unknown ): Record< string, string > {
	const map: Record< string, string > = {};
	if ( isRow( raw ) ) {
		for ( const [ question, field ] of Object.entries( raw ) ) {
			if ( typeof field === 'string' && question.trim() !== '' ) {
				map[ question ] = field;
			}
		}
	}
	return map;
}

function normaliseSidecar( raw: unknown ): SidecarHealth | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	return {
		reachable: raw.reachable === true,
		version: str( raw.version ) || null,
		queued: countOrNull( raw.queued ),
		failed: countOrNull( raw.failed ),
		message: str( raw.message ) || undefined,
	};
}

export function normaliseWebhookCheck( raw: unknown ): WebhookCheck | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const status = countOrNull( raw.status );
	return {
		url: str( raw.url ),
		redirects:
			raw.redirects === true ||
			( raw.redirects === undefined &&
				status !== null &&
				status >= 300 &&
				status < 400 ),
		status,
		location: strOrNull( raw.location ),
		message: str( raw.message ),
		checked_at: strOrNull( raw.checked_at ),
	};
}

/** The order of the cards (plugin/providers.json's); unknown providers follow. */
const order = () => getConfig().providers.map( ( provider ) => provider.id );

export function normaliseIntegrations( raw: unknown ): IntegrationsData {
	const row = isRow( raw ) ? raw : {};
	const providers = Array.isArray( row.providers )
		? row.providers
				.map( normaliseProvider )
				.filter(
					( provider ): provider is Provider => provider !== null
				)
		: [];
	const ids = order();
	const rank = ( id: string ) => {
		const index = ids.indexOf( id );
		return index === -1 ? ids.length : index;
	};
	providers.sort( ( a, b ) => rank( a.id ) - rank( b.id ) );
	return {
		providers,
		sidecar: normaliseSidecar( row.sidecar ),
		webhook_check: normaliseWebhookCheck( row.webhook_check ),
	};
}

export function normaliseNewSecret( raw: unknown ): NewSecretResponse {
	const row = isRow( raw ) ? raw : {};
	return {
		secret: str( row.secret ),
		provider: normaliseProvider( row.provider ),
	};
}

export function normaliseDelivery( raw: unknown ): Delivery | null {
	if ( ! isRow( raw ) ) {
		return null;
	}
	const id = idOrNull( raw.id );
	if ( ! id ) {
		return null;
	}
	const status = str( raw.status );
	return {
		id,
		provider: str( raw.provider ),
		trigger: str( raw.trigger ) || str( raw.trigger_name ),
		status,
		http_status: countOrNull( raw.http_status ),
		error: str( raw.error ),
		lead_id: idOrNull( raw.lead_id ),
		booking_id: idOrNull( raw.booking_id ),
		attempts: countOrNull( raw.attempts ) ?? 0,
		received_at: strOrNull( raw.received_at ),
		processed_at: strOrNull( raw.processed_at ),
		can_replay:
			typeof raw.can_replay === 'boolean'
				? raw.can_replay
				: status === 'failed',
		unsigned: raw.unsigned === true,
	};
}

export function normaliseDeliveries( raw: unknown ): Delivery[] {
	return Array.isArray( raw )
		? raw
				.map( normaliseDelivery )
				.filter( ( d ): d is Delivery => d !== null )
		: [];
}

/**
 * The answer of a test delivery or a replay.
 * @param raw The answer.
 */
export function normaliseOutcome( raw: unknown ): DeliveryOutcome {
	const row = isRow( raw ) ? raw : {};
	return {
		status: str( row.status ) || str( row.code ),
		http_status: countOrNull( row.http_status ),
		message: str( row.message ),
		delivery_id: idOrNull( row.delivery_id ),
		lead_id: idOrNull( row.lead_id ),
	};
}

/**
 * Whether a delivery outcome means "it worked" (the booking tool got a 2xx).
 * @param outcome The outcome.
 */
export function outcomeSucceeded( outcome: DeliveryOutcome ): boolean {
	if ( outcome.http_status !== null ) {
		return outcome.http_status >= 200 && outcome.http_status < 300;
	}
	return [ 'applied', 'duplicate', 'ignored', 'queued' ].includes(
		outcome.status
	);
}

/**
 * How a test delivery or replay went, for the notice's colour:
 * success (processed), warning (received and kept, not processed yet),
 * error (refused or unreachable).
 * @param outcome The outcome.
 */
export function outcomeKind(
	outcome: DeliveryOutcome
): 'success' | 'warning' | 'error' {
	if ( ! outcomeSucceeded( outcome ) ) {
		return 'error';
	}
	return [ 'queued', 'failed', 'processing' ].includes( outcome.status )
		? 'warning'
		: 'success';
}

export function normaliseCalendly( raw: unknown ): CalendlyRegistration {
	const row = isRow( raw ) ? raw : {};
	return {
		registered: row.registered === true,
		replaced: !! row.replaced,
		subscription_uri: str( row.subscription_uri ),
		events: Array.isArray( row.events )
			? row.events.map( str ).filter( Boolean )
			: [],
		provider: normaliseProvider( row.provider ),
	};
}

/**
 * An env reference as the route wants it: NAME (an optional "env:" removed).
 * @param value
 */
export function envName( value: string ): string {
	return value.trim().replace( /^env:/i, '' );
}

export function isValidEnvName( value: string ): boolean {
	return /^[A-Za-z_][A-Za-z0-9_]*$/.test( envName( value ) );
}

/**
 * Whether an environment variable may hold a webhook secret (plugin/providers.json
 * `secret_env_names`, which PHP and the sidecar enforce too): never DB_PASSWORD and the like.
 * @param value The name, with or without `env:`.
 */
export function isSecretEnvName( value: string ): boolean {
	return new RegExp( providersFile.secret_env_names ).test(
		envName( value )
	);
}
