/**
 * The REST API returns times as UTC 'YYYY-MM-DD HH:MM:SS' strings. These
 * helpers read them as UTC and show them in the browser's time zone.
 */

const UTC_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

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
		// No zone means UTC (the plugin stores every time in UTC).
		date = new Date(
			`${ y }-${ mo }-${ d }T${ h }:${ mi }:${ s }${ zone ?? 'Z' }`
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

const formatters = new Map< string, Intl.DateTimeFormat >();

function formatter( options: Intl.DateTimeFormatOptions ): Intl.DateTimeFormat {
	const key = JSON.stringify( options );
	let result = formatters.get( key );
	if ( ! result ) {
		try {
			result = new Intl.DateTimeFormat( userLocale(), options );
		} catch {
			result = new Intl.DateTimeFormat( undefined, options );
		}
		formatters.set( key, result );
	}
	return result;
}

/**
 * "12 Mar 2025, 14:05" in the browser's time zone; '' when empty.
 * @param value A UTC time from the API.
 */
export function formatDateTime( value: unknown ): string {
	const date = parseUtc( value );
	if ( ! date ) {
		return '';
	}
	return formatter( { dateStyle: 'medium', timeStyle: 'short' } ).format(
		date
	);
}

/**
 * "12 Mar 2025, 14:00 – 14:30" when both ends fall on the same local day,
 * else both full date-times; just the start when there is no end.
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
	const full = formatter( { dateStyle: 'medium', timeStyle: 'short' } );
	if ( ! to ) {
		return full.format( from );
	}
	const day = formatter( { dateStyle: 'medium' } );
	if ( day.format( from ) === day.format( to ) ) {
		return `${ full.format( from ) } – ${ formatter( {
			timeStyle: 'short',
		} ).format( to ) }`;
	}
	return `${ full.format( from ) } – ${ full.format( to ) }`;
}

/**
 * Date only, for dense table cells.
 * @param value A UTC time from the API.
 */
export function formatDate( value: unknown ): string {
	const date = parseUtc( value );
	return date ? formatter( { dateStyle: 'medium' } ).format( date ) : '';
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
		return new Intl.DateTimeFormat( userLocale(), {
			dateStyle: 'medium',
			timeStyle: 'short',
			timeZone,
		} ).format( date );
	} catch {
		return '';
	}
}
