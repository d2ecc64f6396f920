/**
 * The REST API returns times as ISO 8601 UTC ('2026-12-01T10:00:00Z'; older
 * answers 'YYYY-MM-DD HH:MM:SS', also UTC). These helpers read them and show
 * them in the SITE's time zone (Settings → General), which is what the owner
 * plans their day in, whatever the browser's zone.
 */
import { getConfig } from './config';
import {
	resolveSiteZone,
	shiftForZone,
	zoneLabel,
	zoneOptions,
	type SiteZone,
} from './timezone';

const UTC_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a UTC time from the API; `null` for empty or unreadable values.
 * @param value A UTC time from the API.
 */
export function parseUtc( value: unknown ): Date | null {
	if ( typeof value !== 'string' ) {
		return null;
	}
	const trimmed = value.trim();
	if ( trimmed === '' || trimmed.startsWith( '0000-00-00' ) ) {
		return null;
	}
	const match = UTC_PATTERN.exec( trimmed );
	let date: Date;
	if ( match ) {
		const [ , y, mo, d, h, mi, s = '00', zone ] = match;
		let offset = zone ? zone.toUpperCase() : 'Z';
		if ( /^[+-]\d{4}$/.test( offset ) ) {
			offset = `${ offset.slice( 0, 3 ) }:${ offset.slice( 3 ) }`;
		}
		// No zone means UTC (the plugin stores every time in UTC).
		date = new Date(
			`${ y }-${ mo }-${ d }T${ h }:${ mi }:${ s }${ offset }`
		);
	} else {
		date = new Date( trimmed );
	}
	return Number.isNaN( date.getTime() ) ? null : date;
}

function userLocale(): string | undefined {
	const lang =
		typeof document !== 'undefined'
			? document.documentElement.getAttribute( 'lang' )
			: null;
	if ( ! lang ) {
		return undefined;
	}
	try {
		return Intl.getCanonicalLocales( lang )[ 0 ];
	} catch {
		return undefined;
	}
}

let zone: SiteZone | null = null;

/** The site's time zone (see common/timezone.ts for the order of sources). */
export function siteZone(): SiteZone {
	if ( ! zone ) {
		const config = getConfig();
		let wpDate: { string?: unknown; offset?: unknown } | null = null;
		let browser: string | undefined;
		try {
			const settings = (
				window as unknown as {
					wp?: { date?: { getSettings?: () => unknown } };
				}
			 ).wp?.date?.getSettings?.() as
				| { timezone?: { string?: unknown; offset?: unknown } }
				| undefined;
			wpDate = settings?.timezone ?? null;
		} catch {
			wpDate = null;
		}
		try {
			browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
		} catch {
			browser = undefined;
		}
		zone = resolveSiteZone( {
			timezone: config.timezone,
			gmtOffset: config.gmtOffset,
			wpDate,
			browser,
		} );
	}
	return zone;
}

/** "Europe/London" or "UTC+5:30": the site's zone, for labels. */
export function siteZoneLabel(): string {
	return zoneLabel( siteZone() );
}

const formatters = new Map< string, Intl.DateTimeFormat >();

function formatter(
	options: Intl.DateTimeFormatOptions,
	timeZone?: string
): Intl.DateTimeFormat {
	const full = { ...options, ...( timeZone ? { timeZone } : {} ) };
	const key = JSON.stringify( full );
	let result = formatters.get( key );
	if ( ! result ) {
		try {
			result = new Intl.DateTimeFormat( userLocale(), full );
		} catch {
			result = new Intl.DateTimeFormat( undefined, full );
		}
		formatters.set( key, result );
	}
	return result;
}

function inSite( date: Date, options: Intl.DateTimeFormatOptions ): string {
	const site = siteZone();
	const withZone = zoneOptions( options, site );
	return formatter( withZone, withZone.timeZone ).format(
		shiftForZone( date, site )
	);
}

