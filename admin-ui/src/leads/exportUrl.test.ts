import type { View } from '@wordpress/dataviews';

import { buildExportUrl } from './exportUrl';
import { viewToQuery } from './query';

const view = {
	type: 'table',
	search: 'rivera',
	page: 4,
	perPage: 50,
	filters: [
		{ field: 'stage', operator: 'isAny', value: [ 'booked', 'no_show' ] },
		{ field: 'source', operator: 'isAny', value: [ 'calcom' ] },
		{
			field: 'created_at',
			operator: 'between',
			value: [ '2026-01-01', '2026-01-31' ],
		},
		{ field: 'upcoming', operator: 'is', value: 'no' },
	],
	sort: { field: 'next_booking_at', direction: 'asc' },
} as View;

describe( 'buildExportUrl', () => {
	it( 'carries the search, filters, sort and nonce, not the page', () => {
		const url = buildExportUrl(
			{ root: 'https://solar.example/wp-json/', nonce: 'abc123' },
			'solar-capture/v1',
			viewToQuery( view )
		);
		const parsed = new URL( url );
		expect( parsed.origin + parsed.pathname ).toBe(
			'https://solar.example/wp-json/solar-capture/v1/leads/export'
		);
		expect( Object.fromEntries( parsed.searchParams ) ).toEqual( {
			search: 'rivera',
			stage: 'booked,no_show',
			source: 'calcom',
			after: '2026-01-01T00:00:00Z',
			before: '2026-02-01T00:00:00Z',
			upcoming: 'false',
			orderby: 'next_booking_at',
			order: 'asc',
			_wpnonce: 'abc123',
		} );
		expect( parsed.searchParams.has( 'page' ) ).toBe( false );
		expect( parsed.searchParams.has( 'per_page' ) ).toBe( false );
	} );

	it( 'works on a site without pretty permalinks', () => {
		const url = buildExportUrl(
			{ root: 'https://solar.example/?rest_route=/', nonce: 'n' },
			'/solar-capture/v1/',
			viewToQuery( { type: 'table' } as View )
		);
		expect( url ).toBe(
			'https://solar.example/?rest_route=/solar-capture/v1/leads/export&orderby=created_at&order=desc&_wpnonce=n'
		);
	} );
} );
