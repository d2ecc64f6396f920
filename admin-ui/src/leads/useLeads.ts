/**
 * Fetches one page of leads for a query, cancelling the previous request
 * when the query changes (typing in the search box, paging quickly).
 */
import apiFetch from '@wordpress/api-fetch';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { restPath } from '../common/config';
import { describeError, isAbortError, toRestError } from '../common/errors';
import { normaliseLeads } from './normalise';
import { leadsPath, readPagination, type LeadsQuery } from './query';
import type { Lead } from './types';

interface State {
	leads: Lead[];
	totalItems: number;
	totalPages: number;
	isLoading: boolean;
	error: string | null;
	/** True once at least one request has answered (successfully or not). */
	hasLoaded: boolean;
}

export function useLeads( query: LeadsQuery ) {
	const [ state, setState ] = useState< State >( {
		leads: [],
		totalItems: 0,
		totalPages: 0,
		isLoading: true,
		error: null,
		hasLoaded: false,
	} );
	const [ attempt, setAttempt ] = useState( 0 );
	const path = leadsPath( restPath( 'leads' ), query );

	useEffect( () => {
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		let active = true;

		setState( ( previous ) => ( { ...previous, isLoading: true } ) );

		( async () => {
			try {
				const response = await apiFetch< Response, false >( {
					path,
					parse: false,
					signal: controller?.signal,
				} );
				let body: unknown = [];
				try {
					body = await response.json();
				} catch {
					throw { code: 'invalid_json', message: '' };
				}
				const leads = normaliseLeads( body );
				const { totalItems, totalPages } = readPagination(
					response.headers,
					query,
					leads.length
				);
				if ( active ) {
					setState( {
						leads,
						totalItems,
						totalPages,
						isLoading: false,
						error: null,
						hasLoaded: true,
					} );
				}
			} catch ( error ) {
				if ( ! active || isAbortError( error ) ) {
					return;
				}
				const restError = await toRestError( error );
				if ( active ) {
					setState( ( previous ) => ( {
						...previous,
						leads: [],
						totalItems: 0,
						totalPages: 0,
						isLoading: false,
						hasLoaded: true,
						error: describeError(
							restError,
							__(
								'The leads could not be loaded.',
								'solar-capture'
							)
						),
					} ) );
				}
			}
		} )();

		return () => {
			active = false;
			controller?.abort();
		};
		// `path` encodes the whole query.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ path, attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	return { ...state, retry };
}
