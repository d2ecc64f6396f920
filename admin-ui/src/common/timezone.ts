/**
 * The site's time zone (Settings → General), as WordPress knows it: an IANA
 * name such as "Europe/London", or only a fixed UTC offset ("UTC+5:30").
 * Pure helpers so they can be unit-tested without a browser.
 */

export type SiteZone =
	{ kind: 'iana'; name: string } | { kind: 'offset'; minutes: number };

export interface ZoneSources {
	/** window.solarCapture.timezone */
	timezone?: unknown;
	/** window.solarCapture.gmtOffset (hours, may be fractional) */
	gmtOffset?: unknown;
	/** wp.date.getSettings().timezone, when core's wp-date is on the page */
	wpDate?: { string?: unknown; offset?: unknown } | null;
	/** The browser's own zone, the last resort. */
	browser?: unknown;
}

/**
 * True when Intl accepts this IANA zone name.
 * @param name A zone name.
 */
export function isValidZone( name: unknown ): name is string {
	if ( typeof name !== 'string' || name.trim() === '' ) {
		return false;
	}
	try {
		new Intl.DateTimeFormat( 'en-US', { timeZone: name } );
		return true;
	} catch {
		return false;
	}
}

function hoursToMinutes( value: unknown ): number | null {
	let n = NaN;
	if ( typeof value === 'number' ) {
		n = value;
	} else if ( typeof value === 'string' && value.trim() !== '' ) {
		n = Number( value );
	}
	if ( ! Number.isFinite( n ) || Math.abs( n ) > 14 ) {
		return null;
	}
	return Math.round( n * 60 );
}

/**
 * "UTC+5.5", "UTC-3", "+05:30" (WordPress's manual offsets) → minutes.
 * @param value A zone string that may be an offset.
 */
function parseOffsetName( value: string ): number | null {
	const decimal = /^(?:UTC|GMT)?\s*([+-]\d{1,2}(?:\.\d+)?)$/i.exec( value );
	if ( decimal ) {
		return hoursToMinutes( decimal[ 1 ] );
	}
	const clock = /^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})$/i.exec( value );
	if ( clock ) {
		const minutes = Number( clock[ 2 ] ) * 60 + Number( clock[ 3 ] );
		return clock[ 1 ] === '-' ? -minutes : minutes;
	}
	return null;
}

function fromOffset( minutes: number ): SiteZone {
	return minutes === 0
		? { kind: 'iana', name: 'UTC' }
		: { kind: 'offset', minutes };
}

function fromName( value: unknown ): SiteZone | null {
	if ( typeof value !== 'string' ) {
		return null;
	}
	const name = value.trim();
	if ( name === '' ) {
		return null;
	}
	const offset = parseOffsetName( name );
	if ( offset !== null ) {
		return fromOffset( offset );
	}
	return isValidZone( name ) ? { kind: 'iana', name } : null;
}

/**
 * Picks the site's zone: the page's zone name, core's wp-date zone name, the
 * page's offset, core's offset, then the browser's zone, then UTC.
 * @param sources Where the zone may come from.
 */
export function resolveSiteZone( sources: ZoneSources ): SiteZone {
	const named =
		fromName( sources.timezone ) ?? fromName( sources.wpDate?.string );
	if ( named ) {
		return named;
	}
	for ( const offset of [ sources.gmtOffset, sources.wpDate?.offset ] ) {
		const minutes = hoursToMinutes( offset );
		if ( minutes !== null ) {
			return fromOffset( minutes );
		}
	}
	return fromName( sources.browser ) ?? { kind: 'iana', name: 'UTC' };
}

/**
 * "Europe/London", "UTC" or "UTC+5:30".
 * @param zone The site zone.
 */
export function zoneLabel( zone: SiteZone ): string {
	if ( zone.kind === 'iana' ) {
		return zone.name;
	}
	const sign = zone.minutes < 0 ? '-' : '+';
	const abs = Math.abs( zone.minutes );
	const hours = Math.floor( abs / 60 );
	const minutes = abs % 60;
	return `UTC${ sign }${ hours }${
		minutes ? `:${ String( minutes ).padStart( 2, '0' ) }` : ''
	}`;
}

