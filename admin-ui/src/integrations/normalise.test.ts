import {
	envName,
	isSecretEnvName,
	isValidEnvName,
	normaliseCalendly,
	normaliseDeliveries,
	normaliseIntegrations,
	normaliseNewSecret,
	normaliseOutcome,
	normaliseProvider,
	normaliseWebhookCheck,
	outcomeKind,
	outcomeSucceeded,
} from './normalise';

describe( 'normaliseIntegrations', () => {
	it( 'orders the cards Cal.com, Calendly, Orufy, Other and keeps health', () => {
		const data = normaliseIntegrations( {
			providers: [
				{ id: 'generic' },
				{ id: 'orufy' },
				{ id: 'calcom', label: 'Cal.com' },
				{ id: 'calendly' },
				{ nope: 1 },
			],
			sidecar: {
				reachable: true,
				version: '0.1.0',
				queued: '2',
				failed: 0,
			},
			webhook_check: {
				redirects: false,
				status: 200,
				location: null,
				message: 'ok',
				url: 'https://x/wp-json/…',
			},
		} );
		expect( data.providers.map( ( p ) => p.id ) ).toEqual( [
			'calcom',
			'calendly',
			'orufy',
			'generic',
		] );
		expect( data.providers[ 1 ].label ).toBe( 'Calendly' );
		expect( data.sidecar ).toEqual( {
			reachable: true,
			version: '0.1.0',
			queued: 2,
			failed: 0,
			message: undefined,
		} );
		expect( data.webhook_check?.redirects ).toBe( false );
	} );

	it( 'survives an empty or broken answer', () => {
		expect( normaliseIntegrations( 'oops' ) ).toEqual( {
			providers: [],
			sidecar: null,
			webhook_check: null,
		} );
	} );
} );

describe( 'normaliseProvider', () => {
	it( 'infers where the secret comes from', () => {
		expect(
			normaliseProvider( { id: 'calcom', has_secret: true } )
		).toMatchObject( { secret_source: 'option', has_secret: true } );
		expect(
			normaliseProvider( {
				id: 'calcom',
				secret_source: 'env',
				secret_hint: 'env:CAL',
			} )
		).toMatchObject( {
			secret_source: 'env',
			has_secret: true,
		} );
		expect( normaliseProvider( { id: 'calcom' } ) ).toMatchObject( {
			secret_source: 'none',
			has_secret: false,
			enabled: true,
			accept_unsigned: false,
			accept_unsigned_until: null,
			previous_secret_expires: null,
			subscription_uri: null,
			answers: false,
			answer_map: {},
		} );
		expect(
			normaliseProvider( {
				id: 'calcom',
				answer_map: { Phone: 'phone', Bill: 3, ' ': 'x', Other: '' },
			} )?.answer_map
		).toEqual( { Phone: 'phone', Other: '' } );
		expect(
			normaliseProvider( { id: 'calcom', answer_map: [ 'phone' ] } )
				?.answer_map
		).toEqual( {} );
		expect(
			normaliseProvider( { id: 'calcom', enabled: false } )?.enabled
		).toBe( false );
		expect( normaliseProvider( { label: 'x' } ) ).toBeNull();
	} );
} );

describe( 'normaliseWebhookCheck', () => {
	it( 'flags redirects with their Location', () => {
		expect(
			normaliseWebhookCheck( {
				redirects: true,
				status: 301,
				location: 'https://www.x/wp-json/',
			} )
		).toMatchObject( {
			redirects: true,
			status: 301,
			location: 'https://www.x/wp-json/',
		} );
		// An older answer without the flag: the status decides.
		expect( normaliseWebhookCheck( { status: 308 } )?.redirects ).toBe(
			true
		);
		expect( normaliseWebhookCheck( { status: null } ) ).toMatchObject( {
			redirects: false,
			status: null,
		} );
		expect( normaliseWebhookCheck( null ) ).toBeNull();
	} );
} );

