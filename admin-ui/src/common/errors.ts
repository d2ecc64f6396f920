/**
 * Turns whatever apiFetch rejected with into a message a site owner can act on.
 *
 * apiFetch rejects with the parsed WP_Error body ({ code, message, data }),
 * with { code: 'fetch_error' } when offline, with { code: 'invalid_json' }
 * when PHP printed something that is not JSON, and, for `parse: false`
 * requests, with the raw Response.
 */
import { __ } from '@wordpress/i18n';

export interface RestError {
	code: string;
	message: string;
	status?: number;
}

export function isAbortError( error: unknown ): boolean {
	return (
		!! error &&
		typeof error === 'object' &&
		( error as { name?: unknown } ).name === 'AbortError'
	);
}

/**
 * Normalises a rejection (awaiting the body when it is a Response).
 * @param error Whatever apiFetch rejected with.
 */
export async function toRestError( error: unknown ): Promise< RestError > {
	if ( typeof Response !== 'undefined' && error instanceof Response ) {
		let body: unknown = null;
		try {
			body = await error.clone().json();
		} catch {
			body = null;
		}
		const parsed = readErrorObject( body );
		return {
			code: parsed.code || `http_${ error.status }`,
			message: parsed.message,
			status: error.status,
		};
	}
	return readErrorObject( error );
}

function readErrorObject( error: unknown ): RestError {
	if ( error && typeof error === 'object' ) {
		const { code, message, data } = error as Record< string, unknown >;
		const status =
			data && typeof data === 'object'
				? ( data as { status?: unknown } ).status
				: undefined;
		return {
			code: typeof code === 'string' ? code : '',
			message: typeof message === 'string' ? message : '',
			status: typeof status === 'number' ? status : undefined,
		};
	}
	if ( typeof error === 'string' ) {
		return { code: '', message: error };
	}
	return { code: '', message: '' };
}

/**
 * A sentence saying what went wrong and what to do about it.
 *
 * @param error   The normalised error.
 * @param failure A full translated sentence saying what failed, e.g.
 *                "The leads could not be loaded."
 */
/**
 * Core's generic error codes: their messages do not say what to do, so
 * advice is added. Any other code comes with the plugin's own message,
 * written for a site owner, which is shown on its own.
 */
const GENERIC_CODES = [
	'',
	'rest_cookie_invalid_nonce',
	'invalid_nonce',
	'rest_not_logged_in',
	'rest_forbidden',
	'rest_no_route',
	'fetch_error',
	'invalid_json',
	'internal_server_error',
	'rest_invalid_json',
];

function adviceFor( error: RestError ): string {
	if (
		error.code === 'rest_cookie_invalid_nonce' ||
		error.code === 'invalid_nonce' ||
		error.code === 'rest_not_logged_in' ||
		error.status === 401
	) {
		return __(
			'Your login session has probably expired. Reload the page and log in again.',
			'solar-capture'
		);
	}
	if ( error.code === 'rest_forbidden' || error.status === 403 ) {
		return __(
			'Your account is not allowed to do this. Ask an administrator for access to Solar Capture.',
			'solar-capture'
		);
	}
	if ( error.code === 'rest_no_route' || error.status === 404 ) {
		return __(
			'The Solar Capture REST API was not found. Check that the plugin is active and up to date, then visit Settings → Permalinks and press Save to refresh the routes.',
			'solar-capture'
		);
	}
	if ( error.code === 'fetch_error' ) {
		return __(
			'The site could not be reached. Check your internet connection and try again.',
			'solar-capture'
		);
	}
	if ( error.code === 'invalid_json' ) {
		return __(
			'The server sent an unexpected answer, often a PHP error. Check the PHP error log, then try again.',
			'solar-capture'
		);
	}
	if ( error.status && error.status >= 500 ) {
		return __(
			'The server had a problem. Check the PHP error log, then try again.',
			'solar-capture'
		);
	}
	return __( 'Please try again.', 'solar-capture' );
}

/**
 * A sentence saying what went wrong and what to do about it.
 *
 * @param error   The normalised error.
 * @param failure A full translated sentence saying what failed, e.g.
 *                "The leads could not be loaded."
 */
export function describeError( error: RestError, failure: string ): string {
	const message = error.message.trim();
	if (
		message &&
		! GENERIC_CODES.includes( error.code ) &&
		error.status !== 401 &&
		error.status !== 403
	) {
		// The plugin's own message already says what to do.
		return `${ failure } ${ message }`;
	}
	const advice = adviceFor( error );
	return message
		? `${ failure } ${ message } ${ advice }`
		: `${ failure } ${ advice }`;
}
