/**
 * The DataViews field definitions of the Leads table. Sorting, searching and
 * filtering happen on the server (see query.ts); these only describe what
 * can be sorted or filtered and how a cell renders. Every value is rendered
 * as text (React escapes it): a name like "<script>" shows as typed.
 */
import { TextControl, Tooltip } from '@wordpress/components';
import { useState } from '@wordpress/element';
import type { DataFormControlProps, Field } from '@wordpress/dataviews';
import { __, sprintf } from '@wordpress/i18n';

import { fieldLabel, getConfig } from '../common/config';
import {
	formatDate,
	formatDateTime,
	formatInZone,
	isoString,
	parseUtc,
	relativeTime,
	sameAsSite,
	siteZoneLabel,
} from '../common/dates';
import { knownSources, sourceLabel } from '../common/labels';
import StageBadge from '../common/StageBadge';
import { fetchLead } from './api';
import { FILTER_OPERATORS } from './query';
import type { Lead } from './types';

/**
 * The name to show for a lead: its name, else its e-mail, else "Lead #3".
 * @param lead A lead.
 */
export function leadDisplayName( lead: Pick< Lead, 'id' | 'name' | 'email' > ) {
	return (
		lead.name.trim() ||
		lead.email ||
		sprintf(
			/* translators: %d: lead ID. */
			__( 'Lead #%d', 'solar-capture' ),
			lead.id
		)
	);
}

function Muted( { children = '—' }: { children?: string } ) {
	return <span className="solar-capture-muted">{ children }</span>;
}

function CreatedCell( { value }: { value: string } ) {
	const text = formatDate( value );
	if ( ! text ) {
		return <Muted />;
	}
	return (
		<time
			dateTime={ isoString( value ) }
			title={ sprintf(
				/* translators: 1: date and time, 2: time zone such as Europe/London. */
				__( '%1$s (%2$s)', 'solar-capture' ),
				formatDateTime( value ),
				siteZoneLabel()
			) }
		>
			{ text }
		</time>
	);
}

/** Booker's zone of each lead's next booking, fetched once per lead on hover. */
const bookerZones = new Map< number, Promise< string > >();

function bookerZone( lead: Lead ): Promise< string > {
	if ( lead.next_booking_timezone ) {
		return Promise.resolve( lead.next_booking_timezone );
	}
	let zone = bookerZones.get( lead.id );
	if ( ! zone ) {
		zone = fetchLead( lead.id )
			.then( ( details ) => {
				const next = parseUtc( lead.next_booking_at )?.getTime();
				const booking =
					details.bookings.find(
						( b ) => parseUtc( b.start_at )?.getTime() === next
					) ?? details.bookings.find( ( b ) => b.timezone );
				return booking?.timezone ?? '';
			} )
			.catch( () => '' );
		bookerZones.set( lead.id, zone );
	}
	return zone;
}

/**
 * The next booking in the site's time zone; hovering (or focusing) it shows
 * the zone and the time in the booker's own zone (read from the lead's
 * bookings the first time, unless the list row already carries it).
 * @param props      Props.
 * @param props.lead The lead.
 */
function NextBookingCell( { lead }: { lead: Lead } ) {
	const value = lead.next_booking_at;
	const [ theirZone, setTheirZone ] = useState( lead.next_booking_timezone );
	const text = formatDateTime( value );
	if ( ! text ) {
		return <Muted />;
	}
	const date = parseUtc( value );
	const past = date ? date.getTime() < Date.now() : false;
	const site = sprintf(
		/* translators: 1: date and time, 2: time zone such as Europe/London. */
		__( '%1$s in the site’s time zone (%2$s)', 'solar-capture' ),
		text,
		siteZoneLabel()
	);
	let title: string = site;
	if ( theirZone && sameAsSite( value, theirZone ) ) {
		title = `${ site }\n${ sprintf(
			/* translators: %s: time zone such as Europe/London. */
			__( 'The booker is in the same time zone (%s).', 'solar-capture' ),
			theirZone
		) }`;
	} else if ( theirZone ) {
		title = `${ site }\n${ sprintf(
			/* translators: 1: date and time, 2: time zone such as America/New_York. */
			__( '%1$s for the booker (%2$s)', 'solar-capture' ),
			formatInZone( value, theirZone ),
			theirZone
		) }`;
	}
	const load = () => {
		if ( ! theirZone ) {
			bookerZone( lead ).then( setTheirZone );
		}
	};
	return (
		<span className="solar-capture-next-booking">
			<Tooltip text={ title.replace( '\n', ' · ' ) } placement="top">
				{ /* Focusable: keyboard users get the same details as a mouse hover. */ }
				<time
					dateTime={ isoString( value ) }
					tabIndex={ 0 }
					onMouseEnter={ load }
					onFocus={ load }
				>
					{ text }
				</time>
			</Tooltip>
			{ title !== site && (
				<span className="screen-reader-text">
					{ title.slice( site.length + 1 ) }
				</span>
			) }
			<span
				className={ `solar-capture-next-booking__hint${
					past ? ' is-past' : ''
				}` }
			>
				{ relativeTime( value ) }
			</span>
		</span>
	);
}

