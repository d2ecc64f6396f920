/**
 * Short-lived confirmations ("Stage changed. Undo") shown at the bottom of
 * the screen, like the block editor's snackbars, and announced to screen
 * readers by the Snackbar component itself.
 */
import { SnackbarList } from '@wordpress/components';
import { useCallback, useRef, useState } from '@wordpress/element';

export interface SnackbarAction {
	label: string;
	onClick: () => void;
}

export interface SnackbarNotice {
	id: string;
	content: string;
	actions?: SnackbarAction[];
	/** Stays until dismissed (used for notices that offer Undo). */
	explicitDismiss?: boolean;
}

export function useSnackbars() {
	const [ notices, setNotices ] = useState< SnackbarNotice[] >( [] );
	const counter = useRef( 0 );

	const remove = useCallback( ( id: string ) => {
		setNotices( ( current ) =>
			current.filter( ( notice ) => notice.id !== id )
		);
	}, [] );

	/**
	 * Shows a snackbar; a notice with the same `key` replaces the older one.
	 */
	const show = useCallback(
		(
			content: string,
			options: {
				key?: string;
				actions?: SnackbarAction[];
				explicitDismiss?: boolean;
			} = {}
		) => {
			counter.current += 1;
			const id = options.key
				? `${ options.key }-${ counter.current }`
				: `snackbar-${ counter.current }`;
			setNotices( ( current ) => [
				// At most three at once, and one per key.
				...current
					.filter(
						( notice ) =>
							! options.key ||
							! notice.id.startsWith( `${ options.key }-` )
					)
					.slice( -2 ),
				{
					id,
					content,
					actions: options.actions,
					explicitDismiss: options.explicitDismiss,
				},
			] );
			return id;
		},
		[]
	);

	return { notices, show, remove };
}

export function Snackbars( {
	notices,
	onRemove,
}: {
	notices: SnackbarNotice[];
	onRemove: ( id: string ) => void;
} ) {
	return (
		<div className="solar-capture-snackbars">
			<SnackbarList notices={ notices } onRemove={ onRemove } />
		</div>
	);
}
