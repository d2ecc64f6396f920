/**
 * Routing of the Leads screen: `&lead=<id>` in the address bar opens that
 * lead's page (links can be shared), opening and closing a lead adds a
 * history entry, and Back/Forward move between the list and a lead. Coming
 * back to the list puts focus on its heading.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { MouseEvent } from 'react';

import type { Lead } from './types';

const LEAD_PARAM = 'lead';

/** The lead id in the address bar, or null. */
export function readLeadParam(): number | null {
	try {
		const value = new URL( window.location.href ).searchParams.get(
			LEAD_PARAM
		);
		const id = value ? Number( value ) : NaN;
		return Number.isInteger( id ) && id > 0 ? id : null;
	} catch {
		return null;
	}
}

function writeLeadParam( id: number | null ): void {
	try {
		const url = new URL( window.location.href );
		if ( id ) {
			url.searchParams.set( LEAD_PARAM, String( id ) );
		} else {
			url.searchParams.delete( LEAD_PARAM );
		}
		if ( url.toString() !== window.location.href ) {
			window.history.pushState(
				{ solarCaptureLead: id },
				'',
				url.toString()
			);
		}
	} catch {
		// Sandboxed frames: the page still works without the URL.
	}
}

/**
 * A plain click on a link to a lead (or back to the list) is handled here;
 * a click with a modifier or another button opens the link as usual.
 * @param event The click.
 */
export function isPlainClick( event: MouseEvent ): boolean {
	return ! (
		event.metaKey ||
		event.ctrlKey ||
		event.shiftKey ||
		event.button !== 0
	);
}

export function useLeadRoute() {
	const [ leadId, setLeadId ] = useState< number | null >( readLeadParam );
	/** The list row of the lead being opened, shown while it loads. */
	const [ leadRow, setLeadRow ] = useState< Lead | null >( null );
	const listHeading = useRef< HTMLHeadingElement >( null );
	const returning = useRef( false );

	// Back/forward buttons move between the list and a lead.
	useEffect( () => {
		const onPop = () => {
			const id = readLeadParam();
			setLeadId( id );
			if ( ! id ) {
				returning.current = true;
			}
		};
		window.addEventListener( 'popstate', onPop );
		return () => window.removeEventListener( 'popstate', onPop );
	}, [] );

	useEffect( () => {
		if ( leadId === null && returning.current ) {
			returning.current = false;
			listHeading.current?.focus();
		}
	}, [ leadId ] );

	const openLead = useCallback( ( lead: Lead ) => {
		setLeadRow( lead );
		setLeadId( lead.id );
		writeLeadParam( lead.id );
		window.scrollTo( 0, 0 );
	}, [] );

	const closeLead = useCallback( () => {
		returning.current = true;
		setLeadId( null );
		setLeadRow( null );
		writeLeadParam( null );
	}, [] );

	return {
		leadId,
		/** The row of the open lead, when it was opened from the list. */
		leadRow: leadRow && leadRow.id === leadId ? leadRow : null,
		openLead,
		closeLead,
		/** For the list's heading, focused when coming back to the list. */
		listHeading,
	};
}
