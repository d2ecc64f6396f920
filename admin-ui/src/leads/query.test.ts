import type { View } from '@wordpress/dataviews';

import type { SiteZone } from '../common/timezone';
import {
	dateFilterRange,
	exportParams,
	isNarrowed,
	leadsPath,
	queryParams,
	readPagination,
	viewToQuery,
} from './query';

const base: View = {
	type: 'table',
	search: '',
	filters: [],
	page: 1,
	perPage: 20,
	sort: { field: 'created_at', direction: 'desc' },
};

const view = ( extra: Partial< View > ): View =>
	( { ...base, ...extra } ) as View;
const LONDON: SiteZone = { kind: 'iana', name: 'Europe/London' };
const KOLKATA: SiteZone = { kind: 'iana', name: 'Asia/Kolkata' };

describe( 'viewToQuery', () => {
	it( 'maps the default view', () => {
		expect( viewToQuery( base ) ).toEqual( {
			page: 1,
			per_page: 20,
			orderby: 'created_at',
			order: 'desc',
		} );
	} );

	it( 'trims the search and drops an empty one', () => {
		expect( viewToQuery( view( { search: '  jamie ' } ) ).search ).toBe(
			'jamie'
		);
		expect( viewToQuery( view( { search: '   ' } ) ) ).not.toHaveProperty(
			'search'
		);
	} );

	it( 'clamps page and per_page to what the route accepts', () => {
		const query = viewToQuery( view( { page: 0, perPage: 500 } ) );
		expect( query.page ).toBe( 1 );
		expect( query.per_page ).toBe( 100 );
		expect(
			viewToQuery( view( { page: 3.7, perPage: NaN } ) )
		).toMatchObject( { page: 3, per_page: 20 } );
	} );

	it( 'joins several stages and sources with commas, without duplicates', () => {
		const query = viewToQuery(
			view( {
				filters: [
					{
						field: 'stage',
						operator: 'isAny',
						value: [ 'booked', 'won', 'booked' ],
					},
					{ field: 'source', operator: 'isAny', value: [ 'calcom' ] },
				],
			} )
		);
		expect( query.stage ).toBe( 'booked,won' );
		expect( query.source ).toBe( 'calcom' );
	} );

	it( 'reads a single `is` value and ignores negative operators and empty values', () => {
		expect(
			viewToQuery(
				view( {
					filters: [
						{ field: 'stage', operator: 'is', value: 'lost' },
					],
				} )
			).stage
		).toBe( 'lost' );
		const query = viewToQuery(
			view( {
				filters: [
					{ field: 'stage', operator: 'isNone', value: [ 'won' ] },
					{ field: 'source', operator: 'isAny', value: [] },
				],
			} )
		);
		expect( query.stage ).toBeUndefined();
		expect( query.source ).toBeUndefined();
	} );

	it( 'turns the upcoming filter into a boolean', () => {
		const yes = viewToQuery(
			view( {
				filters: [
					{ field: 'upcoming', operator: 'is', value: 'yes' },
				],
			} )
		);
		const no = viewToQuery(
			view( {
				filters: [ { field: 'upcoming', operator: 'is', value: 'no' } ],
			} )
		);
		const unset = viewToQuery(
			view( {
				filters: [
					{ field: 'upcoming', operator: 'is', value: undefined },
				],
			} )
		);
		expect( yes.upcoming ).toBe( true );
		expect( no.upcoming ).toBe( false );
		expect( unset.upcoming ).toBeUndefined();
	} );

	it( 'maps the created range to after/before at midnight in the site zone', () => {
		const between = view( {
			filters: [
				{
					field: 'created_at',
					operator: 'between',
					value: [ '2026-07-01', '2026-07-31' ],
				},
			],
		} );
		expect( viewToQuery( between ) ).toMatchObject( {
			after: '2026-07-01T00:00:00Z',
			before: '2026-08-01T00:00:00Z',
		} );
		// London is on summer time (UTC+1) in July: its midnight is 23:00 UTC the day before.
		expect( viewToQuery( between, LONDON ) ).toMatchObject( {
			after: '2026-06-30T23:00:00Z',
			before: '2026-07-31T23:00:00Z',
		} );
		// Half-hour zones.
		expect( viewToQuery( between, KOLKATA ) ).toMatchObject( {
			after: '2026-06-30T18:30:00Z',
			before: '2026-07-31T18:30:00Z',
		} );
	} );

	it( 'sorts on every sortable column and falls back for others', () => {
		for ( const field of [
			'name',
			'email',
			'stage',
			'source',
			'created_at',
			'next_booking_at',
		] ) {
			expect(
				viewToQuery( view( { sort: { field, direction: 'asc' } } ) )
			).toMatchObject( {
				orderby: field,
				order: 'asc',
			} );
		}
		expect(
			viewToQuery(
				view( { sort: { field: 'phone', direction: 'asc' } } )
			)
		).toMatchObject( {
			orderby: 'created_at',
			order: 'desc',
		} );
	} );
} );

