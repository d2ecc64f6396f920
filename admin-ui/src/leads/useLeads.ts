/**
 * One page of leads for a query (GET /leads with its X-WP-Total headers),
 * through the screens' one data hook: typing in the search box or paging
 * quickly cancels the request before.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { restPath } from '../common/config';
import { describeError } from '../common/errors';
import { useRestResource } from '../common/useRestResource';
import { normaliseLeads } from './normalise';
import { leadsPath, readPagination, type LeadsQuery } from './query';
import type { Lead } from './types';

interface LeadsPage {
	leads: Lead[];
	totalItems: number;
	totalPages: number;
}

async function fetchLeadsPage(
	path: string,
	query: LeadsQuery,
	signal?: AbortSignal
): Promise< LeadsPage > {
	const response = await apiFetch< Response, false >( {
		path,
		parse: false,
		signal,
	} );
	let body: unknown = [];
	try {
		body = await response.json();
	} catch {
		throw { code: 'invalid_json', message: '' };
	}
	const leads = normaliseLeads( body );
	return {
		leads,
		...readPagination( response.headers, query, leads.length ),
	};
}

export function useLeads( query: LeadsQuery ) {
	const path = leadsPath( restPath( 'leads' ), query );
	// `path` encodes the whole query.
	const { data, error, isLoading, hasLoaded, retry } = useRestResource(
		( signal ) => fetchLeadsPage( path, query, signal ),
		[ path ]
	);
	const shown = error ? null : data;
	return {
		leads: shown?.leads ?? [],
		totalItems: shown?.totalItems ?? 0,
		totalPages: shown?.totalPages ?? 0,
		isLoading,
		hasLoaded,
		error: error
			? describeError(
					error,
					__( 'The leads could not be loaded.', 'solar-capture' )
				)
			: null,
		retry,
	};
}
