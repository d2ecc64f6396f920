/**
 * One lead, at its own URL (admin.php?page=solar-capture-leads&lead=<id>):
 * contact and solar details, the stage (saved once it is picked or confirmed,
 * with Undo), bookings, notes and the timeline.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { MouseEvent, ReactNode } from 'react';

import ConfirmModal from '../common/ConfirmModal';
import { findStage, getConfig } from '../common/config';
import { siteZoneLabel } from '../common/dates';
import { describeError, toRestError, type RestError } from '../common/errors';
import { roofTypeLabel, sourceLabel } from '../common/labels';
import StageBadge from '../common/StageBadge';
import { useRestResource } from '../common/useRestResource';
import { Loading } from '../common/LoadStates';
import { deleteLead, fetchLead, patchLead } from './api';
import Attribution from './Attribution';
import Bookings from './Bookings';
import { leadDisplayName } from './fields';
import Notes from './Notes';
import StagePicker from './StagePicker';
import Timeline, { When } from './Timeline';
import type { Lead, LeadDetails, LeadEvent } from './types';
import { isPlainClick } from './useLeadRoute';

interface Props {
	id: number;
	/** The row from the table, shown while the full lead loads. */
	initial: Lead | null;
	/** Changes when the lead must be fetched again (after an Undo). */
	reloadToken: number;
	onBack: () => void;
	onStageSaved: ( lead: LeadDetails, previousStage: string ) => void;
	onChanged: () => void;
	onDeleted: ( lead: Lead ) => void;
	announce: ( message: string ) => void;
}

function Dash() {
	return <span className="solar-capture-muted">—</span>;
}

function Row( { label, children }: { label: string; children: ReactNode } ) {
	return (
		<div className="solar-capture-details__row">
			<dt>{ label }</dt>
			<dd>{ children }</dd>
		</div>
	);
}

function Section( {
	id,
	title,
	children,
	actions,
}: {
	id: string;
	title: string;
	children: ReactNode;
	actions?: ReactNode;
} ) {
	return (
		<Card
			className={ `solar-capture-section ${ id }` }
			role="region"
			aria-labelledby={ id }
		>
			<CardHeader size="small">
				<h2 id={ id } className="solar-capture-section__title">
					{ title }
				</h2>
				{ actions }
			</CardHeader>
			<CardBody>{ children }</CardBody>
		</Card>
	);
}

function money( value: number | null ): string {
	if ( value === null ) {
		return '';
	}
	try {
		return new Intl.NumberFormat(
			document.documentElement.lang || undefined,
			{
				minimumFractionDigits: 2,
				maximumFractionDigits: 2,
			}
		).format( value );
	} catch {
		return value.toFixed( 2 );
	}
}

function Contact( { lead }: { lead: Lead } ) {
	return (
		<dl className="solar-capture-details">
			<Row label={ __( 'Name', 'solar-capture' ) }>
				{ lead.name.trim() ? lead.name : <Dash /> }
			</Row>
			<Row label={ __( 'E-mail', 'solar-capture' ) }>
				{ lead.email ? (
					<a href={ `mailto:${ lead.email }` }>{ lead.email }</a>
				) : (
					<Dash />
				) }
			</Row>
			<Row label={ __( 'Phone', 'solar-capture' ) }>
				{ lead.phone ? (
					<a href={ `tel:${ lead.phone.replace( /[^\d+]/g, '' ) }` }>
						{ lead.phone }
					</a>
				) : (
					<Dash />
				) }
			</Row>
			<Row label={ __( 'Address', 'solar-capture' ) }>
				{ lead.address ? (
					<span className="solar-capture-multiline">
						{ lead.address }
					</span>
				) : (
					<Dash />
				) }
			</Row>
			<Row label={ __( 'Postcode', 'solar-capture' ) }>
				{ lead.postcode || <Dash /> }
			</Row>
		</dl>
	);
}

