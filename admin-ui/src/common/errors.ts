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
export function describeError( error: RestError, failure: string ): string {
	const prefix = failure;

	let advice: string;
	if (
		error.code === 'rest_cookie_invalid_nonce' ||
		error.code === 'invalid_nonce' ||
		error.status === 401
	) {
		advice = __(
			'Your login session has probably expired. Reload the page and log in again.',
			'solar-capture'
		);
	} else if ( error.code === 'rest_forbidden' || error.status === 403 ) {
		advice = __(
			'Your account is not allowed to do this. Ask an administrator for access to Solar Capture.',
			'solar-capture'
		);
	} else if ( error.code === 'rest_no_route' || error.status === 404 ) {
		advice = __(
			'The Solar Capture REST API was not found. Check that the plugin is active, then visit Settings → Permalinks and press Save to refresh the routes.',
			'solar-capture'
		);
	} else if ( error.code === 'fetch_error' ) {
		advice = __(
			'The site could not be reached. Check your internet connection and try again.',
			'solar-capture'
		);
	} else if ( error.code === 'invalid_json' ) {
		advice = __(
			'The server sent an unexpected answer, often a PHP error. Check the PHP error log, then try again.',
			'solar-capture'
		);
	} else if ( error.status && error.status >= 500 ) {
		advice = __(
			'The server had a problem. Check the PHP error log, then try again.',
			'solar-capture'
		);
	} else {
		advice = __( 'Please try again.', 'solar-capture' );
	}

	return error.message
		? `${ prefix } ${ error.message } ${ advice }`
		: `${ prefix } ${ advice }`;
}
