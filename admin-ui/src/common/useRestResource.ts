/**
 * The one data hook of the screens: loads something from the REST API,
 * cancels the request when its inputs change or the screen goes away, and
 * says whether it is loading, what went wrong, and how to try again.
 *
 *   const { data, error, isLoading, retry } = useRestResource(
 *       ( signal ) => fetchLead( id, signal ),
 *       [ id ]
 *   );
 *
 * `load` gets an AbortSignal to hand to apiFetch; a new request starts when
 * a value in `deps` changes or `retry()` is called, and the answer of an
 * older one is dropped. The last data stays while a new request runs (and
 * after it fails), so a screen can keep showing it; `error` is the failure
 * normalised by common/errors.ts (describe it with `describeError`).
 */
import { useCallback, useEffect, useState } from '@wordpress/element';
import type { DependencyList, SetStateAction } from 'react';

import { isAbortError, toRestError, type RestError } from './errors';

export interface RestResource< T > {
	/** The last data loaded (null until the first answer). */
	data: T | null;
	/** Replace the data locally, e.g. after a write answered with the new state. */
	setData: ( update: SetStateAction< T | null > ) => void;
	/** Why the last request failed, or null. */
	error: RestError | null;
	/** A request is running. */
	isLoading: boolean;
	/** At least one request has answered, successfully or not. */
	hasLoaded: boolean;
	/** Load again with the same inputs. */
	retry: () => void;
}

interface State {
	error: RestError | null;
	isLoading: boolean;
	hasLoaded: boolean;
}

export function useRestResource< T >(
	load: ( signal?: AbortSignal ) => Promise< T >,
	deps: DependencyList
): RestResource< T > {
	const [ data, setData ] = useState< T | null >( null );
	const [ state, setState ] = useState< State >( {
		error: null,
		isLoading: true,
		hasLoaded: false,
	} );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		let active = true;
		setState( ( previous ) => ( { ...previous, isLoading: true } ) );

		load( controller?.signal ).then(
			( body ) => {
				if ( active ) {
					setData( () => body );
					setState( {
						error: null,
						isLoading: false,
						hasLoaded: true,
					} );
				}
			},
			async ( reason: unknown ) => {
				if ( ! active || isAbortError( reason ) ) {
					return;
				}
				const error = await toRestError( reason );
				if ( active ) {
					setState( { error, isLoading: false, hasLoaded: true } );
				}
			}
		);

		return () => {
			active = false;
			controller?.abort();
		};
		// `load` is a new function on every render; `deps` say when it changes.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ ...deps, attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	return { data, setData, ...state, retry };
}