describe( 'dateFilterRange', () => {
	const f = ( operator: string, value: unknown ) =>
		dateFilterRange( {
			field: 'created_at',
			operator: operator as never,
			value,
		} );

	it( 'covers one whole day for `on`', () => {
		expect( f( 'on', '2026-02-28' ) ).toEqual( {
			after: '2026-02-28T00:00:00Z',
			before: '2026-03-01T00:00:00Z',
		} );
	} );

	it( 'excludes the day itself for after/before, includes it for the inclusive ones', () => {
		expect( f( 'after', '2026-12-31' ) ).toEqual( {
			after: '2027-01-01T00:00:00Z',
		} );
		expect( f( 'afterInc', '2026-12-31' ) ).toEqual( {
			after: '2026-12-31T00:00:00Z',
		} );
		expect( f( 'before', '2026-01-01' ) ).toEqual( {
			before: '2026-01-01T00:00:00Z',
		} );
		expect( f( 'beforeInc', '2026-01-01' ) ).toEqual( {
			before: '2026-01-02T00:00:00Z',
		} );
	} );

	it( 'accepts an open-ended or reversed range and ignores bad dates', () => {
		expect( f( 'between', [ '2026-05-01', '' ] ) ).toEqual( {
			after: '2026-05-01T00:00:00Z',
		} );
		expect( f( 'between', [ '', '2026-05-01' ] ) ).toEqual( {
			before: '2026-05-02T00:00:00Z',
		} );
		expect( f( 'between', [ '2026-05-10', '2026-05-01' ] ) ).toEqual( {
			after: '2026-05-01T00:00:00Z',
			before: '2026-05-11T00:00:00Z',
		} );
		expect( f( 'on', '2026-02-30' ) ).toEqual( {} );
		expect( f( 'on', 'yesterday' ) ).toEqual( {} );
		expect( f( 'between', '2026-05-01' ) ).toEqual( {} );
		expect( f( 'inThePast', { value: 7, unit: 'days' } ) ).toEqual( {} );
	} );
} );

describe( 'URL parameters', () => {
	const query = viewToQuery(
		view( {
			search: 'o’neil & co',
			page: 2,
			filters: [
				{ field: 'stage', operator: 'isAny', value: [ 'won', 'lost' ] },
				{ field: 'upcoming', operator: 'is', value: 'yes' },
			],
			sort: { field: 'name', direction: 'asc' },
		} )
	);

	it( 'keeps a fixed order', () => {
		expect( Object.keys( queryParams( query ) ) ).toEqual( [
			'search',
			'page',
			'per_page',
			'stage',
			'upcoming',
			'orderby',
			'order',
		] );
	} );

	it( 'builds the apiFetch path, encoded', () => {
		expect( leadsPath( '/solar-capture/v1/leads', query ) ).toBe(
			'/solar-capture/v1/leads?search=o%E2%80%99neil+%26+co&page=2&per_page=20&stage=won%2Clost&upcoming=true&orderby=name&order=asc'
		);
	} );

	it( 'exports every matching lead: no page, no per_page', () => {
		expect( exportParams( query ) ).toEqual( {
			search: 'o’neil & co',
			stage: 'won,lost',
			upcoming: 'true',
			orderby: 'name',
			order: 'asc',
		} );
	} );
} );

describe( 'isNarrowed', () => {
	it( 'is true for a search or any filter with a value', () => {
		expect( isNarrowed( base ) ).toBe( false );
		expect( isNarrowed( view( { search: 'x' } ) ) ).toBe( true );
		expect(
			isNarrowed(
				view( {
					filters: [
						{ field: 'upcoming', operator: 'is', value: 'no' },
					],
				} )
			)
		).toBe( true );
		expect(
			isNarrowed(
				view( {
					filters: [
						{
							field: 'created_at',
							operator: 'on',
							value: '2026-01-05',
						},
					],
				} )
			)
		).toBe( true );
		expect(
			isNarrowed(
				view( {
					filters: [
						{ field: 'stage', operator: 'isAny', value: undefined },
					],
				} )
			)
		).toBe( false );
	} );
} );

