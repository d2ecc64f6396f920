import {
	bulkCount,
	normaliseBooking,
	normaliseEvent,
	normaliseLead,
	normaliseLeadDetails,
	normaliseLeads,
	sortEvents,
} from './normalise';

describe( 'normaliseLead', () => {
	it( 'keeps a well-formed row', () => {
		const lead = normaliseLead( {
			id: 7,
			email: 'a@example.org',
			name: 'Avery',
			phone: '+44 1',
			postcode: 'SW1A 1AA',
			address: '1 Road',
			monthly_bill: 120.5,
			roof_type: 'pitched',
			homeowner: true,
			source: 'calcom',
			stage: 'booked',
			stage_label: 'Booked',
			stage_changed_at: '2026-11-25T08:00:00Z',
			next_booking_at: '2026-12-01T10:00:00Z',
			created_at: '2026-11-25T08:00:00Z',
			updated_at: '2026-11-25T08:00:00Z',
		} );
		expect( lead ).toMatchObject( {
			id: 7,
			monthly_bill: 120.5,
			homeowner: true,
			next_booking_at: '2026-12-01T10:00:00Z',
			next_booking_timezone: '',
		} );
	} );

	it( 'coerces loose values and fills gaps', () => {
		expect(
			normaliseLead( {
				id: '12',
				monthly_bill: '99.90',
				homeowner: '0',
				next_booking_at: '',
				name: null,
			} )
		).toMatchObject( {
			id: 12,
			name: '',
			email: '',
			monthly_bill: 99.9,
			homeowner: false,
			next_booking_at: null,
			stage_changed_at: null,
		} );
		expect(
			normaliseLead( { id: 3, homeowner: 'maybe', monthly_bill: 'n/a' } )
		).toMatchObject( { homeowner: null, monthly_bill: null } );
	} );

	it( 'reads the booker’s zone when the row carries it', () => {
		expect(
			normaliseLead( {
				id: 1,
				next_booking_timezone: 'America/New_York',
			} )?.next_booking_timezone
		).toBe( 'America/New_York' );
		expect(
			normaliseLead( { id: 1, next_booking: { timezone: 'Asia/Tokyo' } } )
				?.next_booking_timezone
		).toBe( 'Asia/Tokyo' );
	} );

	it( 'keeps markup as plain text (React escapes it)', () => {
		expect(
			normaliseLead( { id: 1, name: '<img src=x onerror=alert(1)>' } )
				?.name
		).toBe( '<img src=x onerror=alert(1)>' );
	} );

	it( 'drops rows without a usable id', () => {
		expect( normaliseLead( null ) ).toBeNull();
		expect( normaliseLead( [ 1 ] ) ).toBeNull();
		expect( normaliseLead( { id: 0 } ) ).toBeNull();
		expect( normaliseLead( { id: 1.5 } ) ).toBeNull();
		expect(
			normaliseLeads( [ { id: 1 }, 'x', { id: -2 }, { id: 3 } ] ).map(
				( l ) => l.id
			)
		).toEqual( [ 1, 3 ] );
		expect( normaliseLeads( { not: 'a list' } ) ).toEqual( [] );
	} );
} );

describe( 'normaliseLeadDetails', () => {
	it( 'adds bookings, events and the message', () => {
		const details = normaliseLeadDetails( {
			id: 5,
			message: 'South roof',
			bookings: [
				{
					id: 9,
					provider: 'calcom',
					external_id: 'uid-2',
					status: 'accepted',
					start_at: '2026-12-01T10:00:00Z',
					end_at: '2026-12-01T10:30:00Z',
					timezone: 'Europe/London',
					previous_external_id: 'uid-1',
					next_external_id: null,
					guests: [ 'p@example.org', { email: 'q@example.org' } ],
				},
				'junk',
			],
			events: [
				{
					id: 1,
					type: 'note',
					data: { text: 'hi' },
					actor: 'user:1',
					actor_label: 'Admin',
					created_at: '2026-11-25T08:00:00Z',
				},
			],
		} );
		expect( details?.message ).toBe( 'South roof' );
		expect( details?.bookings ).toHaveLength( 1 );
		expect( details?.bookings[ 0 ] ).toMatchObject( {
			previous_external_id: 'uid-1',
			next_external_id: null,
			guests: [ 'p@example.org', 'q@example.org' ],
			cancel_reason: '',
		} );
		expect( details?.events[ 0 ] ).toMatchObject( {
			actor_label: 'Admin',
			data: { text: 'hi' },
		} );
	} );

	it( 'is null for something that is not a lead', () => {
		expect( normaliseLeadDetails( { code: 'rest_forbidden' } ) ).toBeNull();
	} );
} );

describe( 'bookings and events', () => {
	it( 'parses guests stored as JSON text', () => {
		expect(
			normaliseBooking( { guests: '["a@example.org"]' } )?.guests
		).toEqual( [ 'a@example.org' ] );
		expect( normaliseBooking( { guests: 'not json' } )?.guests ).toEqual(
			[]
		);
	} );

	it( 'parses event data stored as JSON text, and keeps non-JSON as a value', () => {
		expect(
			normaliseEvent( { id: 1, data: '{"from":"new","to":"booked"}' } )
				?.data
		).toEqual( { from: 'new', to: 'booked' } );
		expect( normaliseEvent( { id: 1, data: 'plain' } )?.data ).toEqual( {
			value: 'plain',
		} );
		expect( normaliseEvent( { id: 1, data: [ 1, 2 ] } )?.data ).toBeNull();
	} );

	it( 'sorts newest first, by id within the same second', () => {
		const events = [
			{ id: 1, created_at: '2026-01-01T00:00:00Z' },
			{ id: 3, created_at: '2026-01-02T00:00:00Z' },
			{ id: 2, created_at: '2026-01-02T00:00:00Z' },
		].map( ( e ) => normaliseEvent( e )! );
		expect( sortEvents( events ).map( ( e ) => e.id ) ).toEqual( [
			3, 2, 1,
		] );
	} );
} );

describe( 'bulkCount', () => {
	it( 'reads updated or deleted', () => {
		expect( bulkCount( { updated: 3 } ) ).toBe( 3 );
		expect( bulkCount( { deleted: '2' } ) ).toBe( 2 );
		expect( bulkCount( { ok: true } ) ).toBeNull();
		expect( bulkCount( null ) ).toBeNull();
	} );
} );