function SolarDetails( { lead }: { lead: LeadDetails | Lead } ) {
	const message = 'message' in lead ? lead.message : '';
	let homeowner: ReactNode = <Dash />;
	if ( lead.homeowner === true ) {
		homeowner = __( 'Yes, owns the home', 'solar-capture' );
	} else if ( lead.homeowner === false ) {
		homeowner = __( 'No', 'solar-capture' );
	}
	return (
		<dl className="solar-capture-details">
			<Row label={ __( 'Monthly electricity bill', 'solar-capture' ) }>
				{ lead.monthly_bill !== null ? (
					money( lead.monthly_bill )
				) : (
					<Dash />
				) }
			</Row>
			<Row label={ __( 'Roof type', 'solar-capture' ) }>
				{ roofTypeLabel( lead.roof_type ) || <Dash /> }
			</Row>
			<Row label={ __( 'Homeowner', 'solar-capture' ) }>
				{ homeowner }
			</Row>
			<Row label={ __( 'Message', 'solar-capture' ) }>
				{ message ? (
					<span className="solar-capture-multiline">{ message }</span>
				) : (
					<Dash />
				) }
			</Row>
		</dl>
	);
}

function About( { lead }: { lead: Lead } ) {
	return (
		<dl className="solar-capture-details">
			<Row label={ __( 'Source', 'solar-capture' ) }>
				{ sourceLabel( lead.source ) }
			</Row>
			<Row label={ __( 'Created', 'solar-capture' ) }>
				<When value={ lead.created_at } />
			</Row>
			<Row label={ __( 'Stage changed', 'solar-capture' ) }>
				<When value={ lead.stage_changed_at } />
			</Row>
			<Row label={ __( 'Last updated', 'solar-capture' ) }>
				<When value={ lead.updated_at } />
			</Row>
		</dl>
	);
}

/**
 * What the page says when the lead cannot be loaded; `missing` when the lead
 * is gone (not when the whole route is).
 * @param error The failure.
 */
function describeLoadError( error: RestError ): {
	message: string;
	missing: boolean;
} {
	const missing = error.status === 404 && error.code !== 'rest_no_route';
	return {
		missing,
		message: missing
			? __(
					'This lead does not exist any more: it may have been deleted, or the link is wrong.',
					'solar-capture'
				)
			: describeError(
					error,
					__( 'This lead could not be loaded.', 'solar-capture' )
				),
	};
}

