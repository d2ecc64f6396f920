/**
 * Mounts a screen into its root element once the DOM is ready.
 */
import { createRoot, StrictMode } from '@wordpress/element';
import type { ReactElement } from 'react';

export function mount( rootId: string, render: () => ReactElement ): void {
	const start = () => {
		const container = document.getElementById( rootId );
		if ( ! container ) {
			// Not this screen's page (or the PHP markup changed): do nothing.
			return;
		}
		createRoot( container ).render( <StrictMode>{ render() }</StrictMode> );
	};

	if ( document.readyState === 'loading' ) {
		document.addEventListener( 'DOMContentLoaded', start, { once: true } );
	} else {
		start();
	}
}
