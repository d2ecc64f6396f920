import { normaliseStages, readConfig } from './config';
import { parseUtc } from './dates';

describe( 'readConfig', () => {
	it( 'reads the page data', () => {
		const config = readConfig( {
			stages: [ { slug: 'new', label: 'New', group: 'open' } ],
			adminUrl: 'https://x.example/wp-admin/',
			timezone: 'Europe/London',
			gmtOffset: '1',
			restUrl: 'https://x.example/wp-json/',
			restNonce: 'abc',
			userId: 3,
		} );
		expect( config ).toMatchObject( {
			stages: [ { slug: 'new', label: 'New', group: 'open' } ],
			leadsUrl:
				'https://x.example/wp-admin/admin.php?page=solar-capture-leads',
			integrationsUrl:
				'https://x.example/wp-admin/admin.php?page=solar-capture-integrations',
			restNamespace: 'solar-capture/v1',
			timezone: 'Europe/London',
			gmtOffset: 1,
			restUrl: 'https://x.example/wp-json/',
			restNonce: 'abc',
			userId: '3',
		} );
	} );

	it( 'falls back to pipeline.json and the admin user of userSettings', () => {
		const config = readConfig( undefined, '7' );
		expect( config.stages.map( ( s ) => s.slug ) ).toEqual( [
			'new',
			'contacted',
			'booked',
			'reschedule_requested',
			'cancelled',
			'no_show',
			'won',
			'lost',
		] );
		expect( config.stages.find( ( s ) => s.slug === 'won' )?.label ).toBe(
			'Closed Won'
		);
		expect( config ).toMatchObject( {
			userId: '7',
			timezone: '',
			gmtOffset: null,
			leadsUrl: '/wp-admin/admin.php?page=solar-capture-leads',
		} );
	} );

	it( 'cleans stage lists', () => {
		expect(
			normaliseStages( [
				{ slug: 'a' },
				{ slug: 'a', label: 'dup' },
				{ label: 'no slug' },
				null,
			] )
		).toEqual( [ { slug: 'a', label: 'a', group: 'open' } ] );
	} );
} );

describe( 'parseUtc', () => {
	it( 'reads the API’s ISO and SQL forms as UTC', () => {
		expect( parseUtc( '2026-12-01T10:00:00Z' )?.toISOString() ).toBe(
			'2026-12-01T10:00:00.000Z'
		);
		expect( parseUtc( '2026-12-01 10:00:00' )?.toISOString() ).toBe(
			'2026-12-01T10:00:00.000Z'
		);
		expect( parseUtc( '2026-12-01T10:00:00+0100' )?.toISOString() ).toBe(
			'2026-12-01T09:00:00.000Z'
		);
		expect( parseUtc( '0000-00-00 00:00:00' ) ).toBeNull();
		expect( parseUtc( '' ) ).toBeNull();
		expect( parseUtc( 'soon' ) ).toBeNull();
		expect( parseUtc( 12 ) ).toBeNull();
	} );
} );

describe( 'the contracts in the page data', () => {
	it( 'takes providers and lead fields from the page, the shipped files otherwise', () => {
		const fromPage = readConfig( {
			providers: [
				{
					id: 'calcom',
					label: 'Cal.com (EN)',
					shortLabel: 'Cal',
					credential: 'signature',
				},
				{ id: '' },
				{ id: 'calcom', label: 'again' },
			],
			leadFields: [
				{
					key: 'name',
					label: 'Nom',
					type: 'text',
					maxLength: 190,
					editable: true,
				},
			],
		} );
		expect( fromPage.providers ).toEqual( [
			{
				id: 'calcom',
				label: 'Cal.com (EN)',
				shortLabel: 'Cal',
				credential: 'signature',
			},
		] );
		expect( fromPage.leadFields ).toEqual( [
			{
				key: 'name',
				label: 'Nom',
				type: 'text',
				maxLength: 190,
				editable: true,
			},
		] );

		const shipped = readConfig( {} );
		expect( shipped.providers.map( ( p ) => p.id ) ).toEqual( [
			'calcom',
			'calendly',
			'orufy',
			'generic',
		] );
		expect( shipped.providers[ 3 ].shortLabel ).toBe(
			'Other booking tool'
		);
		expect(
			shipped.leadFields.find( ( f ) => f.key === 'email' )
		).toMatchObject( { maxLength: 190, editable: true } );
	} );
} );
