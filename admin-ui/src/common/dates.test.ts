/**
 * Times shown by the screens: in the site's zone and the site's date and
 * time formats, through the real @wordpress/date (given the settings that
 * WordPress prints for wp-date).
 */
import { getSettings, setSettings } from '@wordpress/date';
import moment from 'moment';

import {
	formatDate,
	formatDateTime,
	formatInZone,
	formatRange,
	relativeTime,
	sameAsSite,
	siteFormats,
} from './dates';

const tokyo = { kind: 'iana', name: 'Asia/Tokyo' } as const;
const india = { kind: 'offset', minutes: 330 } as const;
const original = getSettings();

// What WordPress prints after core's moment script (script-loader.php), before
// wp-date's settings: the user's locale, its formats left half empty.
moment.updateLocale( 'en_US', {
	longDateFormat: {
		LT: 'g:i a',
		LTS: null,
		L: null,
		LL: 'F j, Y',
		LLL: 'F j, Y g:i a',
		LLLL: null,
	},
} as unknown as moment.LocaleSpecification );

function useFormats( date: string, time: string ) {
	setSettings( {
		...original,
		// What WordPress prints: the user's locale, with WordPress's own words.
		l10n: { ...original.l10n, locale: 'en_US' },
		formats: { ...original.formats, date, time },
		timezone: {
			offset: 9,
			offsetFormatted: '9',
			string: 'Asia/Tokyo',
			abbr: 'JST',
		},
	} );
}

afterAll( () => setSettings( original ) );

describe( 'site formats and zone', () => {
	it( 'writes a time in the site’s date and time formats, in its zone', () => {
		useFormats( 'F j, Y', 'g:i a' );
		expect( siteFormats() ).toEqual( { date: 'F j, Y', time: 'g:i a' } );
		// 15:00 UTC is midnight the next day in Tokyo.
		expect( formatDateTime( '2026-03-02T15:00:00Z', tokyo ) ).toBe(
			'March 3, 2026 at 12:00 am'
		);
		expect( formatDate( '2026-03-02 15:00:00', tokyo ) ).toBe(
			'March 3, 2026'
		);
		useFormats( 'd/m/Y', 'H:i' );
		expect( formatDateTime( '2026-03-02T15:00:00Z', tokyo ) ).toBe(
			'03/03/2026 at 00:00'
		);
	} );

	it( 'uses the site’s zone when none is given', () => {
		useFormats( 'Y-m-d', 'H:i' );
		// Nothing on the page names a zone here: wp-date's own settings do.
		expect( formatDateTime( '2026-03-02T15:00:00Z' ) ).toBe(
			'2026-03-03 at 00:00'
		);
	} );

	it( 'formats fixed offsets (UTC+5:30)', () => {
		useFormats( 'Y-m-d', 'H:i' );
		expect( formatDateTime( '2026-01-01T00:00:00Z', india ) ).toBe(
			'2026-01-01 at 05:30'
		);
	} );

	it( 'writes a range on one day once, and two days in full', () => {
		useFormats( 'j M Y', 'H:i' );
		expect(
			formatRange( '2026-03-03T01:00:00Z', '2026-03-03T01:30:00Z', tokyo )
		).toBe( '3 Mar 2026 at 10:00 – 10:30' );
		expect(
			formatRange( '2026-03-03T14:30:00Z', '2026-03-03T15:30:00Z', tokyo )
		).toBe( '3 Mar 2026 at 23:30 – 4 Mar 2026 at 00:30' );
		expect( formatRange( '2026-03-03T01:00:00Z', null, tokyo ) ).toBe(
			'3 Mar 2026 at 10:00'
		);
		expect( formatRange( '', '2026-03-03T01:00:00Z', tokyo ) ).toBe( '' );
	} );

	it( 'shows the booker’s own zone, and tells when it matches the site’s', () => {
		useFormats( 'j M Y', 'H:i' );
		expect(
			formatInZone( '2026-03-03T15:00:00Z', 'America/New_York' )
		).toBe( '3 Mar 2026 at 10:00' );
		expect( formatInZone( '2026-03-03T15:00:00Z', 'Mars/Olympus' ) ).toBe(
			''
		);
		expect( sameAsSite( '2026-03-03T15:00:00Z', 'Asia/Tokyo' ) ).toBe(
			true
		);
		expect( sameAsSite( '2026-03-03T15:00:00Z', 'Europe/Paris' ) ).toBe(
			false
		);
	} );

	it( 'says how far away a time is, in WordPress’s words', () => {
		useFormats( 'j M Y', 'H:i' );
		const now = Date.parse( '2026-03-01T12:00:00Z' );
		expect( relativeTime( '2026-03-04T12:00:00Z', now ) ).toBe(
			'3 days from now'
		);
		expect( relativeTime( '2026-03-01T10:00:00Z', now ) ).toBe(
			'2 hours ago'
		);
		expect( relativeTime( null, now ) ).toBe( '' );
	} );

	it( 'shows nothing for an empty or unreadable time', () => {
		expect( formatDateTime( '' ) ).toBe( '' );
		expect( formatDateTime( '0000-00-00 00:00:00' ) ).toBe( '' );
		expect( formatDate( 'soon' ) ).toBe( '' );
	} );
} );
