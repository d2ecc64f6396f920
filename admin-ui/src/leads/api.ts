/**
 * The Leads screen's writes, through apiFetch (cookie + nonce). Each
 * function resolves with the normalised answer or rejects with whatever
 * apiFetch rejected with (see common/errors.ts to describe it).
 */
import apiFetch from '@wordpress/api-fetch';

import { restPath } from '../common/config';
import { toRestError } from '../common/errors';
import { bulkCount, normaliseEvent, normaliseLeadDetails } from './normalise';
import type { LeadDetails, LeadEvent } from './types';

const leadRoute = ( id: number, rest = '' ) =>
	restPath( `leads/${ encodeURIComponent( String( id ) ) }${ rest }` );

function unexpected(): never {
	throw {
		code: 'invalid_json',
		message: '',
	};
}

export async function fetchLead(
	id: number,
	signal?: AbortSignal
): Promise< LeadDetails > {
	const body = await apiFetch( { path: leadRoute( id ), signal } );
	return normaliseLeadDetails( body ) ?? unexpected();
}

export async function patchLead(
	id: number,
	changes: Record< string, unknown >
): Promise< LeadDetails > {
	const body = await apiFetch( {
		path: leadRoute( id ),
		method: 'PATCH',
		data: changes,
	} );
	return normaliseLeadDetails( body ) ?? unexpected();
}

export async function deleteLead( id: number ): Promise< void > {
	await apiFetch( { path: leadRoute( id ), method: 'DELETE' } );
}

export async function addNote(
	id: number,
	text: string
): Promise< LeadEvent > {
	const body = await apiFetch( {
		path: leadRoute( id, '/notes' ),
		method: 'POST',
		// `text` is the contract; `note` is what the first version of the route read.
		data: { text, note: text },
	} );
	return normaliseEvent( body ) ?? unexpected();
}

export async function deleteNote(
	id: number,
	eventId: number
): Promise< void > {
	await apiFetch( {
		path: leadRoute(
			id,
			`/notes/${ encodeURIComponent( String( eventId ) ) }`
		),
		method: 'DELETE',
	} );
}

/**
 * "Use these details": POST /leads/<id>/quote-requests/<event_id> with the fields to take.
 * @param id      Lead id.
 * @param eventId The quote_request event.
 * @param fields  Lead field keys.
 * @return The fields that changed.
 */
export async function applyQuoteRequest(
	id: number,
	eventId: number,
	fields: string[]
): Promise< string[] > {
	const body = ( await apiFetch( {
		path: leadRoute(
			id,
			`/quote-requests/${ encodeURIComponent( String( eventId ) ) }`
		),
		method: 'POST',
		data: { fields },
	} ) ) as { applied?: unknown };
	return Array.isArray( body?.applied ) ? body.applied.map( String ) : [];
}

export type BulkRequest =
	| { action: 'set_stage'; ids: number[]; stage: string }
	| { action: 'delete'; ids: number[] };

/**
 * POST /leads/bulk; if that route is missing (an older plugin build), the
 * same changes are made one lead at a time.
 * @param request The bulk request.
 * @return How many leads changed.
 */
export async function bulkLeads( request: BulkRequest ): Promise< number > {
	try {
		const body = await apiFetch( {
			path: restPath( 'leads/bulk' ),
			method: 'POST',
			data: request,
		} );
		return bulkCount( body ) ?? request.ids.length;
	} catch ( error ) {
		const restError = await toRestError( error );
		if ( restError.code !== 'rest_no_route' ) {
			throw error;
		}
	}
	let done = 0;
	for ( const id of request.ids ) {
		if ( request.action === 'delete' ) {
			await deleteLead( id );
		} else {
			await patchLead( id, { stage: request.stage } );
		}
		done += 1;
	}
	return done;
}
