/**
 * The CSV export's download URL: GET <root>solar-capture/v1/leads/export with
 * the table's current search, filters and sort (every matching lead, not one
 * page) and `_wpnonce`, because a download is a plain browser navigation and
 * cannot send apiFetch's X-WP-Nonce header. Pure, unit-tested.
 */
import apiFetch from '@wordpress/api-fetch';

import { getConfig } from '../common/config';
import { buildRestUrl, resolveRestAuth, type RestAuth } from '../common/rest';
import { exportParams, type LeadsQuery } from './query';

export function buildExportUrl(
	auth: RestAuth,
	namespace: string,
	query: LeadsQuery
): string {
	const ns = namespace.replace( /^\/+|\/+$/g, '' );
	return buildRestUrl( auth.root, `${ ns }/leads/export`, {
		...exportParams( query ),
		_wpnonce: auth.nonce,
	} );
}

/**
 * The export URL for the query, with the REST root and nonce this page has.
 * @param query The table's query.
 */
export function currentExportUrl( query: LeadsQuery ): string {
	const config = getConfig();
	const auth = resolveRestAuth( {
		wpApiSettings:
			typeof window !== 'undefined' ? window.wpApiSettings : null,
		restUrl: config.restUrl,
		restNonce: config.restNonce,
		apiFetchNonce: (
			apiFetch as unknown as { nonceMiddleware?: { nonce?: unknown } }
		 ).nonceMiddleware?.nonce,
		adminUrl: config.adminUrl,
	} );
	return buildExportUrl( auth, config.restNamespace, query );
}