describe( 'deliveries', () => {
	it( 'reads trigger or its old name trigger_name, and who can be replayed', () => {
		const [ a, b ] = normaliseDeliveries( [
			{
				id: 2,
				provider: 'calcom',
				trigger_name: 'BOOKING_CREATED',
				status: 'failed',
				http_status: 202,
				error: 'DB down',
				lead_id: null,
			},
			{
				id: 1,
				provider: 'calcom',
				trigger: 'PING',
				status: 'ignored',
				can_replay: false,
				lead_id: '4',
				attempts: '3',
			},
			{ id: 0 },
		] );
		expect( a ).toMatchObject( {
			trigger: 'BOOKING_CREATED',
			can_replay: true,
			lead_id: null,
			error: 'DB down',
		} );
		expect( b ).toMatchObject( {
			trigger: 'PING',
			can_replay: false,
			lead_id: 4,
			attempts: 3,
		} );
		expect( normaliseDeliveries( {} ) ).toEqual( [] );
	} );
} );

describe( 'outcomes', () => {
	it( 'reads a test delivery or replay answer', () => {
		const outcome = normaliseOutcome( {
			http_status: 200,
			status: 'ignored',
			message: 'Test delivery received',
			delivery_id: 9,
		} );
		expect( outcome ).toEqual( {
			http_status: 200,
			status: 'ignored',
			message: 'Test delivery received',
			delivery_id: 9,
			lead_id: null,
		} );
		expect( outcomeSucceeded( outcome ) ).toBe( true );
	} );

	it( 'tells processed, kept-for-later and refused apart', () => {
		expect(
			outcomeKind(
				normaliseOutcome( { http_status: 200, status: 'applied' } )
			)
		).toBe( 'success' );
		expect(
			outcomeKind(
				normaliseOutcome( { http_status: 202, status: 'queued' } )
			)
		).toBe( 'warning' );
		expect(
			outcomeKind(
				normaliseOutcome( { http_status: 202, status: 'failed' } )
			)
		).toBe( 'warning' );
		expect(
			outcomeKind(
				normaliseOutcome( { http_status: 401, status: 'rejected' } )
			)
		).toBe( 'error' );
	} );

	it( 'treats 4xx/5xx and a missing status code by their status', () => {
		expect(
			outcomeSucceeded(
				normaliseOutcome( { http_status: 401, status: 'rejected' } )
			)
		).toBe( false );
		expect(
			outcomeSucceeded( normaliseOutcome( { status: 'applied' } ) )
		).toBe( true );
		expect(
			outcomeSucceeded(
				normaliseOutcome( { status: 'unreachable', http_status: 0 } )
			)
		).toBe( false );
		expect( normaliseOutcome( { code: 'rest_forbidden' } ).status ).toBe(
			'rest_forbidden'
		);
	} );
} );

describe( 'secrets and Calendly', () => {
	it( 'reads a new secret answer', () => {
		expect(
			normaliseNewSecret( {
				secret: 'whsec_1',
				provider: { id: 'calcom', has_secret: true },
			} )
		).toMatchObject( {
			secret: 'whsec_1',
			provider: { id: 'calcom', has_secret: true },
		} );
		expect( normaliseNewSecret( null ) ).toEqual( {
			secret: '',
			provider: null,
		} );
	} );

	it( 'reads a Calendly registration', () => {
		expect(
			normaliseCalendly( {
				registered: true,
				replaced: false,
				subscription_uri:
					'https://api.calendly.com/webhook_subscriptions/X',
				events: [ 'invitee.created', 3 ],
				provider: { id: 'calendly' },
			} )
		).toMatchObject( {
			registered: true,
			events: [ 'invitee.created', '3' ],
			provider: { id: 'calendly' },
		} );
	} );

	it( 'checks env:NAME references', () => {
		expect( envName( ' env:CAL_SECRET ' ) ).toBe( 'CAL_SECRET' );
		expect( isValidEnvName( 'env:CAL_SECRET' ) ).toBe( true );
		expect( isValidEnvName( '_X1' ) ).toBe( true );
		expect( isValidEnvName( '1X' ) ).toBe( false );
		expect( isValidEnvName( 'CAL-SECRET' ) ).toBe( false );
		expect( isValidEnvName( '' ) ).toBe( false );
		// Names meant for secrets only (providers.json secret_env_names).
		expect( isSecretEnvName( 'env:CALCOM_WEBHOOK_SECRET' ) ).toBe( true );
		expect( isSecretEnvName( 'SOLAR_CAPTURE_ORUFY' ) ).toBe( true );
		expect( isSecretEnvName( 'DB_PASSWORD' ) ).toBe( false );
		expect( isSecretEnvName( 'HOME' ) ).toBe( false );
	} );
} );
