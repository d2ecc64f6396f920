/**
 * The Leads screen: a DataViews table fed by GET /solar-capture/v1/leads with
 * server-side search, stage/source filters, sorting and pagination.
 */
import { Button, Notice } from '@wordpress/components';
import {
	DataViews,
	type Action,
	type SupportedLayouts,
	type View,
} from '@wordpress/dataviews';
import {
	createInterpolateElement,
	useCallback,
	useEffect,
	useMemo,
	useState,
} from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { getConfig } from '../common/config';
import { getLeadFields } from './fields';
import LeadDetail from './LeadDetail';
import {
	DEFAULT_PER_PAGE,
	PER_PAGE_SIZES,
	isNarrowed,
	viewToQuery,
} from './query';
import type { Lead } from './types';
import { useLeads } from './useLeads';

const DEFAULT_VIEW: View = {
	type: 'table',
	search: '',
	filters: [],
	page: 1,
	perPage: DEFAULT_PER_PAGE,
	sort: { field: 'created_at', direction: 'desc' },
	titleField: 'name',
	fields: [ 'email', 'stage', 'source', 'created_at' ],
	layout: {},
};

const DEFAULT_LAYOUTS: SupportedLayouts = {
	table: {
		layout: {},
	},
};

/** `?lead=<id>` in the address bar opens that lead (and links can be shared). */
const LEAD_PARAM = 'lead';

function readLeadParam(): number | null {
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
		window.history.replaceState( window.history.state, '', url.toString() );
	} catch {
		// Old browsers or sandboxed frames: the panel still works without it.
	}
}

/**
 * A placeholder row for a deep-linked lead until its details arrive.
 * @param id The lead ID.
 */
function placeholderLead( id: number ): Lead {
	return {
		id,
		email: '',
		name: '',
		phone: '',
		postcode: '',
		stage: '',
		stage_label: '',
		source: '',
		created_at: '',
		updated_at: '',
		next_booking_at: null,
	};
}

function NoLeadsYet() {
	const { integrationsUrl } = getConfig();
	return (
		<div className="solar-capture-empty">
			<h2>{ __( 'No leads yet', 'solar-capture' ) }</h2>
			<p>
				{ __(
					'Leads appear here by themselves: when a visitor fills in the quote form on your site, or books a survey call through Cal.com, Calendly or another connected booking tool.',
					'solar-capture'
				) }
			</p>
			<p>
				{ createInterpolateElement(
					__(
						'To receive bookings, copy your webhook address into your booking tool on the <a>Integrations page</a>.',
						'solar-capture'
					),
					{
						// The link text comes from the translated string.
						// eslint-disable-next-line jsx-a11y/anchor-has-content
						a: <a href={ integrationsUrl } />,
					}
				) }
			</p>
		</div>
	);
}

function NoMatches( { onReset }: { onReset: () => void } ) {
	return (
		<div className="solar-capture-empty">
			<p>
				{ __(
					'No leads match your search or filters.',
					'solar-capture'
				) }
			</p>
			<Button
				variant="secondary"
				onClick={ onReset }
				__next40pxDefaultSize
			>
				{ __( 'Clear search and filters', 'solar-capture' ) }
			</Button>
		</div>
	);
}

export default function LeadsApp() {
	const [ view, setView ] = useState< View >( DEFAULT_VIEW );
	const query = useMemo( () => viewToQuery( view ), [ view ] );
	const {
		leads,
		totalItems,
		totalPages,
		isLoading,
		error,
		hasLoaded,
		retry,
	} = useLeads( query );
	const fields = useMemo( () => getLeadFields(), [] );

	const [ openLead, setOpenLead ] = useState< Lead | null >( () => {
		const id = readLeadParam();
		return id ? placeholderLead( id ) : null;
	} );

	const showLead = useCallback( ( lead: Lead ) => {
		setOpenLead( lead );
		writeLeadParam( lead.id );
	}, [] );
	const closeLead = useCallback( () => {
		setOpenLead( null );
		writeLeadParam( null );
	}, [] );

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
	}, [ isLoading, error, totalPages, view.page ] );

	const resetView = useCallback(
		() =>
			setView( ( current ) => ( {
				...current,
				search: '',
				filters: [],
				page: 1,
			} ) ),
		[]
	);

	const actions = useMemo< Action< Lead >[] >(
		() => [
			{
				id: 'view-lead',
				label: __( 'View details', 'solar-capture' ),
				callback: ( items ) => {
					if ( items[ 0 ] ) {
						showLead( items[ 0 ] );
					}
				},
			},
		],
		[ showLead ]
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
		empty = <NoMatches onReset={ resetView } />;
	} else {
		empty = <NoLeadsYet />;
	}

	return (
		<div className="solar-capture-screen solar-capture-leads">
			<h1 className="wp-heading-inline">
				{ __( 'Leads', 'solar-capture' ) }
			</h1>
			<hr className="wp-header-end" />

			{ error && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'solar-capture' ),
							onClick: retry,
							variant: 'secondary',
						},
					] }
				>
					{ error }
				</Notice>
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
					searchLabel={ __( 'Search leads', 'solar-capture' ) }
					onClickItem={ showLead }
					isItemClickable={ () => true }
					config={ { perPageSizes: PER_PAGE_SIZES } }
					empty={ empty }
				/>
			</div>

			{ openLead && (
				<LeadDetail
					key={ openLead.id }
					lead={ openLead }
					onClose={ closeLead }
				/>
			) }
		</div>
	);
}
