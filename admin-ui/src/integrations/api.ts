/**
 * The Integrations screen's requests, through apiFetch (cookie + nonce).
 * Each resolves with a normalised answer or rejects with what apiFetch
 * rejected with (see common/errors.ts).
 */
import apiFetch from '@wordpress/api-fetch';

import { restPath } from '../common/config';
import {
	normaliseCalendly,
	normaliseDeliveries,
	normaliseIntegrations,
	normaliseNewSecret,
	normaliseOutcome,
	normaliseProvider,
} from './normalise';
import type {
	CalendlyRegistration,
	Delivery,
	DeliveryOutcome,
	IntegrationsData,
	NewSecretResponse,
	Provider,
} from './types';

const providerRoute = ( id: string, rest = '' ) =>
	restPath( `integrations/${ encodeURIComponent( id ) }${ rest }` );

export async function fetchIntegrations(
	recheck = false,
	signal?: AbortSignal
): Promise< IntegrationsData > {
	const body = await apiFetch( {
		path: restPath( recheck ? 'integrations?recheck=1' : 'integrations' ),
		signal,
	} );
	return normaliseIntegrations( body );
}

export interface ProviderChanges {
	enabled?: boolean;
	accept_unsigned?: boolean;
	booking_url?: string;
	secret_env?: string;
	remove_secret?: boolean;
	/** Replaces the whole map ({}: the defaults only). */
	answer_map?: Record< string, string >;
}

export async function updateProvider(
	id: string,
	changes: ProviderChanges
): Promise< Provider | null > {
	const body = await apiFetch( {
		path: providerRoute( id ),
		method: 'POST',
		data: changes,
	} );
	return normaliseProvider( body );
}

/**
 * Generate (or rotate) a provider's secret.
 * @param id           Provider id.
 * @param keepPrevious Whether the old secret keeps working for 24 hours (false: it leaked).
 */
export async function newSecret(
	id: string,
	keepPrevious = true
): Promise< NewSecretResponse > {
	const body = await apiFetch( {
		path: providerRoute( id, '/secret' ),
		method: 'POST',
		data: { keep_previous: keepPrevious },
	} );
	return normaliseNewSecret( body );
}

export async function sendTest( id: string ): Promise< DeliveryOutcome > {
	const body = await apiFetch( {
		path: providerRoute( id, '/test' ),
		method: 'POST',
		data: {},
	} );
	return normaliseOutcome( body );
}

export async function registerCalendly(
	token: string,
	replace: boolean
): Promise< CalendlyRegistration > {
	const body = await apiFetch( {
		path: restPath( 'integrations/calendly/register' ),
		method: 'POST',
		data: { token, replace },
	} );
	return normaliseCalendly( body );
}

export async function fetchDeliveries(
	perPage = 20,
	signal?: AbortSignal
): Promise< Delivery[] > {
	const body = await apiFetch( {
		path: restPath( `deliveries?per_page=${ perPage }` ),
		signal,
	} );
	return normaliseDeliveries( body );
}

export async function replayDelivery( id: number ): Promise< DeliveryOutcome > {
	const body = await apiFetch( {
		path: restPath(
			`deliveries/${ encodeURIComponent( String( id ) ) }/replay`
		),
		method: 'POST',
		data: {},
	} );
	return normaliseOutcome( body );
}
