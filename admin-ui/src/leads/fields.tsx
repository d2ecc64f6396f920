/**
 * The DataViews field definitions of the Leads table. Sorting, searching and
 * filtering happen on the server (see query.ts); these only describe what
 * can be sorted or filtered and how a cell renders.
 */
import { __ } from '@wordpress/i18n';
import type { Field } from '@wordpress/dataviews';

import { getConfig } from '../common/config';
import { formatDate, formatDateTime, isoString } from '../common/dates';
import { knownSources, sourceLabel } from '../common/labels';
import StageBadge from '../common/StageBadge';
import type { Lead } from './types';

function DateCell( {
	value,
	withTime,
}: {
	value: string | null;
	withTime?: boolean;
} ) {
	const text = withTime ? formatDateTime( value ) : formatDate( value );
	if ( ! text ) {
		return <span className="solar-capture-muted">—</span>;
	}
	return (
		<time dateTime={ isoString( value ) } title={ formatDateTime( value ) }>
			{ text }
		</time>
	);
}

export function getLeadFields(): Field< Lead >[] {
	const stageElements = getConfig().stages.map( ( stage ) => ( {
		value: stage.slug,
		label: stage.label,
	} ) );

	return [
		{
			id: 'name',
			label: __( 'Name', 'solar-capture' ),
			enableHiding: false,
			enableGlobalSearch: true,
			getValue: ( { item } ) => item.name,
			render: ( { item } ) =>
				item.name ? (
					<span className="solar-capture-lead-name">
						{ item.name }
					</span>
				) : (
					<span className="solar-capture-lead-name solar-capture-muted">
						{ __( '(no name)', 'solar-capture' ) }
					</span>
				),
			filterBy: false,
		},
		{
			id: 'email',
			label: __( 'E-mail', 'solar-capture' ),
			enableGlobalSearch: true,
			getValue: ( { item } ) => item.email,
			render: ( { item } ) =>
				item.email ? (
					<span className="solar-capture-lead-email">
						{ item.email }
					</span>
				) : (
					<span className="solar-capture-muted">—</span>
				),
			filterBy: false,
		},
		{
			id: 'stage',
			label: __( 'Stage', 'solar-capture' ),
			getValue: ( { item } ) => item.stage,
			render: ( { item } ) => (
				<StageBadge
					slug={ item.stage }
					fallbackLabel={ item.stage_label }
				/>
			),
			elements: stageElements,
			filterBy: stageElements.length
				? { operators: [ 'is' ], isPrimary: true }
				: false,
		},
		{
			id: 'source',
			label: __( 'Source', 'solar-capture' ),
			getValue: ( { item } ) => item.source,
			render: ( { item } ) => <span>{ sourceLabel( item.source ) }</span>,
			elements: knownSources(),
			filterBy: { operators: [ 'is' ] },
			enableSorting: false,
		},
		{
			id: 'created_at',
			label: __( 'Created', 'solar-capture' ),
			getValue: ( { item } ) => item.created_at,
			render: ( { item } ) => <DateCell value={ item.created_at } />,
			filterBy: false,
		},
		{
			id: 'next_booking_at',
			label: __( 'Next booking', 'solar-capture' ),
			getValue: ( { item } ) => item.next_booking_at ?? '',
			render: ( { item } ) => (
				<DateCell value={ item.next_booking_at } withTime />
			),
			filterBy: false,
		},
	];
}
