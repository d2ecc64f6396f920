/**
 * Solar Capture quote form: sends the form to the REST route without reloading the page.
 * Without JavaScript the form posts to admin-post.php and works the same.
 */
( function () {
	'use strict';

	function toPayload( form ) {
		var data = new FormData( form );
		var bill = String( data.get( 'monthly_bill' ) || '' ).replace( ',', '.' );
		var owner = data.get( 'homeowner' );
		return {
			name: String( data.get( 'name' ) || '' ),
			email: String( data.get( 'email' ) || '' ).trim(),
			phone: String( data.get( 'phone' ) || '' ),
			postcode: String( data.get( 'postcode' ) || '' ),
			monthly_bill: bill === '' || isNaN( Number( bill ) ) ? null : Number( bill ),
			roof_type: String( data.get( 'roof_type' ) || '' ),
			homeowner: owner === 'yes' ? true : owner === 'no' ? false : null,
			message: String( data.get( 'message' ) || '' ),
			website: String( data.get( 'website' ) || '' ),
			stamp: String( data.get( 'stamp' ) || '' ),
		};
	}

	function showDone( container, answer ) {
		var thanks = document.createElement( 'p' );
		thanks.className = 'solar-capture-form__thanks';
		thanks.textContent = answer.message || '';
		container.replaceChildren( thanks );
		if ( answer.booking_url ) {
			var p = document.createElement( 'p' );
			p.className = 'solar-capture-form__cta';
			var a = document.createElement( 'a' );
			a.className = 'wp-element-button';
			a.href = answer.booking_url;
			a.textContent = answer.cta_text || answer.booking_url;
			p.appendChild( a );
			container.appendChild( p );
		}
		container.classList.add( 'solar-capture-form--done' );
		thanks.setAttribute( 'tabindex', '-1' );
		thanks.focus();
	}

	function bind( form ) {
		var endpoint = form.getAttribute( 'data-endpoint' );
		if ( ! endpoint || ! window.fetch ) {
			return;
		}
		var status = form.querySelector( '.solar-capture-form__status' );
		var button = form.querySelector( 'button[type="submit"]' );

		form.addEventListener( 'submit', function ( event ) {
			event.preventDefault();
			if ( ! form.reportValidity() ) {
				return;
			}
			button.disabled = true;
			status.textContent = '';
			fetch( endpoint, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				credentials: 'omit',
				body: JSON.stringify( toPayload( form ) ),
			} )
				.then( function ( response ) {
					return response.json().then( function ( body ) {
						return { ok: response.ok, body: body };
					} );
				} )
				.then( function ( result ) {
					if ( result.ok && result.body && result.body.status === 'ok' ) {
						showDone( form.parentNode, result.body );
						return;
					}
					status.textContent = ( result.body && result.body.message ) || form.getAttribute( 'data-error' ) || 'Error';
					button.disabled = false;
				} )
				.catch( function () {
					// Network trouble: fall back to the ordinary post.
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
