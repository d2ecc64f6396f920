import { buildRestUrl, resolveRestAuth } from './rest';

describe( 'resolveRestAuth', () => {
	it( 'prefers core’s wpApiSettings', () => {
		expect(
			resolveRestAuth( {
				wpApiSettings: {
					root: 'https://a.example/wp-json/',
					nonce: 'core',
				},
				restUrl: 'https://b.example/wp-json/',
				restNonce: 'page',
				apiFetchNonce: 'fetch',
			} )
		).toEqual( { root: 'https://a.example/wp-json/', nonce: 'core' } );
	} );

	it( 'falls back to window.solarCapture, then apiFetch’s nonce and the admin URL', () => {
		expect(
			resolveRestAuth( {
				wpApiSettings: null,
				restUrl: 'https://b.example/wp-json/',
				restNonce: 'page',
			} )
		).toEqual( {
			root: 'https://b.example/wp-json/',
			nonce: 'page',
		} );
		expect(
			resolveRestAuth( {
				apiFetchNonce: 'fetch',
				adminUrl: 'https://c.example/blog/wp-admin/',
			} )
		).toEqual( {
			root: 'https://c.example/blog/?rest_route=/',
			nonce: 'fetch',
		} );
		expect(
			resolveRestAuth( { wpApiSettings: { root: 42, nonce: '' } } )
		).toEqual( { root: '/?rest_route=/', nonce: '' } );
	} );
} );

describe( 'buildRestUrl', () => {
	it( 'appends the route and query to a pretty root', () => {
		expect(
			buildRestUrl(
				'https://x.example/wp-json/',
				'/solar-capture/v1/leads/export',
				{ a: '1', b: 'x y' }
			)
		).toBe(
			'https://x.example/wp-json/solar-capture/v1/leads/export?a=1&b=x+y'
		);
		expect( buildRestUrl( 'https://x.example/wp-json', 'ns/v1/r' ) ).toBe(
			'https://x.example/wp-json/ns/v1/r'
		);
	} );

	it( 'works with plain permalinks (?rest_route=)', () => {
		expect(
			buildRestUrl(
				'https://x.example/index.php?rest_route=/',
				'ns/v1/r',
				{ a: '1' }
			)
		).toBe( 'https://x.example/index.php?rest_route=/ns/v1/r&a=1' );
		expect(
			buildRestUrl( 'https://x.example/?rest_route=', 'ns/v1/r' )
		).toBe( 'https://x.example/?rest_route=/ns/v1/r' );
	} );

	it( 'leaves out empty values and encodes the rest', () => {
		expect(
			buildRestUrl( '/wp-json/', 'r', {
				a: '',
				b: undefined,
				c: null,
				d: 0,
				e: false,
				f: '&=?',
			} )
		).toBe( '/wp-json/r?d=0&e=false&f=%26%3D%3F' );
	} );
} );
