/**
 * Solar Capture quote form, in the visitor's browser: sends the form to the
 * REST route without reloading the page, shows the server's message beside
 * each wrong field (aria-invalid + aria-describedby) and moves focus to the
 * first one; after success shows the thanks and, when set up, the booking
 * step. Without JavaScript the form posts to admin-post.php and works the
 * same. Used by the block and the [solar_capture_form] shortcode alike.
 */

const ERROR_CLASS = 'solar-capture-form__error';
const FIELD_ERROR_CLASS = 'solar-capture-form__field--error';
/** A stamp printed longer ago than this (a page from a page cache) is renewed on load. */
const STALE_STAMP_SECONDS = 600;

/** What the quote route answers (the parts read here). */
interface Answer {
	status?: string;
	message?: string;
	booking_url?: string;
	booking_intro?: string;
	/** The booking calendar (printed by PHP, with the link inside), when the step is the calendar. */
	booking_html?: string;
	cta_text?: string;
	data?: { params?: Record< string, unknown > };
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The attribution fields (Attribution::FIELDS) and the sessionStorage key the page script fills. */
const TOUCH_FIELDS = [
	'sc_utm_source',
	'sc_utm_medium',
	'sc_utm_campaign',
	'sc_utm_term',
	'sc_utm_content',
	'sc_landing_page',
	'sc_referrer',
] as const;
const TOUCH_KEY = 'solarCaptureTouch';

/**
 * The visit's first page (kept by the script every page runs) replaces what the server saw of
 * this page in the form's hidden attribution fields.
 * @param form The form.
 */
function fillTouch( form: HTMLFormElement ): void {
	let touch: Record< string, unknown > | null = null;
	try {
		touch = JSON.parse(
			window.sessionStorage.getItem( TOUCH_KEY ) || 'null'
		);
	} catch {
		touch = null;
	}
	if ( ! touch || typeof touch !== 'object' ) {
		return;
	}
	for ( const name of TOUCH_FIELDS ) {
		const input = form.querySelector< HTMLInputElement >(
			`input[type="hidden"][name="${ name }"]`
		);
		const seen = touch[ name ];
		if ( input && typeof seen === 'string' ) {
			input.value = seen;
		}
	}
}

function toPayload( form: HTMLFormElement ) {
	const data = new FormData( form );
	const owner = data.get( 'homeowner' );
	const consent = form.querySelector< HTMLInputElement >(
		'input[name="consent"]'
	);
	const text = ( name: string ) => {
		const value = data.get( name );
		return value === null ? '' : String( value );
	};
	let homeowner: boolean | null = null;
	if ( owner === 'yes' ) {
		homeowner = true;
	} else if ( owner === 'no' ) {
		homeowner = false;
	}
	return {
		name: text( 'name' ),
		email: text( 'email' ).trim(),
		phone: text( 'phone' ),
		address: text( 'address' ),
		postcode: text( 'postcode' ),
		monthly_bill: text( 'monthly_bill' ),
		roof_type: text( 'roof_type' ),
		homeowner,
		message: text( 'message' ),
		consent: !! consent?.checked,
		consent_text: text( 'consent_text' ),
		consent_sig: text( 'consent_sig' ),
		website: text( 'website' ),
		stamp: text( 'stamp' ),
		...Object.fromEntries(
			TOUCH_FIELDS.map( ( name ) => [ name, text( name ) ] )
		),
	};
}

/**
 * The field's wrapper and the control that receives focus and carries
 * aria-describedby for it.
 * @param form The form.
 * @param name A field name.
 */
function controlOf(
	form: HTMLFormElement,
	name: string
): { field: HTMLElement; control: Control | null } | null {
	const field = form.querySelector< HTMLElement >(
		`[data-field="${ name }"]`
	);
	if ( ! field ) {
		return null;
	}
	return {
		field,
		control: field.querySelector< Control >(
			'input:not([type="hidden"]), select, textarea'
		),
	};
}

function describedBy( control: Control, add: boolean, id: string ): void {
	const ids = ( control.getAttribute( 'aria-describedby' ) || '' )
		.split( /\s+/ )
		.filter( ( value ) => value && value !== id );
	if ( add ) {
		ids.push( id );
	}
	if ( ids.length ) {
		control.setAttribute( 'aria-describedby', ids.join( ' ' ) );
	} else {
		control.removeAttribute( 'aria-describedby' );
	}
}

function clearErrors( form: HTMLFormElement ): void {
	form.querySelectorAll< HTMLElement >( `.${ ERROR_CLASS }` ).forEach(
		( shown ) => {
			const field = shown.closest< HTMLElement >( '[data-field]' );
			const found = field
				? controlOf( form, field.getAttribute( 'data-field' ) || '' )
				: null;
			if ( found?.control ) {
				found.control.removeAttribute( 'aria-invalid' );
				describedBy( found.control, false, shown.id );
			}
			field?.classList.remove( FIELD_ERROR_CLASS );
			shown.remove();
		}
	);
}

/**
 * Shows each message beside its field.
 * @param form   The form.
 * @param params Messages by field name.
 * @return The first wrong control, to focus.
 */
function showErrors(
	form: HTMLFormElement,
	params: Record< string, unknown >
): Control | null {
	let first: Control | null = null;
	Object.keys( params ).forEach( ( name ) => {
		const found = controlOf( form, name );
		if ( ! found?.control ) {
			return;
		}
		const id = `${ found.control.id || `${ form.id }-${ name }` }-error`;
		const message = document.createElement( 'span' );
		message.className = ERROR_CLASS;
		message.id = id;
		message.textContent = String( params[ name ] );
		found.field.appendChild( message );
		found.field.classList.add( FIELD_ERROR_CLASS );
		found.control.setAttribute( 'aria-invalid', 'true' );
		describedBy( found.control, true, id );
		first = first ?? found.control;
	} );
	return first;
}

function showDone( container: HTMLElement, answer: Answer ): void {
	const thanks = document.createElement( 'p' );
	thanks.className = 'solar-capture-form__thanks';
	thanks.textContent = answer.message || '';
	thanks.setAttribute( 'tabindex', '-1' );
	container.replaceChildren( thanks );
	if ( answer.booking_url ) {
		const step = document.createElement( 'div' );
		step.className = 'solar-capture-form__booking';
		const intro = document.createElement( 'p' );
		intro.className = 'solar-capture-form__booking-intro';
		intro.textContent = answer.booking_intro || '';
		step.appendChild( intro );
		if ( answer.booking_html ) {
			// Our own route's answer: the calendar's HTML as PHP escaped it.
			const holder = document.createElement( 'div' );
			holder.innerHTML = answer.booking_html;
			step.append( ...Array.from( holder.childNodes ) );
		} else {
			const p = document.createElement( 'p' );
			p.className = 'solar-capture-form__cta';
			const a = document.createElement( 'a' );
			a.className = 'wp-element-button';
			a.href = answer.booking_url;
			a.textContent = answer.cta_text || answer.booking_url;
			p.appendChild( a );
			step.appendChild( p );
		}
		container.appendChild( step );
	}
	container.classList.add( 'solar-capture-form--done' );
	thanks.focus();
	// The booking calendar's script (when the page has it) turns the link into the widget.
	container
		.querySelectorAll( '.solar-capture-booking[data-provider]' )
		.forEach( ( calendar ) =>
			calendar.dispatchEvent(
				new CustomEvent( 'solar-capture:booking-calendar', {
					bubbles: true,
				} )
			)
		);
}

/**
 * On a page served from a page cache the printed time stamp may be old: ask
 * for a fresh one.
 * @param form     The form.
 * @param endpoint The quote route.
 */
function renewStamp( form: HTMLFormElement, endpoint: string ): void {
	const input = form.querySelector< HTMLInputElement >(
		'input[name="stamp"]'
	);
	const printed = input
		? parseInt( String( input.value ).split( '.' )[ 0 ], 10 )
		: NaN;
	if (
		! input ||
		( ! isNaN( printed ) &&
			Date.now() / 1000 - printed < STALE_STAMP_SECONDS )
	) {
		return;
	}
	fetch( `${ endpoint }/stamp`, { credentials: 'omit', cache: 'no-store' } )
		.then( ( response ) => ( response.ok ? response.json() : null ) )
		.then( ( body: { stamp?: unknown } | null ) => {
			if ( body && typeof body.stamp === 'string' ) {
				input.value = body.stamp;
			}
		} )
		.catch( () => undefined );
}

function bind( form: HTMLFormElement ): void {
	fillTouch( form );
	const endpoint = form.getAttribute( 'data-endpoint' );
	if ( ! endpoint || ! window.fetch || ! window.FormData ) {
		return;
	}
	const status = form.querySelector< HTMLElement >(
		'.solar-capture-form__status'
	);
	const button = form.querySelector< HTMLButtonElement >(
		'button[type="submit"]'
	);
	renewStamp( form, endpoint );

	form.addEventListener( 'submit', ( event ) => {
		event.preventDefault();
		if ( button ) {
			button.disabled = true;
		}
		form.setAttribute( 'aria-busy', 'true' );
		fetch( endpoint, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			credentials: 'omit',
			body: JSON.stringify( toPayload( form ) ),
		} )
			.then( ( response ) =>
				response.json().then( ( body: Answer | null ) => ( {
					ok: response.ok,
					body,
				} ) )
			)
			.then( ( result ) => {
				form.removeAttribute( 'aria-busy' );
				if (
					result.ok &&
					result.body &&
					result.body.status === 'ok' &&
					form.parentElement
				) {
					showDone( form.parentElement, result.body );
					return;
				}
				if ( button ) {
					button.disabled = false;
				}
				clearErrors( form );
				const body = result.body || {};
				const params =
					body.data?.params && typeof body.data.params === 'object'
						? body.data.params
						: null;
				if ( status ) {
					status.textContent =
						body.message ||
						form.getAttribute( 'data-error' ) ||
						'Error';
				}
				const first = params ? showErrors( form, params ) : null;
				first?.focus();
			} )
			.catch( () => {
				// Network trouble: fall back to the ordinary post.
				form.removeAttribute( 'aria-busy' );
				form.submit();
			} );
	} );
}

function init(): void {
	document
		.querySelectorAll< HTMLFormElement >(
			'.solar-capture-form form[data-endpoint]'
		)
		.forEach( bind );
}

if ( document.readyState === 'loading' ) {
	document.addEventListener( 'DOMContentLoaded', init );
} else {
	init();
}
