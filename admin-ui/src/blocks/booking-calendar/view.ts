/**
 * The booking calendar in the visitor's browser (the "Solar booking
 * calendar" block, the [solar_capture_booking] shortcode and the quote
 * form's booking step). PHP prints the plain booking link; this turns it
 * into the booking tool's inline widget:
 *
 * - Cal.com through @calcom/embed-core, loaded from the plugin's own build
 *   (a separate chunk, fetched only when a Cal.com calendar is on the page);
 * - Calendly's inline embed: its scheduling page in an iframe (no Calendly
 *   script runs in the site's page).
 *
 * When the widget does not say it is ready in time (blocked, offline, a
 * wrong booking page) or the embed script fails, the link comes back with a
 * word of explanation. The widget's "booking made" message, only from the
 * widget's own iframe and origin, shows a thank-you and tells the site
 * (POST /booking-signal), which notes it on the lead's timeline and never
 * moves the lead: only the booking tool's signed webhook does that.
 */
import {
	calcomSignal,
	calcomTarget,
	calcomUi,
	calendlyFrameUrl,
	calendlySignal,
	parseColors,
	type WidgetSignal,
} from './embed';

// Webpack's address for the chunks it loads (here: Cal.com's embed).
// eslint-disable-next-line camelcase, @typescript-eslint/no-unused-vars
declare let __webpack_public_path__: string;

/** What the quote form's script dispatches on a calendar it inserted. */
const MOUNT_EVENT = 'solar-capture:booking-calendar';

type CalApi = ( ( ...args: unknown[] ) => void ) & {
	q?: unknown[];
	ns?: Record< string, CalApi >;
	loaded?: boolean;
};

interface Handlers {
	signal: ( signal: WidgetSignal ) => void;
	fail: () => void;
}

let calendars = 0;

/**
 * The queue Cal.com's embed script picks up when it runs (it requires
 * `window.Cal` with a queue `q` and namespaces `ns`): instructions given
 * before it has loaded wait there.
 */
function calQueue(): CalApi {
	const host = window as unknown as { Cal?: CalApi };
	if ( host.Cal ) {
		return host.Cal;
	}
	const queue = ( ( ...args: unknown[] ) => {
		if ( args[ 0 ] === 'init' && typeof args[ 1 ] === 'string' ) {
			const name = args[ 1 ];
			const ns = ( queue.ns = queue.ns || {} );
			if ( ! ns[ name ] ) {
				const api = ( ( ...inner: unknown[] ) => {
					api.q!.push( inner );
				} ) as CalApi;
				api.q = [];
				ns[ name ] = api;
			}
			ns[ name ].q!.push( args );
			queue.q!.push( [ 'initNamespace', name ] );
			return;
		}
		queue.q!.push( args );
	} ) as CalApi;
	queue.q = [];
	queue.ns = {};
	queue.loaded = true;
	host.Cal = queue;
	return queue;
}

/**
 * Listens for messages from one iframe, from its own origin only.
 * @param frame  The iframe.
 * @param origin The origin its page must have.
 * @param read   What a message means.
 * @param on     Where the meaning goes.
 */
function listen(
	frame: () => HTMLIFrameElement | null,
	origin: () => string,
	read: ( data: unknown ) => WidgetSignal | null,
	on: Handlers
): void {
	window.addEventListener( 'message', ( event: MessageEvent ) => {
		const iframe = frame();
		if (
			! iframe ||
			event.source !== iframe.contentWindow ||
			event.origin !== origin()
		) {
			return;
		}
		const signal = read( event.data );
		if ( signal ) {
			on.signal( signal );
		}
	} );
}

function mountCalcom(
	box: HTMLElement,
	link: string,
	colors: ReturnType< typeof parseColors >,
	on: Handlers,
	assets: string | undefined
): void {
	const target = calcomTarget( link );
	if ( ! target ) {
		on.fail();
		return;
	}
	const ns = `solarcapture${ ++calendars }`;
	const cal = calQueue();
	cal( 'init', ns, { origin: target.origin } );
	const api = cal.ns![ ns ];
	api( 'inline', {
		elementOrSelector: box,
		calLink: target.calLink,
		config: target.config,
	} );
	const ui = calcomUi( colors );
	if ( ui ) {
		api( 'ui', ui );
	}
	const frame = () =>
		box.querySelector< HTMLIFrameElement >( 'iframe.cal-embed' );
	// The iframe's own address says where its messages come from (the embed
	// turns cal.com into app.cal.com).
	const origin = () => {
		try {
			return new URL( frame()?.src || '' ).origin;
		} catch {
			return '';
		}
	};
	listen( frame, origin, ( data ) => calcomSignal( data, ns ), on );
	if ( assets ) {
		// The plugin's build folder, as PHP knows it.
		// eslint-disable-next-line camelcase
		__webpack_public_path__ = assets;
	}
	import(
		/* webpackChunkName: "blocks/booking-calendar/calcom-embed" */ '@calcom/embed-core'
	)
		.then( () => {
			box.querySelector( '.solar-capture-booking__loading' )?.remove();
		} )
		.catch( on.fail );
}

