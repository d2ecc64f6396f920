/**
 * The Leads table's actions: open a lead, change the stage of the selected
 * leads (a modal with every stage), delete them (after a confirmation), and
 * export the leads matching the current search and filters as CSV.
 */
import { Button, Notice, SelectControl } from '@wordpress/components';
import type { Action, RenderModalProps } from '@wordpress/dataviews';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { getConfig } from '../common/config';
import { describeError, toRestError } from '../common/errors';
import { bulkLeads } from './api';
import { leadDisplayName } from './fields';
import type { Lead } from './types';

/* Icons (24×24, as in @wordpress/icons) so the actions also show on small screens. */
const trashIcon = (
	<svg
		xmlns="http://www.w3.org/2000/svg"
		viewBox="0 0 24 24"
		width="24"
		height="24"
		aria-hidden="true"
		focusable="false"
	>
		<path d="M12 5.5A2.25 2.25 0 0 0 9.878 7h4.244A2.251 2.251 0 0 0 12 5.5ZM12 4a3.751 3.751 0 0 0-3.675 3H5v1.5h1.27l.818 8.997a2.75 2.75 0 0 0 2.739 2.501h4.347a2.75 2.75 0 0 0 2.738-2.5L17.73 8.5H19V7h-3.325A3.751 3.751 0 0 0 12 4Zm4.224 4.5H7.776l.806 8.861a1.25 1.25 0 0 0 1.245 1.137h4.347a1.25 1.25 0 0 0 1.245-1.137l.805-8.861Z" />
	</svg>
);
const downloadIcon = (
	<svg
		xmlns="http://www.w3.org/2000/svg"
		viewBox="0 0 24 24"
		width="24"
		height="24"
		aria-hidden="true"
		focusable="false"
	>
		<path d="M18 11.3l-1-1.1-4 4V3h-1.5v11.3L7 10.2l-1 1.1 6.2 5.8 5.8-5.8zm.5 3.7v3.5h-13V15H4v5h16v-5h-1.5z" />
	</svg>
);
const stageIcon = (
	<svg
		xmlns="http://www.w3.org/2000/svg"
		viewBox="0 0 24 24"
		width="24"
		height="24"
		aria-hidden="true"
		focusable="false"
	>
		<path d="M4.75 4a.75.75 0 0 0-.75.75v7.826c0 .2.08.39.22.53l6.72 6.716a2.313 2.313 0 0 0 3.276-.001l5.61-5.611-.531-.53.532.528a2.315 2.315 0 0 0 0-3.264L13.104 4.22a.75.75 0 0 0-.53-.22H4.75ZM19 12.576a.815.815 0 0 1-.236.574l-5.61 5.611a.814.814 0 0 1-1.153 0L5.5 12.264V5.5h6.763l6.5 6.502a.816.816 0 0 1 .237.574ZM8.75 9.75a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
	</svg>
);

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
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			<div className="solar-capture-modal-footer">
				<Button
					variant="tertiary"
					onClick={ closeModal }
					disabled={ busy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'solar-capture' ) }
				</Button>
				<Button
					variant="primary"
					onClick={ apply }
					isBusy={ busy }
					disabled={ ! stage || busy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ sprintf(
						/* translators: %d: number of leads. */
						_n(
							'Change stage of %d lead',
							'Change stage of %d leads',
							items.length,
							'solar-capture'
						),
						items.length
					) }
				</Button>
			</div>
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
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			<div className="solar-capture-modal-footer">
				<Button
					variant="tertiary"
					onClick={ closeModal }
					disabled={ busy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'solar-capture' ) }
				</Button>
				<Button
					variant="primary"
					isDestructive
					onClick={ remove }
					isBusy={ busy }
					disabled={ busy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ sprintf(
						/* translators: %d: number of leads. */
						_n(
							'Delete %d lead',
							'Delete %d leads',
							items.length,
							'solar-capture'
						),
						items.length
					) }
				</Button>
			</div>
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
			<div className="solar-capture-modal-footer">
				<Button
					variant="tertiary"
					onClick={ closeModal }
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'solar-capture' ) }
				</Button>
				<Button
					variant="primary"
					href={ handlers.exportUrl }
					onClick={ () => closeModal?.() }
					__next40pxDefaultSize
				>
					{ __( 'Download CSV', 'solar-capture' ) }
				</Button>
			</div>
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
			icon: stageIcon,
			supportsBulk: true,
			modalHeader: __( 'Change stage', 'solar-capture' ),
			RenderModal: ( props ) => (
				<ChangeStageModal { ...props } handlers={ get() } />
			),
		},
		{
			id: 'export-csv',
			label: __( 'Export CSV', 'solar-capture' ),
			icon: downloadIcon,
			supportsBulk: true,
			modalHeader: __( 'Export leads as CSV', 'solar-capture' ),
			RenderModal: ( props ) => (
				<ExportModal { ...props } handlers={ get() } />
			),
		},
		{
			id: 'delete',
			label: __( 'Delete', 'solar-capture' ),
			icon: trashIcon,
			supportsBulk: true,
			modalHeader: __( 'Delete leads', 'solar-capture' ),
			RenderModal: ( props ) => (
				<DeleteModal { ...props } handlers={ get() } />
			),
		},
	];
}