/**
 * The zone's offset from UTC, in minutes, at an instant.
 * @param instant Milliseconds since the epoch.
 * @param zone    The zone.
 */
export function offsetMinutesAt( instant: number, zone: SiteZone ): number {
	if ( zone.kind === 'offset' ) {
		return zone.minutes;
	}
	const parts = new Intl.DateTimeFormat( 'en-US', {
		timeZone: zone.name,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	} ).formatToParts( new Date( instant ) );
	const get = ( type: string ) =>
		Number( parts.find( ( part ) => part.type === type )?.value ?? 0 );
	const asUtc = Date.UTC(
		get( 'year' ),
		get( 'month' ) - 1,
		get( 'day' ),
		get( 'hour' ) % 24,
		get( 'minute' ),
		get( 'second' )
	);
	const wholeSeconds = Math.floor( instant / 1000 ) * 1000;
	return Math.round( ( asUtc - wholeSeconds ) / 60000 );
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar date written YYYY-MM-DD.
 * @param value Anything.
 */
export function isYmd( value: unknown ): value is string {
	if ( typeof value !== 'string' ) {
		return false;
	}
	const match = YMD.exec( value );
	if ( ! match ) {
		return false;
	}
	const [ , y, m, d ] = match.map( Number );
	const date = new Date( Date.UTC( y, m - 1, d ) );
	return (
		date.getUTCFullYear() === y &&
		date.getUTCMonth() === m - 1 &&
		date.getUTCDate() === d
	);
}

/**
 * YYYY-MM-DD plus (or minus) whole days.
 * @param ymd  A date.
 * @param days Days to add.
 */
export function addDays( ymd: string, days: number ): string {
	const [ , y, m, d ] = ( YMD.exec( ymd ) ?? [] ).map( Number );
	const date = new Date( Date.UTC( y, m - 1, d + days ) );
	return date.toISOString().slice( 0, 10 );
}

/**
 * The instant a calendar day starts in the zone (midnight there), as an ISO
 * 8601 UTC string, e.g. startOfDay('2025-03-30', Europe/London) →
 * '2025-03-30T00:00:00Z' and startOfDay('2025-07-01', Europe/London) →
 * '2025-06-30T23:00:00Z'. Null for an invalid date.
 *
 * @param ymd  A date, YYYY-MM-DD.
 * @param zone The zone.
 */
export function startOfDayUtc( ymd: string, zone: SiteZone ): string | null {
	if ( ! isYmd( ymd ) ) {
		return null;
	}
	const [ , y, m, d ] = ( YMD.exec( ymd ) as RegExpExecArray ).map( Number );
	const guess = Date.UTC( y, m - 1, d );
	const first = offsetMinutesAt( guess, zone );
	let instant = guess - first * 60000;
	const second = offsetMinutesAt( instant, zone );
	if ( second !== first ) {
		instant = guess - second * 60000;
	}
	return new Date( instant ).toISOString().replace( /\.\d{3}Z$/, 'Z' );
}

/**
 * Today's date in the zone, YYYY-MM-DD.
 * @param zone The zone.
 * @param now  Milliseconds since the epoch (for tests).
 */
export function todayInZone( zone: SiteZone, now = Date.now() ): string {
	const shifted = now + offsetMinutesAt( now, zone ) * 60000;
	return new Date( shifted ).toISOString().slice( 0, 10 );
}

/**
 * The zone as @wordpress/date's `timezone` argument: the IANA name, or a
 * fixed offset written "+05:30" (which it reads as an ISO 8601 offset).
 * @param zone The zone.
 */
export function zoneArgument( zone: SiteZone ): string {
	if ( zone.kind === 'iana' ) {
		return zone.name;
	}
	const abs = Math.abs( zone.minutes );
	const pad = ( n: number ) => String( n ).padStart( 2, '0' );
	return `${ zone.minutes < 0 ? '-' : '+' }${ pad(
		Math.floor( abs / 60 )
	) }:${ pad( abs % 60 ) }`;
}
