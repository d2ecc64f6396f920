/**
 * The Leads screen: a DataViews table fed by GET /solar-capture/v1/leads
 * (server-side search, filters, sorting and pagination; the view remembered
 * per user), bulk actions, and one lead's page at `&lead=<id>`.
 */
import apiFetch from '@wordpress/api-fetch';
import { Button, Notice } from '@wordpress/components';
import {
	DataViews,
	type SupportedLayouts,
	type View,
} from '@wordpress/dataviews';
import {
	createInterpolateElement,
	useCallback,
	useEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

import { findStage, getConfig, leadUrl } from '../common/config';
import { siteZone, siteZoneLabel } from '../common/dates';
import { describeError, toRestError } from '../common/errors';
import { resolveRestAuth } from '../common/rest';
import { Snackbars, useSnackbars } from '../common/snackbars';
import { bulkLeads, patchLead } from './api';
import { getLeadActions, type LeadActionHandlers } from './actions';
import { buildExportUrl } from './exportUrl';
import { COLUMN_FIELDS, getLeadFields, leadDisplayName } from './fields';
import LeadPage from './LeadPage';
import {
	DEFAULT_PER_PAGE,
	PER_PAGE_SIZES,
	isNarrowed,
	viewToQuery,
	type LeadsQuery,
} from './query';
import type { Lead, LeadDetails } from './types';
import { useLeads } from './useLeads';
import { forgetView, loadView, saveView } from './viewStorage';

const DEFAULT_VIEW: View = {
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

const DEFAULT_LAYOUTS: SupportedLayouts = {
	table: { layout: {} },
	list: {},
};

/** `&lead=<id>` in the address bar opens that lead (links can be shared). */
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

function currentExportUrl( query: LeadsQuery ): string {
	const config = getConfig();
	const auth = resolveRestAuth( {
		wpApiSettings:
			typeof window !== 'undefined' ? window.wpApiSettings : null,
		restUrl: config.restUrl,
		restNonce: config.restNonce,
		apiFetchNonce: (
			apiFetch as unknown as { nonceMiddleware?: { nonce?: unknown } }
		 ).nonceMiddleware?.nonce,
		adminUrl: config.adminUrl,
	} );
	return buildExportUrl( auth, config.restNamespace, query );
}

function NoLeadsYet() {
	const { integrationsUrl } = getConfig();
	return (
		<div className="solar-capture-empty">
			<h2>{ __( 'No leads yet', 'solar-capture' ) }</h2>
			<p>
				{ __(
					'Leads arrive here by themselves, in two ways:',
					'solar-capture'
				) }
			</p>
			<ul className="solar-capture-empty__list">
				<li>
					{ createInterpolateElement(
						__(
							'A visitor sends the quote form on your site (add it to a page with the <strong>Solar quote form</strong> block or the <code>[solar_capture_form]</code> shortcode).',
							'solar-capture'
						),
						{ strong: <strong />, code: <code /> }
					) }
				</li>
				<li>
					{ __(
						'Someone books a survey call through Cal.com, Calendly, Orufy or another booking tool connected to this site: the booking creates or updates the lead, and reschedules and cancellations move it along the pipeline.',
						'solar-capture'
					) }
				</li>
			</ul>
			<p>
				<Button
					variant="primary"
					href={ integrationsUrl }
					__next40pxDefaultSize
				>
					{ __( 'Connect a booking tool', 'solar-capture' ) }
				</Button>
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
	const config = getConfig();
	const rules = useMemo(
		() => ( {
			fields: COLUMN_FIELDS,
			stages: config.stages.map( ( stage ) => stage.slug ),
		} ),
		[ config.stages ]
	);
	const [ view, setView ] = useState< View >( () =>
		loadView( config.userId, DEFAULT_VIEW, rules )
	);
	const zone = useMemo( () => siteZone(), [] );
	const query = useMemo( () => viewToQuery( view, zone ), [ view, zone ] );
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
	const exportUrl = useMemo( () => currentExportUrl( query ), [ query ] );
	const { show } = useSnackbars();

	const [ leadId, setLeadId ] = useState< number | null >( readLeadParam );
	const [ leadRow, setLeadRow ] = useState< Lead | null >( null );
	const [ reloadToken, setReloadToken ] = useState( 0 );
	const [ selection, setSelection ] = useState< string[] >( [] );
	const listHeading = useRef< HTMLHeadingElement >( null );
	const returning = useRef( false );

	useEffect( () => {
		saveView( config.userId, view );
	}, [ config.userId, view ] );

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
		setSelection( [] );
		writeLeadParam( lead.id );
		window.scrollTo( 0, 0 );
	}, [] );

	const closeLead = useCallback( () => {
		returning.current = true;
		setLeadId( null );
		setLeadRow( null );
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

	const resetLayout = useCallback( () => {
		forgetView( config.userId );
		setView( DEFAULT_VIEW );
	}, [ config.userId ] );

	const stageName = ( slug: string ) => findStage( slug )?.label ?? slug;

	/** Undo a bulk stage change: put each lead back in its own old stage. */
	const undoBulk = useCallback(
		async ( previous: Map< number, string > ) => {
			const byStage = new Map< string, number[] >();
			previous.forEach( ( stage, id ) => {
				byStage.set( stage, [ ...( byStage.get( stage ) ?? [] ), id ] );
			} );
			try {
				for ( const [ stage, ids ] of byStage ) {
					await bulkLeads( { action: 'set_stage', ids, stage } );
				}
				show( __( 'Stage change undone.', 'solar-capture' ), {
					key: 'bulk-stage',
				} );
			} catch ( reason ) {
				show(
					describeError(
						await toRestError( reason ),
						__(
							'The stage change could not be undone.',
							'solar-capture'
						)
					),
					{ key: 'bulk-stage', explicitDismiss: true }
				);
			}
			retry();
		},
		[ retry, show ]
	);

	const handlers = useRef< LeadActionHandlers >( {
		onOpen: openLead,
		onStageChanged: () => undefined,
		onDeleted: () => undefined,
		exportUrl,
		totalItems,
	} );
	handlers.current = {
		onOpen: openLead,
		onStageChanged: ( stage, count, previous ) => {
			show(
				sprintf(
					/* translators: 1: number of leads, 2: stage name. */
					_n(
						'%1$d lead moved to %2$s.',
						'%1$d leads moved to %2$s.',
						count,
						'solar-capture'
					),
					count,
					stageName( stage )
				),
				{
					key: 'bulk-stage',
					explicitDismiss: true,
					actions: [
						{
							label: __( 'Undo', 'solar-capture' ),
							onClick: () => undoBulk( previous ),
						},
					],
				}
			);
			setSelection( [] );
			retry();
		},
		onDeleted: ( count ) => {
			show(
				sprintf(
					/* translators: %d: number of leads. */
					_n(
						'%d lead deleted.',
						'%d leads deleted.',
						count,
						'solar-capture'
					),
					count
				)
			);
			setSelection( [] );
			retry();
		},
		exportUrl,
		totalItems,
	};
	const actions = useMemo(
		() => getLeadActions( () => handlers.current ),
		[]
	);

	/** One lead's stage was picked on its page: confirm, with Undo. */
	const onStageSaved = useCallback(
		( lead: LeadDetails, previous: string ) => {
			const undo = async () => {
				try {
					await patchLead( lead.id, { stage: previous } );
					show(
						sprintf(
							/* translators: 1: lead name, 2: stage name. */
							__( '%1$s is back in %2$s.', 'solar-capture' ),
							leadDisplayName( lead ),
							stageName( previous )
						),
						{ key: `stage-${ lead.id }` }
					);
				} catch ( reason ) {
					show(
						describeError(
							await toRestError( reason ),
							__(
								'The stage could not be changed back.',
								'solar-capture'
							)
						),
						{ key: `stage-${ lead.id }`, explicitDismiss: true }
					);
				}
				setReloadToken( ( n ) => n + 1 );
				retry();
			};
			show(
				sprintf(
					/* translators: 1: lead name, 2: stage name. */
					__( '%1$s moved to %2$s.', 'solar-capture' ),
					leadDisplayName( lead ),
					stageName( lead.stage )
				),
				{
					key: `stage-${ lead.id }`,
					explicitDismiss: true,
					actions: [
						{ label: __( 'Undo', 'solar-capture' ), onClick: undo },
					],
				}
			);
			retry();
		},

		[ retry, show ]
	);

	const onLeadDeleted = useCallback(
		( lead: Lead ) => {
			show(
				sprintf(
					/* translators: %s: lead name. */
					__( '%s deleted.', 'solar-capture' ),
					leadDisplayName( lead )
				)
			);
			closeLead();
			retry();
		},
		[ closeLead, retry, show ]
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
					if (
						event.metaKey ||
						event.ctrlKey ||
						event.shiftKey ||
						event.button !== 0
					) {
						return;
					}
					event.preventDefault();
					openLead( item );
				} }
			/>
		),
		[ openLead ]
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
					openLead( lead );
				}
			}
		},
		[ view.type, leads, openLead ]
	);

	const announce = useCallback(
		( message: string ) => show( message ),
		[ show ]
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

	if ( leadId !== null ) {
		return (
			<div className="solar-capture-screen solar-capture-leads">
				<LeadPage
					key={ leadId }
					id={ leadId }
					initial={
						leadRow && leadRow.id === leadId ? leadRow : null
					}
					reloadToken={ reloadToken }
					onBack={ closeLead }
					onStageSaved={ onStageSaved }
					onChanged={ retry }
					onDeleted={ onLeadDeleted }
					announce={ announce }
				/>
				<Snackbars />
			</div>
		);
	}

	return (
		<div className="solar-capture-screen solar-capture-leads">
			<h1
				className="wp-heading-inline"
				ref={ listHeading }
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
					searchLabel={ __(
						'Search name, e-mail, phone or postcode',
						'solar-capture'
					) }
					onClickItem={ openLead }
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
			<Snackbars />
		</div>
	);
}