/**
 * "12 Mar 2025, 14:05" in the site's time zone; '' when empty.
 * @param value A UTC time from the API.
 */
export function formatDateTime( value: unknown ): string {
	const date = parseUtc( value );
	return date
		? inSite( date, { dateStyle: 'medium', timeStyle: 'short' } )
		: '';
}

/**
 * "12 Mar 2025, 14:00 – 14:30" when both ends fall on the same day in the
 * site's zone, else both full date-times; just the start when there is no end.
 *
 * @param start A UTC start time from the API.
 * @param end   A UTC end time from the API.
 */
export function formatRange( start: unknown, end: unknown ): string {
	const from = parseUtc( start );
	if ( ! from ) {
		return '';
	}
	const to = parseUtc( end );
	const full = { dateStyle: 'medium', timeStyle: 'short' } as const;
	if ( ! to ) {
		return inSite( from, full );
	}
	const day = { dateStyle: 'medium' } as const;
	if ( inSite( from, day ) === inSite( to, day ) ) {
		return `${ inSite( from, full ) } – ${ inSite( to, {
			timeStyle: 'short',
		} ) }`;
	}
	return `${ inSite( from, full ) } – ${ inSite( to, full ) }`;
}

/**
 * Date only, in the site's zone, for dense table cells.
 * @param value A UTC time from the API.
 */
export function formatDate( value: unknown ): string {
	const date = parseUtc( value );
	return date ? inSite( date, { dateStyle: 'medium' } ) : '';
}

/**
 * The ISO string for a <time dateTime> attribute; '' when empty.
 * @param value A UTC time from the API.
 */
export function isoString( value: unknown ): string {
	const date = parseUtc( value );
	return date ? date.toISOString() : '';
}

/**
 * Time in another IANA zone (the booker's), or '' if the zone is unknown.
 * @param value    A UTC time from the API.
 * @param timeZone An IANA time zone name.
 */
export function formatInZone( value: unknown, timeZone: unknown ): string {
	const date = parseUtc( value );
	if ( ! date || typeof timeZone !== 'string' || timeZone === '' ) {
		return '';
	}
	try {
		return formatter(
			{ dateStyle: 'medium', timeStyle: 'short' },
			timeZone
		).format( date );
	} catch {
		return '';
	}
}

/**
 * True when the booker's zone shows the same wall-clock time as the site's.
 * @param value    A UTC time.
 * @param timeZone The booker's IANA zone.
 */
export function sameAsSite( value: unknown, timeZone: unknown ): boolean {
	const theirs = formatInZone( value, timeZone );
	return theirs !== '' && theirs === formatDateTime( value );
}

/**
 * "in 3 days", "2 hours ago": a relative hint next to absolute times.
 * @param value A UTC time.
 * @param now   Milliseconds since the epoch (for tests).
 */
export function relativeTime( value: unknown, now = Date.now() ): string {
	const date = parseUtc( value );
	if ( ! date || typeof Intl.RelativeTimeFormat !== 'function' ) {
		return '';
	}
	const seconds = Math.round( ( date.getTime() - now ) / 1000 );
	const abs = Math.abs( seconds );
	const rtf = new Intl.RelativeTimeFormat( userLocale(), {
		numeric: 'auto',
	} );
	if ( abs < 60 ) {
		return rtf.format( seconds, 'second' );
	}
	if ( abs < 3600 ) {
		return rtf.format( Math.round( seconds / 60 ), 'minute' );
	}
	if ( abs < 86400 ) {
		return rtf.format( Math.round( seconds / 3600 ), 'hour' );
	}
	if ( abs < 86400 * 45 ) {
		return rtf.format( Math.round( seconds / 86400 ), 'day' );
	}
	if ( abs < 86400 * 365 ) {
		return rtf.format( Math.round( seconds / ( 86400 * 30 ) ), 'month' );
	}
	return rtf.format( Math.round( seconds / ( 86400 * 365 ) ), 'year' );
}
