import { describeError, toRestError } from './errors';

describe( 'toRestError', () => {
	it( 'reads a WP_Error body', async () => {
		expect(
			await toRestError( {
				code: 'rest_forbidden',
				message: 'Sorry.',
				data: { status: 403 },
			} )
		).toEqual( {
			code: 'rest_forbidden',
			message: 'Sorry.',
			status: 403,
		} );
		expect( await toRestError( 'boom' ) ).toEqual( {
			code: '',
			message: 'boom',
		} );
		expect( await toRestError( undefined ) ).toEqual( {
			code: '',
			message: '',
		} );
	} );
} );

describe( 'describeError', () => {
	const failed = 'The leads could not be loaded.';

	it( 'adds advice to core’s generic errors', () => {
		expect(
			describeError(
				{
					code: 'rest_cookie_invalid_nonce',
					message: 'Cookie check failed',
					status: 403,
				},
				failed
			)
		).toBe(
			'The leads could not be loaded. Cookie check failed Your login session has probably expired. Reload the page and log in again.'
		);
		expect(
			describeError(
				{ code: 'rest_no_route', message: '', status: 404 },
				failed
			)
		).toContain( 'Settings → Permalinks' );
		expect(
			describeError( { code: 'fetch_error', message: '' }, failed )
		).toContain( 'internet connection' );
		expect(
			describeError( { code: 'invalid_json', message: '' }, failed )
		).toContain( 'PHP error log' );
		expect(
			describeError( { code: '', message: '', status: 500 }, failed )
		).toContain( 'The server had a problem' );
	} );

	it( 'lets the plugin’s own message speak for itself', () => {
		expect(
			describeError(
				{
					code: 'solar_capture_calendly_unreachable',
					message: 'Add api.calendly.com to WP_ACCESSIBLE_HOSTS.',
					status: 502,
				},
				'The webhook could not be registered with Calendly.'
			)
		).toBe(
			'The webhook could not be registered with Calendly. Add api.calendly.com to WP_ACCESSIBLE_HOSTS.'
		);
		expect(
			describeError(
				{
					code: 'rest_solar_lead_invalid_id',
					message: 'No lead has this id.',
					status: 404,
				},
				failed
			)
		).toBe( 'The leads could not be loaded. No lead has this id.' );
	} );
} );
