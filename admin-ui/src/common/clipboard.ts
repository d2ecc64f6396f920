/**
 * Copies text to the clipboard: the async Clipboard API where the page is a
 * secure context (https or localhost), else a hidden textarea and
 * document.execCommand('copy'), which still works on plain-http admin sites.
 * @param text The text to copy.
 * @return Whether the text reached the clipboard.
 */
export async function copyText( text: string ): Promise< boolean > {
	if (
		typeof navigator !== 'undefined' &&
		navigator.clipboard &&
		typeof navigator.clipboard.writeText === 'function' &&
		( typeof window === 'undefined' || window.isSecureContext !== false )
	) {
		try {
			await navigator.clipboard.writeText( text );
			return true;
		} catch {
			// Permission refused or document not focused: try the fallback.
		}
	}
	return legacyCopy( text );
}

function legacyCopy( text: string ): boolean {
	if ( typeof document === 'undefined' || ! document.body ) {
		return false;
	}
	const textarea = document.createElement( 'textarea' );
	// The element that had focus (the copy button), to give focus back.
	const focused = textarea.ownerDocument.activeElement;
	const active = focused instanceof HTMLElement ? focused : null;
	textarea.value = text;
	textarea.setAttribute( 'readonly', '' );
	textarea.setAttribute( 'aria-hidden', 'true' );
	textarea.style.position = 'fixed';
	textarea.style.top = '0';
	textarea.style.left = '-9999px';
	textarea.style.opacity = '0';
	document.body.appendChild( textarea );
	textarea.select();
	textarea.setSelectionRange( 0, text.length );
	let ok = false;
	try {
		ok = document.execCommand( 'copy' );
	} catch {
		ok = false;
	}
	document.body.removeChild( textarea );
	// Give focus back to the button that triggered the copy.
	active?.focus();
	return ok;
}