/**
 * The created-date filter's input: native date fields (keyboard and screen
 * reader friendly, and independent of the WordPress version's calendar).
 * `between` takes a [from, to] pair; the other operators take one date.
 * @param props          DataViews control props.
 * @param props.data     The filter values by field.
 * @param props.field    The field.
 * @param props.onChange Change handler.
 * @param props.operator The selected operator.
 */
function CreatedFilterEdit( {
	data,
	field,
	onChange,
	operator,
}: DataFormControlProps< Record< string, unknown > > ) {
	const value = ( data as Record< string, unknown > )[ field.id ];
	const set = ( next: unknown ) =>
		onChange( { [ field.id ]: next } as Record< string, unknown > );

	if ( operator === 'between' ) {
		const [ from = '', to = '' ] = Array.isArray( value )
			? ( value as string[] )
			: [];
		const pair = ( a: string, b: string ) =>
			a || b ? [ a || '', b || '' ] : undefined;
		return (
			<div className="solar-capture-date-range">
				<TextControl
					type="date"
					label={ __( 'From', 'solar-capture' ) }
					value={ from || '' }
					max={ to || undefined }
					onChange={ ( next ) => set( pair( next, to ) ) }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<TextControl
					type="date"
					label={ __( 'To (inclusive)', 'solar-capture' ) }
					value={ to || '' }
					min={ from || undefined }
					onChange={ ( next ) => set( pair( from, next ) ) }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
			</div>
		);
	}

	return (
		<TextControl
			type="date"
			label={ __( 'Date', 'solar-capture' ) }
			value={ typeof value === 'string' ? value : '' }
			onChange={ ( next ) => set( next || undefined ) }
			__next40pxDefaultSize
			__nextHasNoMarginBottom
		/>
	);
}

