/**
 * The REST API returns times as ISO 8601 UTC ('2026-12-01T10:00:00Z'; older
 * answers 'YYYY-MM-DD HH:MM:SS', also UTC). These helpers read them and show
 * them in the SITE's time zone (Settings → General), which is what the owner
 * plans their day in, whatever the browser's zone, written in the site's
 * date and time formats (Settings → General too) by core's `wp-date`
 * (@wordpress/date), which WordPress prints those settings for.
 */
import { dateI18n, getSettings, humanTimeDiff } from '@wordpress/date';
import { __, sprintf } from '@wordpress/i18n';

import { getConfig } from './config';
import {
	isValidZone,
	resolveSiteZone,
	zoneArgument,
	zoneLabel,
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

let zone: SiteZone | null = null;

/** The site's time zone (see common/timezone.ts for the order of sources). */
export function siteZone(): SiteZone {
	if ( ! zone ) {
		const config = getConfig();
		let browser: string | undefined;
		try {
			browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
		} catch {
			browser = undefined;
		}
		zone = resolveSiteZone( {
			timezone: config.timezone,
			gmtOffset: config.gmtOffset,
			wpDate: getSettings()?.timezone ?? null,
			browser,
		} );
	}
	return zone;
}

/** "Europe/London" or "UTC+5:30": the site's zone, for labels. */
export function siteZoneLabel(): string {
	return zoneLabel( siteZone() );
}

/**
 * The site's date format and time format (PHP-style, e.g. "F j, Y" and
 * "g:i a"), as WordPress printed them for wp-date.
 */
export function siteFormats(): { date: string; time: string } {
	const formats = getSettings()?.formats;
	return {
		date: formats?.date || 'F j, Y',
		time: formats?.time || 'g:i a',
	};
}

/** The wp-date time zone argument: a site zone or an IANA name. */
type Where = SiteZone | string;

function zoneFor( where: Where ): string {
	return typeof where === 'string' ? where : zoneArgument( where );
}

function dateIn( date: Date, where: Where ): string {
	return dateI18n( siteFormats().date, date, zoneFor( where ) );
}

function timeIn( date: Date, where: Where ): string {
	return dateI18n( siteFormats().time, date, zoneFor( where ) );
}

function dateTimeIn( date: Date, where: Where ): string {
	return sprintf(
		/* translators: 1: a date, 2: a time, each in the site's format (Settings → General). */
		__( '%1$s at %2$s', 'solar-capture' ),
		dateIn( date, where ),
		timeIn( date, where )
	);
}

/**
 * "March 12, 2025 at 2:05 pm" (in the site's formats) in the site's time
 * zone; '' when empty.
 * @param value A UTC time from the API.
 * @param where The zone (the site's by default).
 */
export function formatDateTime(
	value: unknown,
	where: Where = siteZone()
): string {
	const date = parseUtc( value );
	return date ? dateTimeIn( date, where ) : '';
}

/**
 * "March 12, 2025 at 2:00 pm – 2:30 pm" when both ends fall on the same day
 * in the site's zone, else both full date-times; just the start when there
 * is no end.
 *
 * @param start A UTC start time from the API.
 * @param end   A UTC end time from the API.
 * @param where The zone (the site's by default).
 */
export function formatRange(
	start: unknown,
	end: unknown,
	where: Where = siteZone()
): string {
	const from = parseUtc( start );
	if ( ! from ) {
		return '';
	}
	const to = parseUtc( end );
	if ( ! to ) {
		return dateTimeIn( from, where );
	}
	const sameDay =
		dateI18n( 'Y-m-d', from, zoneFor( where ) ) ===
		dateI18n( 'Y-m-d', to, zoneFor( where ) );
	return `${ dateTimeIn( from, where ) } – ${
		sameDay ? timeIn( to, where ) : dateTimeIn( to, where )
	}`;
}

/**
 * Date only, in the site's zone and date format, for dense table cells.
 * @param value A UTC time from the API.
 * @param where The zone (the site's by default).
 */
export function formatDate(
	value: unknown,
	where: Where = siteZone()
): string {
	const date = parseUtc( value );
	return date ? dateIn( date, where ) : '';
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
	if ( ! date || ! isValidZone( timeZone ) ) {
		return '';
	}
	try {
		return dateTimeIn( date, timeZone );
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
 * "3 days from now", "2 hours ago" (WordPress's own wording, as
 * human_time_diff() writes it): a relative hint next to absolute times.
 * @param value A UTC time.
 * @param now   Milliseconds since the epoch (for tests).
 */
export function relativeTime( value: unknown, now = Date.now() ): string {
	const date = parseUtc( value );
	return date ? humanTimeDiff( date, new Date( now ) ) : '';
}
