/**
 * Stage changes confirmed in a snackbar with Undo: a bulk change on the
 * list puts each lead back in its own old stage; a change on a lead's page
 * puts that lead back. Undoing reloads what shows the stage.
 */
import { useCallback, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { findStage } from '../common/config';
import { describeError, toRestError } from '../common/errors';
import type { SnackbarOptions } from '../common/snackbars';
import { bulkLeads, patchLead } from './api';
import { leadDisplayName } from './fields';
import type { LeadDetails } from './types';

type Show = ( content: string, options?: SnackbarOptions ) => string;

const stageName = ( slug: string ) => findStage( slug )?.label ?? slug;

/**
 * @param show    Shows a snackbar.
 * @param refresh Reloads the list of leads.
 */
export function useStageUndo( show: Show, refresh: () => void ) {
	/** Changes when the open lead must be fetched again (after an Undo). */
	const [ reloadToken, setReloadToken ] = useState( 0 );

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
			refresh();
		},
		[ refresh, show ]
	);

	/** Leads of the list moved to `stage`; `previous` maps lead ID → old stage. */
	const bulkMoved = useCallback(
		( stage: string, count: number, previous: Map< number, string > ) => {
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
			refresh();
		},
		[ refresh, show, undoBulk ]
	);

	/** One lead's stage was picked on its page. */
	const leadMoved = useCallback(
		( lead: LeadDetails, previous: string ) => {
			const key = `stage-${ lead.id }`;
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
						{ key }
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
						{ key, explicitDismiss: true }
					);
				}
				setReloadToken( ( n ) => n + 1 );
				refresh();
			};
			show(
				sprintf(
					/* translators: 1: lead name, 2: stage name. */
					__( '%1$s moved to %2$s.', 'solar-capture' ),
					leadDisplayName( lead ),
					stageName( lead.stage )
				),
				{
					key,
					explicitDismiss: true,
					actions: [
						{ label: __( 'Undo', 'solar-capture' ), onClick: undo },
					],
				}
			);
			refresh();
		},
		[ refresh, show ]
	);

	return { bulkMoved, leadMoved, reloadToken };
}
