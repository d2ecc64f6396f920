/**
 * The list of leads: a DataViews table fed by GET /solar-capture/v1/leads
 * (server-side search, filters, sorting and pagination), with the total,
 * bulk actions, the CSV export and the empty states.
 */
import { Button } from '@wordpress/components';
import {
	DataViews,
	type SupportedLayouts,
	type View,
} from '@wordpress/dataviews';
import {
	useCallback,
	useEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type {
	AnchorHTMLAttributes,
	Dispatch,
	MouseEvent,
	RefObject,
	SetStateAction,
} from 'react';

import { leadUrl } from '../common/config';
import { siteZoneLabel } from '../common/dates';
import { LoadError } from '../common/LoadStates';
import { getLeadActions, type LeadActionHandlers } from './actions';
import { NoLeadsYet, NoMatches } from './EmptyStates';
import { currentExportUrl } from './exportUrl';
import { getLeadFields } from './fields';
import { PER_PAGE_SIZES, isNarrowed, type LeadsQuery } from './query';
import type { Lead } from './types';
import { isPlainClick } from './useLeadRoute';
import type { useLeads } from './useLeads';

const DEFAULT_LAYOUTS: SupportedLayouts = {
	table: { layout: {} },
	list: {},
};

interface Props {
	view: View;
	setView: Dispatch< SetStateAction< View > >;
	query: LeadsQuery;
	result: ReturnType< typeof useLeads >;
	resetSearch: () => void;
	resetLayout: () => void;
	onOpen: ( lead: Lead ) => void;
	onStageChanged: LeadActionHandlers[ 'onStageChanged' ];
	onDeleted: ( count: number ) => void;
	/** Focused when coming back from a lead. */
	headingRef: RefObject< HTMLHeadingElement >;
}

export default function LeadsList( {
	view,
	setView,
	query,
	result,
	resetSearch,
	resetLayout,
	onOpen,
	onStageChanged,
	onDeleted,
	headingRef,
}: Props ) {
	const { leads, totalItems, totalPages, isLoading, error, hasLoaded } =
		result;
	const fields = useMemo( () => getLeadFields(), [] );
	const exportUrl = useMemo( () => currentExportUrl( query ), [ query ] );
	const [ selection, setSelection ] = useState< string[] >( [] );

	// After a filter narrows the list, a page past the end shows nothing:
	// step back to the last page that exists.
	useEffect( () => {
		if (
			! isLoading &&
			! error &&
			totalPages > 0 &&
			( view.page ?? 1 ) > totalPages
		) {
			setView( ( current ) => ( { ...current, page: totalPages } ) );
		}
	}, [ isLoading, error, totalPages, view.page, setView ] );

	// The actions stay the same objects while the table reloads (an open
	// modal keeps working); they read the current handlers from here.
	const handlers = useRef< LeadActionHandlers >( null as never );
	handlers.current = {
		onOpen,
		onStageChanged: ( stage, count, previous ) => {
			setSelection( [] );
			onStageChanged( stage, count, previous );
		},
		onDeleted: ( count ) => {
			setSelection( [] );
			onDeleted( count );
		},
		exportUrl,
		totalItems,
	};
	const actions = useMemo(
		() => getLeadActions( () => handlers.current ),
		[]
	);

	const renderItemLink = useCallback(
		( {
			item,
			...props
		}: { item: Lead } & AnchorHTMLAttributes< HTMLAnchorElement > ) => (
			// DataViews passes the link's content (the lead's name) in `props.children`.
			// eslint-disable-next-line jsx-a11y/anchor-has-content
			<a
				{ ...props }
				href={ leadUrl( item.id ) }
				onClick={ ( event: MouseEvent ) => {
					if ( isPlainClick( event ) ) {
						event.preventDefault();
						onOpen( item );
					}
				} }
			/>
		),
		[ onOpen ]
	);

	const onChangeSelection = useCallback(
		( ids: string[] ) => {
			setSelection( ids );
			// The list layout selects a row on click: open that lead.
			if ( view.type === 'list' && ids.length === 1 ) {
				const lead = leads.find(
					( item ) => String( item.id ) === ids[ 0 ]
				);
				if ( lead ) {
					onOpen( lead );
				}
			}
		},
		[ view.type, leads, onOpen ]
	);

	let empty;
	if ( error ) {
		empty = (
			<p className="solar-capture-muted">
				{ __( 'The leads could not be loaded.', 'solar-capture' ) }
			</p>
		);
	} else if ( ! hasLoaded ) {
		empty = null;
	} else if ( isNarrowed( view ) ) {
		empty = <NoMatches onReset={ resetSearch } />;
	} else {
		empty = <NoLeadsYet />;
	}

	return (
		<>
			<h1
				className="wp-heading-inline"
				ref={ headingRef }
				tabIndex={ -1 }
			>
				{ __( 'Leads', 'solar-capture' ) }
			</h1>
			{ hasLoaded && ! error && (
				<span className="solar-capture-count">
					{ sprintf(
						/* translators: %s: number of leads. */
						_n(
							'%s lead',
							'%s leads',
							totalItems,
							'solar-capture'
						),
						totalItems.toLocaleString()
					) }
				</span>
			) }
			<hr className="wp-header-end" />

			{ error && (
				<LoadError message={ error } onRetry={ result.retry } />
			) }

			<div className="solar-capture-leads__table">
				<DataViews< Lead >
					data={ leads }
					fields={ fields }
					view={ view }
					onChangeView={ setView }
					actions={ actions }
					getItemId={ ( item ) => String( item.id ) }
					isLoading={ isLoading }
					paginationInfo={ { totalItems, totalPages } }
					defaultLayouts={ DEFAULT_LAYOUTS }
					searchLabel={ __(
						'Search name, e-mail, phone or postcode',
						'solar-capture'
					) }
					onClickItem={ onOpen }
					renderItemLink={ renderItemLink }
					isItemClickable={ () => true }
					selection={ selection }
					onChangeSelection={ onChangeSelection }
					config={ { perPageSizes: PER_PAGE_SIZES } }
					empty={ empty }
					header={
						<Button
							variant="secondary"
							href={ exportUrl }
							disabled={ ! totalItems }
							accessibleWhenDisabled
							size="compact"
							description={ sprintf(
								/* translators: %d: number of leads. */
								_n(
									'Downloads the %d lead matching the search and filters as a CSV file.',
									'Downloads the %d leads matching the search and filters as a CSV file.',
									totalItems,
									'solar-capture'
								),
								totalItems
							) }
						>
							{ __( 'Export CSV', 'solar-capture' ) }
						</Button>
					}
				/>
			</div>
			<p className="solar-capture-leads__footer solar-capture-muted">
				{ sprintf(
					/* translators: %s: time zone such as Europe/London. */
					__(
						'Times are shown in the site’s time zone (%s).',
						'solar-capture'
					),
					siteZoneLabel()
				) }{ ' ' }
				<Button variant="link" onClick={ resetLayout }>
					{ __(
						'Reset columns, sorting and filters',
						'solar-capture'
					) }
				</Button>
			</p>
		</>
	);
}
