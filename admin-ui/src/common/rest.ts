/**
 * Full REST URLs for the few requests a browser makes by navigating (a CSV
 * download), which cannot go through apiFetch. Pure functions, unit-tested.
 *
 * The REST root and nonce come, in this order, from core's `wpApiSettings`
 * (printed with `wp-api-request`), from window.solarCapture.restUrl /
 * restNonce, and last from apiFetch's own nonce middleware and the admin URL.
 */

export interface RestAuth {
	root: string;
	nonce: string;
}

export interface RestAuthSources {
	wpApiSettings?: { root?: unknown; nonce?: unknown } | null;
	restUrl?: unknown;
	restNonce?: unknown;
	/** apiFetch.nonceMiddleware.nonce, kept fresh by core's heartbeat. */
	apiFetchNonce?: unknown;
	/** e.g. https://example.com/wp-admin/ */
	adminUrl?: unknown;
}

const nonEmpty = ( value: unknown ): string =>
	typeof value === 'string' ? value.trim() : '';

/**
 * The site's REST root guessed from its admin URL. `?rest_route=` works with
 * and without pretty permalinks.
 * @param adminUrl The admin URL.
 */
function rootFromAdminUrl( adminUrl: string ): string {
	const site = adminUrl.replace( /wp-admin\/?.*$/, '' );
	return `${ site.replace( /\/?$/, '/' ) }?rest_route=/`;
}

export function resolveRestAuth( sources: RestAuthSources ): RestAuth {
	const root =
		nonEmpty( sources.wpApiSettings?.root ) ||
		nonEmpty( sources.restUrl ) ||
		( nonEmpty( sources.adminUrl )
			? rootFromAdminUrl( nonEmpty( sources.adminUrl ) )
			: '/?rest_route=/' );
	const nonce =
		nonEmpty( sources.wpApiSettings?.nonce ) ||
		nonEmpty( sources.restNonce ) ||
		nonEmpty( sources.apiFetchNonce );
	return { root, nonce };
}

export type QueryParams = Record<
	string,
	string | number | boolean | undefined | null
>;

/**
 * `<root><route>?<params>`, for both root styles: `…/wp-json/` and
 * `…/?rest_route=/` (plain permalinks). Empty, null and undefined values
 * are left out; params keep their order.
 *
 * @param root   REST root URL.
 * @param route  Route, e.g. "solar-capture/v1/leads/export".
 * @param params Query parameters.
 */
export function buildRestUrl(
	root: string,
	route: string,
	params: QueryParams = {}
): string {
	const cleanRoute = route.replace( /^\/+/, '' );
	const search = new URLSearchParams();
	for ( const [ key, value ] of Object.entries( params ) ) {
		if ( value === undefined || value === null || value === '' ) {
			continue;
		}
		search.set( key, String( value ) );
	}
	const query = search.toString();

	if ( root.includes( '?' ) ) {
		// e.g. https://example.com/?rest_route=/ → …rest_route=/solar-capture/v1/…
		const base = root.endsWith( '/' ) ? root : `${ root }/`;
		return `${ base }${ cleanRoute }${ query ? `&${ query }` : '' }`;
	}
	const base = root.replace( /\/?$/, '/' );
	return `${ base }${ cleanRoute }${ query ? `?${ query }` : '' }`;
}
