/**
 * The CSV export's download URL: GET <root>solar-capture/v1/leads/export with
 * the table's current search, filters and sort (every matching lead, not one
 * page) and `_wpnonce`, because a download is a plain browser navigation and
 * cannot send apiFetch's X-WP-Nonce header. Pure, unit-tested.
 */
import { buildRestUrl, type RestAuth } from '../common/rest';
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
