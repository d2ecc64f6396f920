/**
 * Solar Capture quote form: sends the form to the REST route without reloading the page, shows the
 * server's message beside each wrong field (aria-invalid + aria-describedby) and moves focus to the
 * first one; after success shows the thanks and, when set up, the booking step.
 * Without JavaScript the form posts to admin-post.php and works the same.
 */
( function () {
	'use strict';

	var ERROR_CLASS = 'solar-capture-form__error';
	var FIELD_ERROR_CLASS = 'solar-capture-form__field--error';
	// A stamp printed more than this long ago (a page served from a page cache) is renewed on load.
	var STALE_STAMP_SECONDS = 600;

	function toPayload( form ) {
		var data = new FormData( form );
		var owner = data.get( 'homeowner' );
		var consent = form.querySelector( 'input[name="consent"]' );
		var text = function ( name ) {
			var value = data.get( name );
			return value === null ? '' : String( value );
		};
		return {
			name: text( 'name' ),
			email: text( 'email' ).trim(),
			phone: text( 'phone' ),
			address: text( 'address' ),
			postcode: text( 'postcode' ),
			monthly_bill: text( 'monthly_bill' ),
			roof_type: text( 'roof_type' ),
			homeowner: owner === 'yes' ? true : owner === 'no' ? false : null,
			message: text( 'message' ),
			consent: !! ( consent && consent.checked ),
			consent_text: text( 'consent_text' ),
			consent_sig: text( 'consent_sig' ),
			website: text( 'website' ),
			stamp: text( 'stamp' ),
		};
	}

	/** The control that receives focus and carries aria-describedby for a field. */
	function controlOf( form, name ) {
		var field = form.querySelector( '[data-field="' + name + '"]' );
		if ( ! field ) {
			return null;
		}
		return { field: field, control: field.querySelector( 'input:not([type="hidden"]), select, textarea' ) };
	}

	function describedBy( control, add, id ) {
		var ids = ( control.getAttribute( 'aria-describedby' ) || '' ).split( /\s+/ ).filter( function ( value ) {
			return value && value !== id;
		} );
		if ( add ) {
			ids.push( id );
		}
		if ( ids.length ) {
			control.setAttribute( 'aria-describedby', ids.join( ' ' ) );
		} else {
			control.removeAttribute( 'aria-describedby' );
		}
	}

	function clearErrors( form ) {
		var shown = form.querySelectorAll( '.' + ERROR_CLASS );
		for ( var i = 0; i < shown.length; i++ ) {
			var field = shown[ i ].closest( '[data-field]' );
			var found = field ? controlOf( form, field.getAttribute( 'data-field' ) ) : null;
			if ( found && found.control ) {
				found.control.removeAttribute( 'aria-invalid' );
				describedBy( found.control, false, shown[ i ].id );
			}
			if ( field ) {
				field.classList.remove( FIELD_ERROR_CLASS );
			}
			shown[ i ].parentNode.removeChild( shown[ i ] );
		}
	}

	/** Shows each message beside its field; returns the first control, to focus. */
	function showErrors( form, params ) {
		var first = null;
		Object.keys( params ).forEach( function ( name ) {
			var found = controlOf( form, name );
			if ( ! found || ! found.control ) {
				return;
			}
			var id = ( found.control.id || form.id + '-' + name ) + '-error';
			var message = document.createElement( 'span' );
			message.className = ERROR_CLASS;
			message.id = id;
			message.textContent = String( params[ name ] );
			found.field.appendChild( message );
			found.field.classList.add( FIELD_ERROR_CLASS );
			found.control.setAttribute( 'aria-invalid', 'true' );
			describedBy( found.control, true, id );
			if ( ! first ) {
				first = found.control;
			}
		} );
		return first;
	}

	function showDone( container, answer ) {
		var thanks = document.createElement( 'p' );
		thanks.className = 'solar-capture-form__thanks';
		thanks.textContent = answer.message || '';
		thanks.setAttribute( 'tabindex', '-1' );
		container.replaceChildren( thanks );
		if ( answer.booking_url ) {
			var step = document.createElement( 'div' );
			step.className = 'solar-capture-form__booking';
			var intro = document.createElement( 'p' );
			intro.className = 'solar-capture-form__booking-intro';
			intro.textContent = answer.booking_intro || '';
			var p = document.createElement( 'p' );
			p.className = 'solar-capture-form__cta';
			var a = document.createElement( 'a' );
			a.className = 'wp-element-button';
			a.href = answer.booking_url;
			a.textContent = answer.cta_text || answer.booking_url;
			p.appendChild( a );
			step.appendChild( intro );
			step.appendChild( p );
			container.appendChild( step );
		}
		container.classList.add( 'solar-capture-form--done' );
		thanks.focus();
	}

	/** On a page served from a page cache the printed time stamp may be old: ask for a fresh one. */
	function renewStamp( form, endpoint ) {
		var input = form.querySelector( 'input[name="stamp"]' );
		var printed = input ? parseInt( String( input.value ).split( '.' )[ 0 ], 10 ) : NaN;
		if ( ! input || ( ! isNaN( printed ) && Date.now() / 1000 - printed < STALE_STAMP_SECONDS ) ) {
			return;
		}
		fetch( endpoint + '/stamp', { credentials: 'omit', cache: 'no-store' } )
			.then( function ( response ) {
				return response.ok ? response.json() : null;
			} )
			.then( function ( body ) {
				if ( body && typeof body.stamp === 'string' ) {
					input.value = body.stamp;
				}
			} )
			.catch( function () {} );
	}

	function bind( form ) {
		var endpoint = form.getAttribute( 'data-endpoint' );
		if ( ! endpoint || ! window.fetch || ! window.FormData ) {
			return;
		}
		var status = form.querySelector( '.solar-capture-form__status' );
		var button = form.querySelector( 'button[type="submit"]' );
		renewStamp( form, endpoint );

		form.addEventListener( 'submit', function ( event ) {
			event.preventDefault();
			button.disabled = true;
			form.setAttribute( 'aria-busy', 'true' );
			fetch( endpoint, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				credentials: 'omit',
				body: JSON.stringify( toPayload( form ) ),
			} )
				.then( function ( response ) {
					return response.json().then( function ( body ) {
						return { ok: response.ok, body: body };
					} );
				} )
				.then( function ( result ) {
					form.removeAttribute( 'aria-busy' );
					if ( result.ok && result.body && result.body.status === 'ok' ) {
						showDone( form.parentNode, result.body );
						return;
					}
					button.disabled = false;
					clearErrors( form );
					var body = result.body || {};
					var params = body.data && body.data.params && typeof body.data.params === 'object' ? body.data.params : null;
					status.textContent = body.message || form.getAttribute( 'data-error' ) || 'Error';
					var first = params ? showErrors( form, params ) : null;
					if ( first ) {
						first.focus();
					}
				} )
				.catch( function () {
					// Network trouble: fall back to the ordinary post.
					form.removeAttribute( 'aria-busy' );
					form.submit();
				} );
		} );
	}

	function init() {
		var forms = document.querySelectorAll( '.solar-capture-form form[data-endpoint]' );
		for ( var i = 0; i < forms.length; i++ ) {
			bind( forms[ i ] );
		}
	}

	if ( document.readyState === 'loading' ) {
		document.addEventListener( 'DOMContentLoaded', init );
	} else {
		init();
	}
} )();
