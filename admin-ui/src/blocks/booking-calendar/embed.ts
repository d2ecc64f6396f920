/**
 * The pure half of the booking calendar: from the booking link PHP made
 * (prefilled, carrying the lead token) to what each booking tool's widget
 * takes, and what the widgets' messages mean. No DOM here; unit-tested.
 *
 * Cal.com: its embed (@calcom/embed-core) builds the iframe
 * `<origin>/<calLink>/embed?embed=<namespace>&<config as query>`, so every
 * query parameter of our link (name, email, metadata[sc_lead]) goes in as
 * config. The iframe posts `{originator: "CAL", fullType:
 * "CAL:<namespace>:<action>", data}` to its parent.
 *
 * Calendly: its inline widget is the scheduling page in an iframe with
 * `embed_domain` and `embed_type=Inline` (the page then posts
 * `{event: "calendly.…", payload}` to its parent), prefill and UTM
 * parameters as in our link, and the page colours as hex without "#".
 */

export type Colors = Partial<
	Record< 'brand' | 'brand_text' | 'text' | 'background', string >
>;

const HEX = /^#[0-9a-f]{6}$/i;

/**
 * The colours PHP printed (data-colors), keeping only #rrggbb values.
 * @param raw JSON text.
 */
export function parseColors( raw: string | undefined ): Colors {
	const colors: Colors = {};
	let parsed: unknown = null;
	try {
		parsed = JSON.parse( raw || '{}' );
	} catch {
		return colors;
	}
	if ( ! parsed || typeof parsed !== 'object' ) {
		return colors;
	}
	for ( const key of [
		'brand',
		'brand_text',
		'text',
		'background',
	] as const ) {
		const value = ( parsed as Record< string, unknown > )[ key ];
		if ( typeof value === 'string' && HEX.test( value ) ) {
			colors[ key ] = value.toLowerCase();
		}
	}
	return colors;
}

export interface CalcomTarget {
	/** Where the Cal.com instance lives (cal.com, or a self-hosted one). */
	origin: string;
	/** The booking page's path without the leading slash: "user/event". */
	calLink: string;
	/** The link's query parameters (prefill, metadata[sc_lead], …). */
	config: Record< string, string >;
}

/**
 * What Cal.com's inline embed needs, from our booking link.
 * @param link A Cal.com booking link.
 * @return Null when the link is not an http(s) booking page.
 */
export function calcomTarget( link: string ): CalcomTarget | null {
	let url: URL;
	try {
		url = new URL( link );
	} catch {
		return null;
	}
	const calLink = url.pathname.replace( /^\/+|\/+$/g, '' );
	if ( ! /^https?:$/.test( url.protocol ) || ! calLink ) {
		return null;
	}
	const config: Record< string, string > = {};
	url.searchParams.forEach( ( value, key ) => {
		config[ key ] = value;
	} );
	return { origin: url.origin, calLink, config };
}

/**
 * Cal.com's `ui` instruction: the site's brand colour on the booker (light
 * theme; a dark Cal.com theme keeps its own colours).
 * @param colors The site's colours.
 */
export function calcomUi( colors: Colors ): Record< string, unknown > | null {
	if ( ! colors.brand ) {
		return null;
	}
	const light: Record< string, string > = { 'cal-brand': colors.brand };
	if ( colors.brand_text ) {
		light[ 'cal-brand-text' ] = colors.brand_text;
	}
	return { cssVarsPerTheme: { light } };
}

/**
 * The Calendly inline widget's iframe address.
 * @param link        A Calendly booking link (prefilled, utm_content = token).
 * @param embedDomain The host of the page it is embedded in.
 * @param colors      The site's colours.
 * @return Null when the link is not an http(s) address.
 */
export function calendlyFrameUrl(
	link: string,
	embedDomain: string,
	colors: Colors
): string | null {
	let url: URL;
	try {
		url = new URL( link );
	} catch {
		return null;
	}
	if ( ! /^https?:$/.test( url.protocol ) ) {
		return null;
	}
	url.searchParams.set( 'embed_domain', embedDomain );
	url.searchParams.set( 'embed_type', 'Inline' );
	const page: Array< [ string, string | undefined ] > = [
		[ 'primary_color', colors.brand ],
		[ 'text_color', colors.text ],
		[ 'background_color', colors.background ],
	];
	for ( const [ key, value ] of page ) {
		if ( value ) {
			url.searchParams.set( key, value.replace( /^#/, '' ) );
		}
	}
	return url.toString();
}

export type WidgetSignal =
	| { kind: 'ready' }
	| { kind: 'failed' }
	| { kind: 'booked'; pending?: boolean }
	| { kind: 'height'; height: number };

/**
 * What a message from the Cal.com iframe of namespace `ns` says (the caller
 * has checked that it came from that iframe and its origin).
 * @param data Message data.
 * @param ns   The embed's namespace.
 */
export function calcomSignal( data: unknown, ns: string ): WidgetSignal | null {
	if ( ! data || typeof data !== 'object' ) {
		return null;
	}
	const { originator, fullType } = data as Record< string, unknown >;
	if ( originator !== 'CAL' || typeof fullType !== 'string' ) {
		return null;
	}
	const parts = fullType.split( ':' );
	if ( parts[ 0 ] !== 'CAL' || parts[ 1 ] !== ns ) {
		return null;
	}
	switch ( parts[ 2 ] ) {
		case 'linkReady':
			return { kind: 'ready' };
		case 'linkFailed':
			return { kind: 'failed' };
		case 'bookingSuccessful':
		case 'bookingSuccessfulV2': {
			// An event type that needs the host's confirmation: V2 says
			// status "PENDING", the older action confirmed: false.
			const info = ( data as { data?: Record< string, unknown > } ).data;
			const pending =
				info?.status === 'PENDING' || info?.confirmed === false;
			return pending ? { kind: 'booked', pending } : { kind: 'booked' };
		}
		default:
			return null;
	}
}

/**
 * What a message from the Calendly iframe says (the caller has checked its
 * source and origin). Any of Calendly's page events means the page loaded.
 * @param data Message data.
 */
export function calendlySignal( data: unknown ): WidgetSignal | null {
	if ( ! data || typeof data !== 'object' ) {
		return null;
	}
	const { event } = data as Record< string, unknown >;
	if ( typeof event !== 'string' || ! event.startsWith( 'calendly.' ) ) {
		return null;
	}
	const { payload } = data as Record< string, unknown >;
	if ( event === 'calendly.event_scheduled' ) {
		return { kind: 'booked' };
	}
	if ( event === 'calendly.page_height' ) {
		const height = parseInt(
			String( ( payload as Record< string, unknown > )?.height ?? '' ),
			10
		);
		if ( height > 0 && height < 10000 ) {
			return { kind: 'height', height };
		}
	}
	return { kind: 'ready' };
}
