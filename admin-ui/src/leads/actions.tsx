/**
 * The Leads table's actions: open a lead, change the stage of the selected
 * leads (a modal with every stage), delete them (after a confirmation), and
 * export the leads matching the current search and filters as CSV.
 */
import { SelectControl } from '@wordpress/components';
import type { Action, RenderModalProps } from '@wordpress/dataviews';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
// Icons so the actions also show on small screens.
import { download, tag, trash } from '@wordpress/icons';

import { getConfig } from '../common/config';
import { ConfirmActions } from '../common/ConfirmModal';
import { describeError, toRestError } from '../common/errors';
import { bulkLeads } from './api';
import { leadDisplayName } from './fields';
import type { Lead } from './types';

export interface LeadActionHandlers {
	onOpen: ( lead: Lead ) => void;
	/** After a bulk stage change: `previous` maps lead ID → its old stage. */
	onStageChanged: (
		stage: string,
		count: number,
		previous: Map< number, string >
	) => void;
	onDeleted: ( count: number ) => void;
	exportUrl: string;
	totalItems: number;
}

function names( items: Lead[] ): string {
	const shown = items.slice( 0, 3 ).map( leadDisplayName );
	if ( items.length > 3 ) {
		shown.push(
			sprintf(
				/* translators: %d: number of other leads. */
				_n(
					'%d other',
					'%d others',
					items.length - 3,
					'solar-capture'
				),
				items.length - 3
			)
		);
	}
	return shown.join( ', ' );
}

