import type { View } from '@wordpress/dataviews';

import { persistedPart, sanitiseView, storageKey } from './viewStorage';

const defaults: View = {
	type: 'table',
	search: '',
	filters: [],
	page: 1,
	perPage: 20,
	sort: { field: 'created_at', direction: 'desc' },
	titleField: 'name',
	fields: [ 'email', 'stage', 'created_at' ],
	layout: {},
};
const rules = {
	fields: [
		'email',
		'phone',
		'stage',
		'source',
		'created_at',
		'next_booking_at',
	],
	stages: [ 'new', 'booked', 'won', 'lost' ],
};

describe( 'sanitiseView', () => {
	it( 'restores a stored view, without its search and page', () => {
		const stored = {
			type: 'table',
			fields: [ 'phone', 'stage' ],
			sort: { field: 'name', direction: 'asc' },
			perPage: 50,
			search: 'old search',
			page: 7,
			layout: { density: 'compact' },
			filters: [
				{ field: 'stage', operator: 'isAny', value: [ 'won', 'lost' ] },
				{
					field: 'created_at',
					operator: 'between',
					value: [ '2026-01-01', '2026-01-31' ],
				},
				{ field: 'upcoming', operator: 'is', value: 'yes' },
			],
		};
		const view = sanitiseView( stored, defaults, rules );
		expect( view ).toMatchObject( {
			type: 'table',
			fields: [ 'phone', 'stage' ],
			sort: { field: 'name', direction: 'asc' },
			perPage: 50,
			search: '',
			page: 1,
			titleField: 'name',
			layout: { density: 'compact' },
		} );
		expect( view.filters ).toHaveLength( 3 );
	} );

	it( 'round-trips what it stores', () => {
		const view = sanitiseView(
			{ ...defaults, perPage: 100, fields: [ 'source' ] },
			defaults,
			rules
		);
		expect(
			sanitiseView(
				JSON.parse( JSON.stringify( persistedPart( view ) ) ),
				defaults,
				rules
			)
		).toEqual( view );
	} );

	it( 'drops what no longer exists or was tampered with', () => {
		const view = sanitiseView(
			{
				type: 'grid',
				fields: [ 'email', 'secret_column', 42, 'email' ],
				sort: { field: 'phone', direction: 'asc' },
				perPage: 7,
				layout: {
					density: 'huge',
					styles: { email: { width: 200, color: 'red' } },
				},
				filters: [
					{
						field: 'stage',
						operator: 'isAny',
						value: [ 'retired_stage' ],
					},
					{ field: 'stage', operator: 'isAny', value: [ 'won' ] },
					{
						field: 'source',
						operator: 'isNone',
						value: [ 'calcom' ],
					},
					{
						field: 'created_at',
						operator: 'on',
						value: '31/12/2026',
					},
					{ field: 'upcoming', operator: 'is', value: 'maybe' },
					{ field: 'email', operator: 'is', value: 'x' },
					'junk',
				],
			},
			defaults,
			rules
		);
		expect( view.type ).toBe( 'table' );
		expect( view.fields ).toEqual( [ 'email' ] );
		expect( view.sort ).toEqual( defaults.sort );
		expect( view.perPage ).toBe( 20 );
		expect( view.filters ).toEqual( [
			{ field: 'stage', operator: 'isAny', value: [ 'won' ] },
		] );
	} );

	it( 'keeps an added but empty filter and a half-open date range', () => {
		const view = sanitiseView(
			{
				filters: [
					{ field: 'source', operator: 'isAny' },
					{
						field: 'created_at',
						operator: 'between',
						value: [ '', '2026-02-01' ],
					},
				],
			},
			defaults,
			rules
		);
		expect( view.filters ).toEqual( [
			{ field: 'source', operator: 'isAny', value: undefined },
			{
				field: 'created_at',
				operator: 'between',
				value: [ undefined, '2026-02-01' ],
			},
		] );
	} );

	it( 'keeps the awaiting payment and attribution filters, dropping bad values', () => {
		const view = sanitiseView(
			{
				filters: [
					{ field: 'awaiting_payment', operator: 'is', value: 'yes' },
					{
						field: 'utm_source',
						operator: 'isAny',
						value: [ 'google', 7, '', 'x'.repeat( 192 ) ],
					},
					{
						field: 'utm_campaign',
						operator: 'isAny',
						value: [ 'spring, 2026 & more' ],
					},
				],
			},
			defaults,
			rules
		);
		expect( view.filters ).toEqual( [
			{ field: 'awaiting_payment', operator: 'is', value: 'yes' },
			{ field: 'utm_source', operator: 'isAny', value: [ 'google' ] },
			{
				field: 'utm_campaign',
				operator: 'isAny',
				value: [ 'spring, 2026 & more' ],
			},
		] );
		const bad = sanitiseView(
			{
				filters: [
					{
						field: 'awaiting_payment',
						operator: 'is',
						value: 'soon',
					},
					{ field: 'utm_source', operator: 'is', value: 'google' },
					{ field: 'utm_campaign', operator: 'isAny', value: [ 3 ] },
				],
			},
			defaults,
			rules
		);
		expect( bad.filters ).toEqual( [] );
	} );

	it( 'falls back to the defaults for anything unreadable', () => {
		expect( sanitiseView( null, defaults, rules ) ).toBe( defaults );
		expect( sanitiseView( 'x', defaults, rules ) ).toBe( defaults );
	} );

	it( 'keys storage per user', () => {
		expect( storageKey( '3' ) ).not.toBe( storageKey( '4' ) );
		expect( storageKey( '' ) ).toContain( 'anonymous' );
	} );
} );