export function getLeadFields(): Field< Lead >[] {
	const attribution = getConfig().attributionValues;
	const stageElements = getConfig().stages.map( ( stage ) => ( {
		value: stage.slug,
		label: stage.label,
	} ) );

	return [
		{
			id: 'name',
			label: fieldLabel( 'name', __( 'Name', 'solar-capture' ) ),
			enableHiding: false,
			getValue: ( { item } ) => leadDisplayName( item ),
			render: ( { item } ) =>
				item.name.trim() ? (
					<span className="solar-capture-lead-name">
						{ item.name }
					</span>
				) : (
					<span className="solar-capture-lead-name solar-capture-lead-name--placeholder">
						{ leadDisplayName( item ) }
					</span>
				),
			filterBy: false,
		},
		{
			id: 'email',
			label: fieldLabel( 'email', __( 'E-mail', 'solar-capture' ) ),
			getValue: ( { item } ) => item.email,
			render: ( { item } ) =>
				item.email ? (
					<span className="solar-capture-lead-email">
						{ item.email }
					</span>
				) : (
					<Muted />
				),
			filterBy: false,
		},
		{
			id: 'phone',
			label: fieldLabel( 'phone', __( 'Phone', 'solar-capture' ) ),
			getValue: ( { item } ) => item.phone,
			render: ( { item } ) =>
				item.phone ? <span>{ item.phone }</span> : <Muted />,
			enableSorting: false,
			filterBy: false,
		},
		{
			id: 'postcode',
			label: fieldLabel( 'postcode', __( 'Postcode', 'solar-capture' ) ),
			getValue: ( { item } ) => item.postcode,
			render: ( { item } ) =>
				item.postcode ? <span>{ item.postcode }</span> : <Muted />,
			enableSorting: false,
			filterBy: false,
		},
		{
			id: 'stage',
			label: fieldLabel( 'stage', __( 'Stage', 'solar-capture' ) ),
			getValue: ( { item } ) => item.stage,
			render: ( { item } ) => (
				<StageBadge
					slug={ item.stage }
					fallbackLabel={ item.stage_label }
				/>
			),
			elements: stageElements,
			filterBy: stageElements.length
				? { operators: [ ...FILTER_OPERATORS.stage ], isPrimary: true }
				: false,
		},
		{
			id: 'source',
			label: fieldLabel( 'source', __( 'Source', 'solar-capture' ) ),
			getValue: ( { item } ) => item.source,
			render: ( { item } ) => <span>{ sourceLabel( item.source ) }</span>,
			elements: knownSources(),
			filterBy: { operators: [ ...FILTER_OPERATORS.source ] },
		},
		{
			id: 'created_at',
			label: __( 'Created', 'solar-capture' ),
			getValue: ( { item } ) => item.created_at,
			render: ( { item } ) => <CreatedCell value={ item.created_at } />,
			Edit: CreatedFilterEdit as unknown as Field< Lead >[ 'Edit' ],
			filterBy: { operators: [ ...FILTER_OPERATORS.created_at ] },
		},
		{
			id: 'next_booking_at',
			label: __( 'Next booking', 'solar-capture' ),
			getValue: ( { item } ) => item.next_booking_at ?? '',
			render: ( { item } ) => <NextBookingCell lead={ item } />,
			filterBy: false,
		},
		{
			// A filter only (never a column): leads with a booking still to come.
			id: 'upcoming',
			label: __( 'Upcoming booking', 'solar-capture' ),
			getValue: ( { item } ) => {
				const next = parseUtc( item.next_booking_at );
				return next && next.getTime() > Date.now() ? 'yes' : 'no';
			},
			elements: [
				{ value: 'yes', label: __( 'Yes', 'solar-capture' ) },
				{ value: 'no', label: __( 'No', 'solar-capture' ) },
			],
			filterBy: { operators: [ ...FILTER_OPERATORS.upcoming ] },
			enableHiding: false,
			enableSorting: false,
		},
		{
			// A filter only: a paid booking's checkout was started, not finished.
			id: 'awaiting_payment',
			label: __( 'Awaiting payment', 'solar-capture' ),
			getValue: () => '',
			elements: [
				{ value: 'yes', label: __( 'Yes', 'solar-capture' ) },
				{ value: 'no', label: __( 'No', 'solar-capture' ) },
			],
			filterBy: { operators: [ ...FILTER_OPERATORS.awaiting_payment ] },
			enableHiding: false,
			enableSorting: false,
		},
		attributionFilter(
			'utm_source',
			__( 'UTM source', 'solar-capture' ),
			attribution.utm_source
		),
		attributionFilter(
			'utm_campaign',
			__( 'UTM campaign', 'solar-capture' ),
			attribution.utm_campaign
		),
	];
}

/**
 * A filter only (never a column): leads whose first or latest touch has one
 * of the values some lead has (window.solarCapture.attributionValues). No
 * values yet: no filter to offer.
 * @param id     `utm_source` or `utm_campaign`.
 * @param label  The filter's name.
 * @param values The values that exist.
 */
function attributionFilter(
	id: 'utm_source' | 'utm_campaign',
	label: string,
	values: string[]
): Field< Lead > {
	return {
		id,
		label,
		getValue: () => '',
		elements: values.map( ( value ) => ( { value, label: value } ) ),
		filterBy: values.length
			? { operators: [ ...FILTER_OPERATORS[ id ] ] }
			: false,
		enableHiding: false,
		enableSorting: false,
	};
}

/** Fields the view may show as columns (for the remembered view). */
export const COLUMN_FIELDS = [
	'email',
	'phone',
	'postcode',
	'stage',
	'source',
	'created_at',
	'next_booking_at',
];
