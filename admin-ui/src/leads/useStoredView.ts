/**
 * The Leads table's view (DataViews' `view`), read from and written back to
 * the per-user storage of viewStorage.ts, with the two ways back: clear the
 * search and filters, or forget everything remembered.
 */
import type { View } from '@wordpress/dataviews';
import { useCallback, useEffect, useMemo, useState } from '@wordpress/element';

import { getConfig } from '../common/config';
import { COLUMN_FIELDS } from './fields';
import { DEFAULT_PER_PAGE } from './query';
import { forgetView, loadView, saveView } from './viewStorage';

export const DEFAULT_VIEW: View = {
	type: 'table',
	search: '',
	filters: [],
	page: 1,
	perPage: DEFAULT_PER_PAGE,
	sort: { field: 'created_at', direction: 'desc' },
	titleField: 'name',
	fields: [ 'email', 'stage', 'source', 'next_booking_at', 'created_at' ],
	layout: {},
};

export function useStoredView() {
	const { userId, stages } = getConfig();
	const rules = useMemo(
		() => ( {
			fields: COLUMN_FIELDS,
			stages: stages.map( ( stage ) => stage.slug ),
		} ),
		[ stages ]
	);
	const [ view, setView ] = useState< View >( () =>
		loadView( userId, DEFAULT_VIEW, rules )
	);

	useEffect( () => {
		saveView( userId, view );
	}, [ userId, view ] );

	/** Clears the search and filters (the empty "no matches" state offers it). */
	const resetSearch = useCallback(
		() =>
			setView( ( current ) => ( {
				...current,
				search: '',
				filters: [],
				page: 1,
			} ) ),
		[]
	);

	/** Forgets the remembered columns, sorting and filters. */
	const resetLayout = useCallback( () => {
		forgetView( userId );
		setView( DEFAULT_VIEW );
	}, [ userId ] );

	return { view, setView, resetSearch, resetLayout };
}