describe( 'readPagination', () => {
	const headers = ( values: Record< string, string > ) => ( {
		get: ( name: string ) => values[ name ] ?? null,
	} );
	const query = viewToQuery( view( { page: 3, perPage: 10 } ) );

	it( 'reads the WordPress headers', () => {
		expect(
			readPagination(
				headers( { 'X-WP-Total': '1234', 'X-WP-TotalPages': '124' } ),
				query,
				10
			)
		).toEqual( {
			totalItems: 1234,
			totalPages: 124,
		} );
	} );

	it( 'infers totals when the headers are missing or broken', () => {
		expect( readPagination( headers( {} ), query, 4 ) ).toEqual( {
			totalItems: 24,
			totalPages: 3,
		} );
		expect(
			readPagination( headers( { 'X-WP-Total': 'lots' } ), query, 0 )
		).toEqual( { totalItems: 20, totalPages: 2 } );
	} );
} );

describe( 'awaiting payment and attribution filters', () => {
	const query = viewToQuery(
		view( {
			filters: [
				{ field: 'awaiting_payment', operator: 'is', value: 'yes' },
				{
					field: 'utm_source',
					operator: 'isAny',
					value: [ 'google', 'google', 'news letter' ],
				},
				{
					field: 'utm_campaign',
					operator: 'isAny',
					value: [ 'spring, 2026 & more' ],
				},
			],
		} )
	);

	it( 'maps awaiting payment to a boolean, both ways', () => {
		expect( query.awaiting_payment ).toBe( true );
		const no = viewToQuery(
			view( {
				filters: [
					{ field: 'awaiting_payment', operator: 'is', value: 'no' },
				],
			} )
		);
		expect( no.awaiting_payment ).toBe( false );
		const unset = viewToQuery(
			view( {
				filters: [
					{
						field: 'awaiting_payment',
						operator: 'is',
						value: undefined,
					},
				],
			} )
		);
		expect( unset.awaiting_payment ).toBeUndefined();
	} );

	it( 'keeps each UTM value whole (commas and spaces), once', () => {
		expect( query.utm_source ).toEqual( [ 'google', 'news letter' ] );
		expect( query.utm_campaign ).toEqual( [ 'spring, 2026 & more' ] );
	} );

	it( 'sends UTM values as an indexed list, in the fixed order', () => {
		expect( queryParams( query ) ).toEqual( {
			page: '1',
			per_page: '20',
			awaiting_payment: 'true',
			'utm_source[0]': 'google',
			'utm_source[1]': 'news letter',
			'utm_campaign[0]': 'spring, 2026 & more',
			orderby: 'created_at',
			order: 'desc',
		} );
		expect( leadsPath( '/solar-capture/v1/leads', query ) ).toBe(
			'/solar-capture/v1/leads?page=1&per_page=20&awaiting_payment=true&utm_source%5B0%5D=google&utm_source%5B1%5D=news+letter&utm_campaign%5B0%5D=spring%2C+2026+%26+more&orderby=created_at&order=desc'
		);
	} );

	it( 'exports with the same filters', () => {
		expect( exportParams( query ) ).toMatchObject( {
			awaiting_payment: 'true',
			'utm_source[0]': 'google',
			'utm_campaign[0]': 'spring, 2026 & more',
		} );
		expect( exportParams( query ) ).not.toHaveProperty( 'page' );
	} );

	it( 'ignores an empty or negative UTM filter; any of them narrows the list', () => {
		const empty = viewToQuery(
			view( {
				filters: [
					{ field: 'utm_source', operator: 'isAny', value: [] },
					{
						field: 'utm_campaign',
						operator: 'isNone',
						value: [ 'x' ],
					},
				],
			} )
		);
		expect( empty.utm_source ).toBeUndefined();
		expect( empty.utm_campaign ).toBeUndefined();
		expect(
			isNarrowed(
				view( {
					filters: [
						{ field: 'utm_source', operator: 'isAny', value: [] },
					],
				} )
			)
		).toBe( false );
		for ( const filter of [
			{ field: 'utm_campaign', operator: 'isAny', value: [ 'spring' ] },
			{ field: 'awaiting_payment', operator: 'is', value: 'no' },
		] as NonNullable< View[ 'filters' ] > ) {
			expect( isNarrowed( view( { filters: [ filter ] } ) ) ).toBe(
				true
			);
		}
	} );
} );