function ChangeStageModal( {
	items,
	closeModal,
	onActionPerformed,
	handlers,
}: RenderModalProps< Lead > & { handlers: LeadActionHandlers } ) {
	const { stages } = getConfig();
	const common = items.every( ( item ) => item.stage === items[ 0 ]?.stage )
		? items[ 0 ]?.stage
		: '';
	const [ stage, setStage ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	const apply = async () => {
		if ( ! stage ) {
			return;
		}
		setBusy( true );
		setError( null );
		const previous = new Map(
			items.map( ( item ) => [ item.id, item.stage ] )
		);
		try {
			const count = await bulkLeads( {
				action: 'set_stage',
				ids: items.map( ( item ) => item.id ),
				stage,
			} );
			closeModal?.();
			onActionPerformed?.( items );
			handlers.onStageChanged( stage, count, previous );
		} catch ( reason ) {
			setError(
				describeError(
					await toRestError( reason ),
					__( 'The stage could not be changed.', 'solar-capture' )
				)
			);
			setBusy( false );
		}
	};

	return (
		<div className="solar-capture-action-modal">
			<p>
				{ sprintf(
					/* translators: %s: lead names. */
					_n(
						'Lead: %s',
						'Leads: %s',
						items.length,
						'solar-capture'
					),
					names( items )
				) }
			</p>
			<SelectControl
				label={ __( 'New stage', 'solar-capture' ) }
				value={ stage }
				options={ [
					{
						value: '',
						label: __( 'Choose a stage…', 'solar-capture' ),
						disabled: true,
					},
					...stages.map( ( s ) => ( {
						value: s.slug,
						label:
							s.slug === common
								? sprintf(
										/* translators: %s: stage name. */
										__( '%s (current)', 'solar-capture' ),
										s.label
									)
								: s.label,
					} ) ),
				] }
				onChange={ ( value: string ) => setStage( value ) }
				help={ __(
					'Each lead’s timeline records the change, with your name.',
					'solar-capture'
				) }
				__next40pxDefaultSize
				__nextHasNoMarginBottom
			/>
			<ConfirmActions
				confirmLabel={ sprintf(
					/* translators: %d: number of leads. */
					_n(
						'Change stage of %d lead',
						'Change stage of %d leads',
						items.length,
						'solar-capture'
					),
					items.length
				) }
				onConfirm={ apply }
				onCancel={ closeModal }
				isBusy={ busy }
				disabled={ ! stage }
				error={ error }
			/>
		</div>
	);
}

function DeleteModal( {
	items,
	closeModal,
	onActionPerformed,
	handlers,
}: RenderModalProps< Lead > & { handlers: LeadActionHandlers } ) {
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	const remove = async () => {
		setBusy( true );
		setError( null );
		try {
			const count = await bulkLeads( {
				action: 'delete',
				ids: items.map( ( item ) => item.id ),
			} );
			closeModal?.();
			onActionPerformed?.( items );
			handlers.onDeleted( count );
		} catch ( reason ) {
			setError(
				describeError(
					await toRestError( reason ),
					__( 'The leads could not be deleted.', 'solar-capture' )
				)
			);
			setBusy( false );
		}
	};

	return (
		<div className="solar-capture-action-modal">
			<p>
				<strong>
					{ sprintf(
						/* translators: %s: lead names. */
						_n(
							'Delete %s?',
							'Delete these leads: %s?',
							items.length,
							'solar-capture'
						),
						names( items )
					) }
				</strong>
			</p>
			<p>
				{ __(
					'Their bookings, notes and timelines are deleted too, for good. Deliveries stay in the log on the Integrations page. This cannot be undone: export them as CSV first if you may need them.',
					'solar-capture'
				) }
			</p>
			<ConfirmActions
				confirmLabel={ sprintf(
					/* translators: %d: number of leads. */
					_n(
						'Delete %d lead',
						'Delete %d leads',
						items.length,
						'solar-capture'
					),
					items.length
				) }
				onConfirm={ remove }
				onCancel={ closeModal }
				isBusy={ busy }
				isDestructive
				error={ error }
			/>
		</div>
	);
}

function ExportModal( {
	closeModal,
	handlers,
}: RenderModalProps< Lead > & { handlers: LeadActionHandlers } ) {
	return (
		<div className="solar-capture-action-modal">
			<p>
				{ sprintf(
					/* translators: %d: number of leads. */
					_n(
						'The CSV file holds the %d lead that matches your current search and filters (not only the selected ones), with a header row, in UTF-8 that Excel, Numbers and Google Sheets open correctly.',
						'The CSV file holds all %d leads that match your current search and filters (not only the selected ones), with a header row, in UTF-8 that Excel, Numbers and Google Sheets open correctly.',
						handlers.totalItems,
						'solar-capture'
					),
					handlers.totalItems
				) }
			</p>
			<ConfirmActions
				confirmLabel={ __( 'Download CSV', 'solar-capture' ) }
				href={ handlers.exportUrl }
				onConfirm={ () => closeModal?.() }
				onCancel={ closeModal }
			/>
		</div>
	);
}

/**
 * The actions; `get` returns the current handlers, so the action list (and
 * an open modal) stays the same while the table reloads.
 * @param get Returns the current handlers.
 */
export function getLeadActions(
	get: () => LeadActionHandlers
): Action< Lead >[] {
	return [
		{
			id: 'view-lead',
			label: __( 'Open', 'solar-capture' ),
			callback: ( items ) => {
				if ( items[ 0 ] ) {
					get().onOpen( items[ 0 ] );
				}
			},
		},
		{
			id: 'change-stage',
			label: __( 'Change stage', 'solar-capture' ),
			icon: tag,
			supportsBulk: true,
			modalHeader: __( 'Change stage', 'solar-capture' ),
			RenderModal: ( props ) => (
				<ChangeStageModal { ...props } handlers={ get() } />
			),
		},
		{
			id: 'export-csv',
			label: __( 'Export CSV', 'solar-capture' ),
			icon: download,
			supportsBulk: true,
			modalHeader: __( 'Export leads as CSV', 'solar-capture' ),
			RenderModal: ( props ) => (
				<ExportModal { ...props } handlers={ get() } />
			),
		},
		{
			id: 'delete',
			label: __( 'Delete', 'solar-capture' ),
			icon: trash,
			supportsBulk: true,
			modalHeader: __( 'Delete leads', 'solar-capture' ),
			RenderModal: ( props ) => (
				<DeleteModal { ...props } handlers={ get() } />
			),
		},
	];
}
