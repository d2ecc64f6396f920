/**
 * Coerces the answers of GET /integrations and POST /integrations/<id>/secret
 * into safe shapes: a missing field renders as empty, never as a crash.
 */
import { providerLabel } from '../common/labels';
import type {
	IntegrationsData,
	NewSecretResponse,
	Provider,
	SecretSource,
	SidecarHealth,
} from './types';

type Row = Record< string, unknown >;

const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );

const str = ( value: unknown ): string =>
	typeof value === 'string' ? value : '';

const countOrNull = ( value: unknown ): number | null => {
	if ( value === null || value === undefined || value === '' ) {
		return null;
	}
	const n = Number( value );
	return Number.isFinite( n ) && n >= 0 ? Math.floor( n ) : null;
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
	const hasSecret = raw.has_secret === true;
	return {
		id,
		label: str( raw.label ) || providerLabel( id ),
		enabled: raw.enabled !== false,
		webhook_url: str( raw.webhook_url ),
		has_secret: hasSecret,
		secret_hint: str( raw.secret_hint ),
		secret_source: readSecretSource( source, hasSecret ),
		accept_unsigned: raw.accept_unsigned === true,
		booking_url: str( raw.booking_url ),
	};
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

export function normaliseIntegrations( raw: unknown ): IntegrationsData {
	const row = isRow( raw ) ? raw : {};
	const providers = Array.isArray( row.providers )
		? row.providers
				.map( normaliseProvider )
				.filter(
					( provider ): provider is Provider => provider !== null
				)
		: [];
	return { providers, sidecar: normaliseSidecar( row.sidecar ) };
}

export function normaliseNewSecret( raw: unknown ): NewSecretResponse {
	const row = isRow( raw ) ? raw : {};
	return {
		secret: str( row.secret ),
		provider: normaliseProvider( row.provider ),
	};
}
