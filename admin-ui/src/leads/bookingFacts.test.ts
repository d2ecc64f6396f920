import {
	eventAnswers,
	fieldFills,
	hasTouch,
	httpUrl,
	rescheduleRequests,
	seriesPositions,
} from './bookingFacts';
import { normaliseAttribution, normaliseBooking } from './normalise';
import type { Booking, LeadEvent } from './types';

const booking = ( fields: Record< string, unknown > ): Booking =>
	normaliseBooking( {
		provider: 'calcom',
		status: 'accepted',
		...fields,
	} ) as Booking;

const event = ( fields: Partial< LeadEvent > ): LeadEvent => ( {
	id: 1,
	type: 'booking_cancelled',
	data: null,
	actor: 'calcom',
	actor_label: 'Cal.com',
	created_at: '2026-12-01T10:00:00Z',
	...fields,
} );

describe( 'httpUrl', () => {
	it( 'accepts one http(s) link', () => {
		expect( httpUrl( 'https://app.cal.com/video/abc?x=1' ) ).toBe(
			'https://app.cal.com/video/abc?x=1'
		);
		expect( httpUrl( '  http://meet.example.org/r ' ) ).toBe(
			'http://meet.example.org/r'
		);
	} );
	it( 'refuses everything else', () => {
		for ( const text of [
			'javascript:alert(1)',
			'JAVASCRIPT://%0aalert(1)',
			'data:text/html,<script>x</script>',
			'12 High Street, Leeds',
			'+44 113 496 0000',
			'see https://example.org for the link',
			'https://',
			'',
		] ) {
			expect( httpUrl( text ) ).toBeNull();
		}
	} );
} );

describe( 'seriesPositions', () => {
	it( 'numbers the occurrences of each series by start time', () => {
		const positions = seriesPositions( [
			booking( {
				id: 3,
				series_id: 'r1',
				start_at: '2026-12-15T09:00:00Z',
			} ),
			booking( {
				id: 1,
				series_id: 'r1',
				start_at: '2026-12-01T09:00:00Z',
			} ),
			booking( {
				id: 2,
				series_id: 'r1',
				start_at: '2026-12-08T09:00:00Z',
			} ),
			booking( {
				id: 4,
				series_id: 'r2',
				start_at: '2026-12-02T09:00:00Z',
			} ),
			booking( {
				id: 5,
				provider: 'calendly',
				series_id: 'r1',
				start_at: '2026-12-03T09:00:00Z',
			} ),
			booking( { id: 6, start_at: '2026-12-04T09:00:00Z' } ),
		] );
		expect( positions.get( 1 ) ).toEqual( { index: 1, count: 3 } );
		expect( positions.get( 2 ) ).toEqual( { index: 2, count: 3 } );
		expect( positions.get( 3 ) ).toEqual( { index: 3, count: 3 } );
		expect( positions.get( 4 ) ).toEqual( { index: 1, count: 1 } );
		expect( positions.get( 5 ) ).toEqual( { index: 1, count: 1 } );
		expect( positions.has( 6 ) ).toBe( false );
	} );
} );

describe( 'rescheduleRequests', () => {
	it( 'finds cancellations that asked for a new time, latest first', () => {
		const found = rescheduleRequests( [
			event( {
				data: {
					booking_id: 7,
					request_reschedule: true,
					reason: 'Host is ill',
				},
			} ),
			event( {
				id: 2,
				created_at: '2026-11-30T10:00:00Z',
				data: {
					booking_id: 7,
					request_reschedule: true,
					reason: 'older',
				},
			} ),
			event( {
				id: 3,
				data: {
					booking_id: 8,
					request_reschedule: false,
					reason: 'No longer needed',
				},
			} ),
			event( {
				id: 4,
				type: 'note',
				data: { booking_id: 9, request_reschedule: true },
			} ),
			event( {
				id: 5,
				data: {
					booking_id: 10,
					request_reschedule: true,
					reason: null,
				},
			} ),
		] );
		expect( [ ...found ] ).toEqual( [
			[ 7, 'Host is ill' ],
			[ 10, '' ],
		] );
	} );
} );

describe( 'attribution', () => {
	it( 'reads first and latest touch from the lead fields', () => {
		const attribution = normaliseAttribution( {
			first_utm_source: 'google',
			first_utm_medium: 'cpc',
			first_touch_at: '2026-11-01T08:00:00Z',
			last_utm_source: 42,
			last_referrer: { html: '<b>x</b>' },
		} );
		expect( attribution.first ).toMatchObject( {
			source: 'google',
			medium: 'cpc',
			campaign: '',
			at: '2026-11-01T08:00:00Z',
		} );
		expect( attribution.last ).toMatchObject( {
			source: '42',
			referrer: '',
			at: null,
		} );
		expect( hasTouch( attribution.first ) ).toBe( true );
		expect( hasTouch( normaliseAttribution( null ).last ) ).toBe( false );
	} );
} );

describe( 'booking answers', () => {
	it( 'keeps answers with text, as text', () => {
		const b = booking( {
			answers: [
				{ label: 'Monthly bill', value: '£120' },
				{ label: 'Notes', value: '<script>window.__x=1</script>' },
				{ label: 'Empty', value: '  ' },
				{ label: 'Nested', value: { html: '<b>' } },
				'junk',
			],
			seats: '4',
		} );
		expect( b.answers ).toEqual( [
			{ label: 'Monthly bill', value: '£120' },
			{ label: 'Notes', value: '<script>window.__x=1</script>' },
		] );
		expect( b.seats ).toBe( 4 );
		expect( booking( { answers: 'not a list' } ).answers ).toEqual( [] );
	} );
} );

describe( 'timeline data', () => {
	it( 'reads field fills and form answers', () => {
		expect(
			fieldFills( {
				fields: [
					{
						field: 'phone',
						value: '+44 7700 900123',
						question: 'Phone',
					},
					{
						field: 'homeowner',
						value: 1,
						question: 'Do you own the property?',
					},
					{ value: 'no field' },
					null,
				],
			} )
		).toEqual( [
			{ field: 'phone', value: '+44 7700 900123', question: 'Phone' },
			{
				field: 'homeowner',
				value: '1',
				question: 'Do you own the property?',
			},
		] );
		expect( fieldFills( null ) ).toEqual( [] );
		expect(
			eventAnswers( [
				{ key: 'postcode', label: '', value: 'LS1 4AP' },
				{ key: 'x', label: 'Roof', value: 'Flat' },
				{ key: 'y', label: 'Empty', value: '' },
				7,
			] )
		).toEqual( [
			{ label: 'postcode', value: 'LS1 4AP' },
			{ label: 'Roof', value: 'Flat' },
		] );
	} );
} );
