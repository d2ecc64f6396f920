/**
 * Short-lived confirmations ("Stage changed. Undo") at the bottom of the
 * screen, as the block editor shows them: notices of type "snackbar" in
 * core's notices store (wp-notices), shown by core's SnackbarList, which
 * also announces them to screen readers.
 */
import { SnackbarList } from '@wordpress/components';
import { useDispatch, useRegistry, useSelect } from '@wordpress/data';
import { useCallback } from '@wordpress/element';
import { store as noticesStore } from '@wordpress/notices';

/** The screens' own notices context, apart from anything else on the page. */
const CONTEXT = 'solar-capture';
/** At most this many snackbars at once: the newest stay. */
const MAX_SHOWN = 3;

export interface SnackbarAction {
	label: string;
	onClick: () => void;
}

export interface SnackbarOptions {
	/** A snackbar with the same key replaces the older one. */
	key?: string;
	actions?: SnackbarAction[];
	/** Stays until dismissed (used for notices that offer Undo). */
	explicitDismiss?: boolean;
}

interface StoreNotice {
	id: string;
	type?: string;
	content: string;
	actions?: SnackbarAction[];
	explicitDismiss?: boolean;
}

let counter = 0;

function snackbarsOf( notices: unknown ): StoreNotice[] {
	return Array.isArray( notices )
		? ( notices as StoreNotice[] ).filter(
				( notice ) => notice.type === 'snackbar'
			)
		: [];
}

/**
 * `show( content, options )`: adds a snackbar and returns its id.
 */
export function useSnackbars() {
	const registry = useRegistry();
	const { createNotice, removeNotice } = useDispatch( noticesStore );

	const show = useCallback(
		( content: string, options: SnackbarOptions = {} ) => {
			counter += 1;
			const prefix = options.key ? `${ options.key }-` : 'snackbar-';
			const id = `${ prefix }${ counter }`;
			const current = snackbarsOf(
				registry.select( noticesStore ).getNotices( CONTEXT )
			);
			// The older one with this key, and the oldest beyond the limit.
			const sameKey = options.key
				? current.filter( ( notice ) => notice.id.startsWith( prefix ) )
				: [];
			const others = current.filter(
				( notice ) => ! sameKey.includes( notice )
			);
			const dropped = [
				...sameKey,
				...others.slice(
					0,
					Math.max( 0, others.length - ( MAX_SHOWN - 1 ) )
				),
			];
			for ( const notice of dropped ) {
				removeNotice( notice.id, CONTEXT );
			}
			createNotice( 'info', content, {
				id,
				type: 'snackbar',
				context: CONTEXT,
				actions: options.actions,
				explicitDismiss: options.explicitDismiss,
			} );
			return id;
		},
		[ registry, createNotice, removeNotice ]
	);

	return { show };
}

/** The snackbars of the screen, at its bottom left. */
export function Snackbars() {
	const all = useSelect(
		( select ) => select( noticesStore ).getNotices( CONTEXT ),
		[]
	);
	const notices = snackbarsOf( all );
	const { removeNotice } = useDispatch( noticesStore );
	return (
		<div className="solar-capture-snackbars">
			<SnackbarList
				notices={ notices.slice( -MAX_SHOWN ) }
				onRemove={ ( id: string ) => removeNotice( id, CONTEXT ) }
			/>
		</div>
	);
}