export default function LeadPage( {
	id,
	initial,
	reloadToken,
	onBack,
	onStageSaved,
	onChanged,
	onDeleted,
	announce,
}: Props ) {
	const {
		data: details,
		setData: setDetails,
		error: fetchError,
		retry,
	} = useRestResource(
		( signal ) => fetchLead( id, signal ),
		[ id, reloadToken ]
	);
	const [ stageSaving, setStageSaving ] = useState( false );
	const [ stageError, setStageError ] = useState< string | null >( null );
	const [ confirmDelete, setConfirmDelete ] = useState( false );
	const [ deleting, setDeleting ] = useState( false );
	const [ deleteError, setDeleteError ] = useState< string | null >( null );
	const headingRef = useRef< HTMLHeadingElement >( null );
	const stageRequest = useRef( 0 );
	const { leadsUrl } = getConfig();

	// Move focus to the heading when the lead opens, so screen readers announce it.
	useEffect( () => {
		headingRef.current?.focus();
	}, [ id ] );

	const loadError = fetchError ? describeLoadError( fetchError ) : null;

	const shown: Lead | LeadDetails | null = details ?? initial;
	const title = shown
		? leadDisplayName( shown )
		: sprintf(
				/* translators: %d: lead ID. */
				__( 'Lead #%d', 'solar-capture' ),
				id
			);

	useEffect( () => {
		const previous = document.title;
		document.title = `${ title } ‹ ${ previous }`;
		return () => {
			document.title = previous;
		};
	}, [ title ] );

	/**
	 * Saves a stage. `previous` is what the lead had before the change (for
	 * Undo, and to put it back if saving fails).
	 * @param next     The new stage.
	 * @param previous The stage before.
	 */
	const saveStage = async ( next: string, previous: string ) => {
		const request = ++stageRequest.current;
		setStageError( null );
		setStageSaving( true );
		try {
			const updated = await patchLead( id, { stage: next } );
			if ( request !== stageRequest.current ) {
				return;
			}
			setDetails( updated );
			onStageSaved( updated, previous );
		} catch ( reason ) {
			if ( request !== stageRequest.current ) {
				return;
			}
			setDetails( ( current ) =>
				current
					? {
							...current,
							stage: previous,
							stage_label:
								findStage( previous )?.label ?? previous,
						}
					: current
			);
			setStageError(
				describeError(
					await toRestError( reason ),
					__(
						'The stage could not be changed; it is back to what it was.',
						'solar-capture'
					)
				)
			);
		} finally {
			if ( request === stageRequest.current ) {
				setStageSaving( false );
			}
		}
	};

	/**
	 * A stage confirmed in the picker: shown at once, then saved.
	 * @param next The new stage.
	 */
	const commitStage = ( next: string ) => {
		if ( ! details || next === details.stage ) {
			return;
		}
		const previous = details.stage;
		setDetails( {
			...details,
			stage: next,
			stage_label: findStage( next )?.label ?? next,
		} );
		saveStage( next, previous );
	};

	const removeLead = async () => {
		if ( ! shown ) {
			return;
		}
		setDeleting( true );
		setDeleteError( null );
		try {
			await deleteLead( id );
			setConfirmDelete( false );
			onDeleted( shown );
		} catch ( reason ) {
			setDeleteError(
				describeError(
					await toRestError( reason ),
					__( 'The lead could not be deleted.', 'solar-capture' )
				)
			);
			setDeleting( false );
		}
	};

	const addEvent = ( event: LeadEvent ) => {
		setDetails( ( current ) =>
			current
				? { ...current, events: [ event, ...current.events ] }
				: current
		);
		onChanged();
	};
	const dropEvent = ( eventId: number ) => {
		setDetails( ( current ) =>
			current
				? {
						...current,
						events: current.events.filter(
							( e ) => e.id !== eventId
						),
					}
				: current
		);
		onChanged();
	};

	const back = ( event: MouseEvent ) => {
		if ( isPlainClick( event ) ) {
			event.preventDefault();
			onBack();
		}
	};

	return (
		<div className="solar-capture-lead">
			<p className="solar-capture-lead__back">
				<a href={ leadsUrl } onClick={ back }>
					<span aria-hidden="true">← </span>
					{ __( 'All leads', 'solar-capture' ) }
				</a>
			</p>
			<div className="solar-capture-lead__header">
				<h1
					className="wp-heading-inline solar-capture-lead__title"
					ref={ headingRef }
					tabIndex={ -1 }
				>
					{ title }
				</h1>
				{ shown && shown.stage && (
					<StageBadge
						slug={ shown.stage }
						fallbackLabel={ shown.stage_label }
					/>
				) }
			</div>
			<hr className="wp-header-end" />

			{ loadError && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={
						loadError.missing
							? [
									{
										label: __(
											'Back to all leads',
											'solar-capture'
										),
										onClick: onBack,
										variant: 'secondary',
									},
								]
							: [
									{
										label: __(
											'Try again',
											'solar-capture'
										),
										onClick: retry,
										variant: 'secondary',
									},
								]
					}
				>
					{ loadError.message }
				</Notice>
			) }

			{ ! shown && ! loadError && (
				<Loading>
					{ __( 'Loading the lead…', 'solar-capture' ) }
				</Loading>
			) }

			{ shown && ! loadError?.missing && (
				<div className="solar-capture-lead__grid">
					<div className="solar-capture-lead__main">
						<Section
							id="solar-capture-lead-contact"
							title={ __( 'Contact details', 'solar-capture' ) }
						>
							<Contact lead={ shown } />
						</Section>
						<Section
							id="solar-capture-lead-solar"
							title={ __( 'Solar details', 'solar-capture' ) }
						>
							<SolarDetails lead={ shown } />
						</Section>
						<Section
							id="solar-capture-lead-bookings"
							title={ __( 'Bookings', 'solar-capture' ) }
						>
							{ details ? (
								<Bookings
									bookings={ details.bookings }
									events={ details.events }
								/>
							) : (
								<Loading>
									{ __(
										'Loading bookings…',
										'solar-capture'
									) }
								</Loading>
							) }
						</Section>
						<Section
							id="solar-capture-lead-timeline"
							title={ __( 'Timeline', 'solar-capture' ) }
						>
							{ details ? (
								<>
									<p className="solar-capture-muted solar-capture-section__hint">
										{ sprintf(
											/* translators: %s: time zone such as Europe/London. */
											__(
												'Times are in the site’s time zone (%s).',
												'solar-capture'
											),
											siteZoneLabel()
										) }
									</p>
									<Timeline
										events={ details.events }
										leadId={ id }
										onRequestApplied={ async () => {
											setDetails( await fetchLead( id ) );
											onChanged();
											announce(
												__(
													'The lead’s details were updated.',
													'solar-capture'
												)
											);
										} }
									/>
								</>
							) : (
								<Loading>
									{ __(
										'Loading the timeline…',
										'solar-capture'
									) }
								</Loading>
							) }
						</Section>
					</div>
					<div className="solar-capture-lead__side">
						<Section
							id="solar-capture-lead-stage"
							title={ __( 'Stage', 'solar-capture' ) }
						>
							<StagePicker
								value={ shown.stage }
								valueLabel={ shown.stage_label }
								disabled={ ! details }
								saving={ stageSaving }
								onCommit={ commitStage }
							/>
							{ stageError && (
								<Notice
									status="error"
									onRemove={ () => setStageError( null ) }
								>
									{ stageError }
								</Notice>
							) }
							<About lead={ shown } />
						</Section>
						<Section
							id="solar-capture-lead-attribution"
							title={ __( 'Attribution', 'solar-capture' ) }
						>
							{ details ? (
								<Attribution
									attribution={ details.attribution }
								/>
							) : (
								<Loading>
									{ __(
										'Loading attribution…',
										'solar-capture'
									) }
								</Loading>
							) }
						</Section>
						<Section
							id="solar-capture-lead-notes"
							title={ __( 'Notes', 'solar-capture' ) }
						>
							{ details ? (
								<Notes
									leadId={ id }
									events={ details.events }
									onAdded={ addEvent }
									onDeleted={ dropEvent }
									announce={ announce }
								/>
							) : (
								<Loading>
									{ __( 'Loading notes…', 'solar-capture' ) }
								</Loading>
							) }
						</Section>
						<div className="solar-capture-lead__danger">
							<Button
								variant="secondary"
								isDestructive
								onClick={ () => {
									setDeleteError( null );
									setConfirmDelete( true );
								} }
								disabled={ ! details }
								accessibleWhenDisabled
								__next40pxDefaultSize
							>
								{ __( 'Delete lead', 'solar-capture' ) }
							</Button>
						</div>
					</div>
				</div>
			) }

			{ confirmDelete && shown && (
				<ConfirmModal
					title={ sprintf(
						/* translators: %s: lead name. */
						__( 'Delete %s?', 'solar-capture' ),
						leadDisplayName( shown )
					) }
					confirmLabel={ __( 'Delete lead', 'solar-capture' ) }
					onConfirm={ removeLead }
					onCancel={ () => setConfirmDelete( false ) }
					isBusy={ deleting }
					isDestructive
					error={ deleteError }
				>
					<p>
						{ __(
							'The lead, its bookings, notes and timeline are deleted for good. Deliveries stay in the log on the Integrations page. This cannot be undone.',
							'solar-capture'
						) }
					</p>
				</ConfirmModal>
			) }
		</div>
	);
}