function mountCalendly(
	box: HTMLElement,
	link: string,
	colors: ReturnType< typeof parseColors >,
	on: Handlers
): void {
	const src = calendlyFrameUrl( link, window.location.host, colors );
	if ( ! src ) {
		on.fail();
		return;
	}
	const iframe = document.createElement( 'iframe' );
	iframe.className = 'solar-capture-booking__frame';
	iframe.src = src;
	iframe.title = box.getAttribute( 'aria-label' ) ?? '';
	iframe.setAttribute( 'frameborder', '0' );
	box.appendChild( iframe );
	const origin = new URL( src ).origin;
	listen(
		() => iframe,
		() => origin,
		( data ) => calendlySignal( data ),
		{
			fail: on.fail,
			signal: ( signal ) => {
				if ( signal.kind === 'height' ) {
					iframe.style.height = `${ signal.height }px`;
				}
				on.signal( signal );
			},
		}
	);
}

/**
 * Tells the site a booking was made in the widget (never trusted for more
 * than a note on the timeline; the answer is the same whatever was sent).
 * @param el The calendar.
 */
function sendSignal( el: HTMLElement ): void {
	const { endpoint, token, ticket, provider } = el.dataset;
	if ( ! endpoint || ! token || ! ticket || ! window.fetch ) {
		return;
	}
	fetch( endpoint, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
		},
		credentials: 'omit',
		keepalive: true,
		body: JSON.stringify( { token, ticket, provider } ),
	} ).catch( () => undefined );
}

function mount( el: HTMLElement ): void {
	const { provider, url } = el.dataset;
	if ( el.dataset.mounted || ! url || ! provider ) {
		return;
	}
	const box = el.querySelector< HTMLElement >(
		'.solar-capture-booking__widget'
	);
	const fallback = el.querySelector< HTMLElement >(
		'.solar-capture-booking__fallback'
	);
	if ( ! box || ! fallback ) {
		return;
	}
	el.dataset.mounted = 'true';
	const failed = el.querySelector< HTMLElement >(
		'.solar-capture-booking__failed'
	);
	const alt = el.querySelector< HTMLElement >(
		'.solar-capture-booking__alt'
	);
	const thanks = el.querySelector< HTMLElement >(
		'.solar-capture-booking__thanks'
	);

	let ready = false;
	let booked = false;
	const setState = ( state: 'loading' | 'ready' | 'failed' ) => {
		el.dataset.state = state;
		box.hidden = state === 'failed';
		fallback.hidden = state !== 'failed';
		if ( failed ) {
			failed.hidden = state !== 'failed';
		}
		if ( alt ) {
			alt.hidden = state === 'failed';
		}
	};
	const timeout = parseInt( el.dataset.timeout || '', 10 ) || 15000;
	const timer = window.setTimeout( () => {
		if ( ! ready ) {
			setState( 'failed' );
		}
	}, timeout );
	const on: Handlers = {
		fail: () => {
			if ( ! ready ) {
				window.clearTimeout( timer );
				setState( 'failed' );
			}
		},
		signal: ( signal ) => {
			if ( signal.kind === 'failed' ) {
				on.fail();
				return;
			}
			if ( ! ready ) {
				// Ready after all (even past the time-out): the calendar is back.
				ready = true;
				window.clearTimeout( timer );
				box.querySelector(
					'.solar-capture-booking__loading'
				)?.remove();
				setState( 'ready' );
			}
			if ( signal.kind === 'booked' && ! booked ) {
				booked = true;
				if ( thanks ) {
					thanks.textContent =
						( signal.pending && thanks.dataset.pendingText ) ||
						thanks.dataset.text ||
						'';
					thanks.focus();
				}
				el.dataset.booked = 'true';
				if ( alt ) {
					// Booked: no need to offer the booking page any more.
					alt.hidden = true;
				}
				sendSignal( el );
			}
		},
	};

	setState( 'loading' );
	const colors = parseColors( el.dataset.colors );
	if ( provider === 'calcom' ) {
		mountCalcom( box, url, colors, on, el.dataset.assets );
	} else if ( provider === 'calendly' ) {
		mountCalendly( box, url, colors, on );
	} else {
		on.fail();
	}
}

function init(): void {
	document
		.querySelectorAll< HTMLElement >(
			'.solar-capture-booking[data-provider]'
		)
		.forEach( mount );
	document.addEventListener( MOUNT_EVENT, ( event ) => {
		if ( event.target instanceof HTMLElement ) {
			mount( event.target );
		}
	} );
}

if ( document.readyState === 'loading' ) {
	document.addEventListener( 'DOMContentLoaded', init );
} else {
	init();
}
