/**
 * The Leads screen: the list of leads (LeadsList.tsx) or, at `&lead=<id>`,
 * one lead's page (LeadPage.tsx); the view remembered per user
 * (useStoredView.ts), stage changes with Undo (useStageUndo.ts) and the
 * snackbars that confirm them.
 */
import { useCallback, useMemo } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { siteZone } from '../common/dates';
import { Snackbars, useSnackbars } from '../common/snackbars';
import { leadDisplayName } from './fields';
import LeadPage from './LeadPage';
import LeadsList from './LeadsList';
import { viewToQuery } from './query';
import type { Lead } from './types';
import { useLeadRoute } from './useLeadRoute';
import { useLeads } from './useLeads';
import { useStageUndo } from './useStageUndo';
import { useStoredView } from './useStoredView';

export default function LeadsApp() {
	const { view, setView, resetSearch, resetLayout } = useStoredView();
	const zone = useMemo( () => siteZone(), [] );
	const query = useMemo( () => viewToQuery( view, zone ), [ view, zone ] );
	const result = useLeads( query );
	const { retry } = result;
	const { show } = useSnackbars();
	const { leadId, leadRow, openLead, closeLead, listHeading } =
		useLeadRoute();
	const { bulkMoved, leadMoved, reloadToken } = useStageUndo( show, retry );

	const onDeleted = useCallback(
		( count: number ) => {
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

	const announce = useCallback(
		( message: string ) => show( message ),
		[ show ]
	);

	return (
		<div className="solar-capture-screen solar-capture-leads">
			{ leadId !== null ? (
				<LeadPage
					key={ leadId }
					id={ leadId }
					initial={ leadRow }
					reloadToken={ reloadToken }
					onBack={ closeLead }
					onStageSaved={ leadMoved }
					onChanged={ retry }
					onDeleted={ onLeadDeleted }
					announce={ announce }
				/>
			) : (
				<LeadsList
					view={ view }
					setView={ setView }
					query={ query }
					result={ result }
					resetSearch={ resetSearch }
					resetLayout={ resetLayout }
					onOpen={ openLead }
					onStageChanged={ bulkMoved }
					onDeleted={ onDeleted }
					headingRef={ listHeading }
				/>
			) }
			<Snackbars />
		</div>
	);
}
