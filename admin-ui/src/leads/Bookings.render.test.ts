/**
 * The booking details as markup (server-rendered, no browser): answers and
 * places are text, only an http(s) join link is a link, who cancelled and
 * why, the series and the seat.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import Attribution from './Attribution';
import Bookings from './Bookings';
import { normaliseAttribution, normaliseBooking } from './normalise';
import type { Booking, LeadEvent } from './types';

const booking = ( fields: Record< string, unknown > ): Booking =>
	normaliseBooking( {
		id: 1,
		provider: 'calcom',
		external_id: 'uid-1',
		status: 'accepted',
		title: 'Solar open evening',
		start_at: '2027-03-10T14:00:00Z',
		...fields,
	} ) as Booking;

const render = ( bookings: Booking[], events: LeadEvent[] = [] ) =>
	renderToStaticMarkup( createElement( Bookings, { bookings, events } ) );

describe( 'Bookings', () => {
	it( 'shows answers as text and a seat with its places', () => {
		const html = render( [
			booking( {
				booking_uid: 'session',
				seat_id: 'seat-1',
				seats: 6,
				location: 'https://app.cal.com/video/x',
				location_type: 'video',
				answers: [
					{
						label: 'Anything else',
						value: '<script>window.__x=1</script>',
					},
					{ label: '<b>Bill</b>', value: '£140' },
				],
			} ),
		] );
		expect( html ).not.toContain( '<script' );
		expect( html ).not.toContain( '<b>' );
		expect( html ).toContain( '&lt;script&gt;window.__x=1&lt;/script&gt;' );
		expect( html ).toContain(
			'Seat in a group session: Solar open evening'
		);
		expect( html ).toContain( '6 places in the session' );
		expect( html ).toContain( 'href="https://app.cal.com/video/x"' );
		expect( html ).toContain( 'rel="noopener noreferrer"' );
	} );

	it( 'never links a location that is not http(s)', () => {
		const html = render( [
			booking( {
				location: 'javascript:alert(1)',
				location_type: 'video',
			} ),
			booking( {
				id: 2,
				location: '12 High Street, Leeds',
				location_type: 'in_person',
			} ),
		] );
		expect( html ).not.toContain( '<a' );
		expect( html ).toContain( 'Video call:' );
		expect( html ).toContain( 'In person:' );
		expect( html ).toContain( '12 High Street, Leeds' );
	} );

	it( 'says who cancelled, declined, asked for a new time, and numbers a series', () => {
		const html = render(
			[
				booking( {
					id: 1,
					status: 'cancelled',
					cancelled_by: 'Hannah Host',
					cancelled_by_role: 'host',
					cancel_reason: 'Fully booked',
					series_id: 's',
					cancel_scope: 'series',
					start_at: '2027-03-17T09:00:00Z',
				} ),
				booking( {
					id: 2,
					series_id: 's',
					start_at: '2027-03-10T09:00:00Z',
				} ),
				booking( {
					id: 3,
					status: 'rejected',
					cancel_reason: 'Outside our area',
				} ),
				booking( {
					id: 4,
					status: 'cancelled',
					cancelled_by: 'ana@example.org',
					cancelled_by_role: 'invitee',
					cancel_reason: 'The van broke down',
				} ),
				booking( { id: 5, status: 'awaiting_payment' } ),
			],
			[
				{
					id: 9,
					type: 'booking_cancelled',
					data: {
						booking_id: 4,
						request_reschedule: true,
						reason: 'The van broke down',
					},
					actor: 'calcom',
					actor_label: 'Cal.com',
					created_at: '2027-03-01T00:00:00Z',
				},
			]
		);
		expect( html ).toContain( 'Cancelled by the host (Hannah Host)' );
		expect( html ).toContain(
			'Cancelled with every later occurrence of its series'
		);
		expect( html ).toContain( 'Part of a series: 2 of 2' );
		expect( html ).toContain( 'Part of a series: 1 of 2' );
		expect( html ).toContain( 'Declined: Outside our area' );
		expect( html ).toContain( 'New time requested' );
		expect( html ).toContain(
			'A new time was asked for: The van broke down'
		);
		expect( html ).toContain(
			'Cancelled by the invitee (ana@example.org)'
		);
		expect( html ).toContain( 'Awaiting payment' );
	} );
} );

describe( 'Attribution', () => {
	it( 'shows both touches, or says nothing is known', () => {
		const html = renderToStaticMarkup(
			createElement( Attribution, {
				attribution: normaliseAttribution( {
					first_utm_source: 'google',
					first_utm_campaign: '<img src=x onerror=alert(1)>',
					last_utm_source: 'newsletter',
				} ),
			} )
		);
		expect( html ).toContain( 'First touch' );
		expect( html ).toContain( 'Latest touch' );
		expect( html ).toContain( 'google' );
		expect( html ).toContain( 'newsletter' );
		expect( html ).not.toContain( '<img' );
		expect(
			renderToStaticMarkup(
				createElement( Attribution, {
					attribution: normaliseAttribution( {} ),
				} )
			)
		).toContain( 'No campaign or referrer is known' );
	} );
} );
