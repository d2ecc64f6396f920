/**
 * Which key presses step a closed <select> to another option by themselves
 * (so the stage picker holds the stage until it is confirmed).
 */

/** Keys with which a closed select steps to another option at once. */
const STEP_KEYS = new Set( [
	'ArrowUp',
	'ArrowDown',
	'ArrowLeft',
	'ArrowRight',
	'Home',
	'End',
	'PageUp',
	'PageDown',
] );

/** What `stepsOption` reads of a key press. */
export interface KeyPress {
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
}

/**
 * Whether a key press moves a closed select to another option by itself.
 * @param event The key press.
 */
export function stepsOption( event: KeyPress ): boolean {
	if ( event.altKey || event.ctrlKey || event.metaKey ) {
		return false; // Alt+↓ opens the list; its Enter is a confirmed pick.
	}
	if ( STEP_KEYS.has( event.key ) ) {
		return true;
	}
	// Type-ahead: a printable character selects the option it starts.
	return event.key.length === 1 && event.key !== ' ';
}
