import {
	addDays,
	isValidZone,
	isYmd,
	offsetMinutesAt,
	resolveSiteZone,
	startOfDayUtc,
	todayInZone,
	zoneLabel,
	zoneArgument,
} from './timezone';

describe( 'resolveSiteZone', () => {
	it( 'prefers the page’s IANA zone', () => {
		expect(
			resolveSiteZone( {
				timezone: 'Europe/London',
				gmtOffset: 5,
				browser: 'Asia/Tokyo',
			} )
		).toEqual( {
			kind: 'iana',
			name: 'Europe/London',
		} );
	} );

	it( 'then core’s wp-date zone, then the offsets, then the browser', () => {
		expect(
			resolveSiteZone( {
				timezone: '',
				wpDate: { string: 'America/Chicago', offset: -6 },
				browser: 'Asia/Tokyo',
			} )
		).toEqual( {
			kind: 'iana',
			name: 'America/Chicago',
		} );
		expect(
			resolveSiteZone( {
				timezone: '',
				gmtOffset: 5.5,
				browser: 'Asia/Tokyo',
			} )
		).toEqual( { kind: 'offset', minutes: 330 } );
		expect(
			resolveSiteZone( { gmtOffset: '-3', browser: 'Asia/Tokyo' } )
		).toEqual( { kind: 'offset', minutes: -180 } );
		expect(
			resolveSiteZone( { wpDate: { string: '', offset: '2' } } )
		).toEqual( { kind: 'offset', minutes: 120 } );
		expect( resolveSiteZone( { browser: 'Asia/Tokyo' } ) ).toEqual( {
			kind: 'iana',
			name: 'Asia/Tokyo',
		} );
		expect( resolveSiteZone( {} ) ).toEqual( {
			kind: 'iana',
			name: 'UTC',
		} );
	} );

	it( 'reads WordPress’s manual offsets and treats 0 as UTC', () => {
		expect( resolveSiteZone( { timezone: 'UTC+5.5' } ) ).toEqual( {
			kind: 'offset',
			minutes: 330,
		} );
		expect( resolveSiteZone( { timezone: 'UTC-9:30' } ) ).toEqual( {
			kind: 'offset',
			minutes: -570,
		} );
		expect( resolveSiteZone( { timezone: '+05:45' } ) ).toEqual( {
			kind: 'offset',
			minutes: 345,
		} );
		expect(
			resolveSiteZone( { gmtOffset: 0, browser: 'Asia/Tokyo' } )
		).toEqual( { kind: 'iana', name: 'UTC' } );
	} );

	it( 'skips an unknown zone name or an absurd offset', () => {
		expect(
			resolveSiteZone( { timezone: 'Mars/Olympus', gmtOffset: 1 } )
		).toEqual( { kind: 'offset', minutes: 60 } );
		expect(
			resolveSiteZone( { gmtOffset: 99, browser: 'Europe/Paris' } )
		).toEqual( { kind: 'iana', name: 'Europe/Paris' } );
		expect( isValidZone( 'Europe/Paris' ) ).toBe( true );
		expect( isValidZone( '' ) ).toBe( false );
	} );
} );

describe( 'zoneLabel', () => {
	it( 'names IANA zones and writes offsets as UTC±h[:mm]', () => {
		expect( zoneLabel( { kind: 'iana', name: 'Europe/London' } ) ).toBe(
			'Europe/London'
		);
		expect( zoneLabel( { kind: 'offset', minutes: 330 } ) ).toBe(
			'UTC+5:30'
		);
		expect( zoneLabel( { kind: 'offset', minutes: -180 } ) ).toBe(
			'UTC-3'
		);
	} );
} );

describe( 'offsets and midnights', () => {
	const london = { kind: 'iana', name: 'Europe/London' } as const;
	const newYork = { kind: 'iana', name: 'America/New_York' } as const;

	it( 'knows summer time', () => {
		expect(
			offsetMinutesAt( Date.parse( '2026-01-15T12:00:00Z' ), london )
		).toBe( 0 );
		expect(
			offsetMinutesAt( Date.parse( '2026-07-15T12:00:00Z' ), london )
		).toBe( 60 );
		expect(
			offsetMinutesAt( Date.parse( '2026-07-15T12:00:00Z' ), newYork )
		).toBe( -240 );
	} );

	it( 'finds the start of a day, across daylight-saving changes', () => {
		// London moves to BST at 01:00 UTC on 29 March 2026: that midnight is still GMT.
		expect( startOfDayUtc( '2026-03-29', london ) ).toBe(
			'2026-03-29T00:00:00Z'
		);
		expect( startOfDayUtc( '2026-03-30', london ) ).toBe(
			'2026-03-29T23:00:00Z'
		);
		// New York leaves EDT on 1 November 2026 at 02:00 local: midnight is still EDT.
		expect( startOfDayUtc( '2026-11-01', newYork ) ).toBe(
			'2026-11-01T04:00:00Z'
		);
		expect( startOfDayUtc( '2026-11-02', newYork ) ).toBe(
			'2026-11-02T05:00:00Z'
		);
		expect(
			startOfDayUtc( '2026-11-02', { kind: 'offset', minutes: 330 } )
		).toBe( '2026-11-01T18:30:00Z' );
		expect( startOfDayUtc( 'nope', london ) ).toBeNull();
	} );

	it( 'tells today’s date in the zone', () => {
		const now = Date.parse( '2026-06-30T23:30:00Z' );
		expect( todayInZone( london, now ) ).toBe( '2026-07-01' );
		expect( todayInZone( newYork, now ) ).toBe( '2026-06-30' );
	} );

	it( 'names fixed offsets as wp-date reads them', () => {
		expect( zoneArgument( { kind: 'offset', minutes: 330 } ) ).toBe(
			'+05:30'
		);
		expect( zoneArgument( { kind: 'offset', minutes: -570 } ) ).toBe(
			'-09:30'
		);
		expect( zoneArgument( newYork ) ).toBe( 'America/New_York' );
	} );
} );

describe( 'calendar dates', () => {
	it( 'validates YYYY-MM-DD', () => {
		expect( isYmd( '2028-02-29' ) ).toBe( true );
		expect( isYmd( '2026-02-29' ) ).toBe( false );
		expect( isYmd( '2026-1-01' ) ).toBe( false );
		expect( isYmd( 20260101 ) ).toBe( false );
	} );

	it( 'adds days across months and years', () => {
		expect( addDays( '2026-12-31', 1 ) ).toBe( '2027-01-01' );
		expect( addDays( '2026-03-01', -1 ) ).toBe( '2026-02-28' );
	} );
} );
