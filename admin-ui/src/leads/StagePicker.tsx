/**
 * The stage select of a lead's page, safe for the keyboard: stepping
 * through the options with the arrow keys (or typing a stage's first
 * letters) only shows a stage; nothing is saved until it is confirmed with
 * Enter, by leaving the field, or by picking an option with the mouse (or
 * from the opened list). Escape puts the select back to the saved stage.
 * One confirmed change is one save, one timeline entry and one Undo.
 */
import { SelectControl, Spinner } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';

import { findStage, getConfig } from '../common/config';
import { stepsOption } from './stageKeys';

interface Props {
	/** The saved stage. */
	value: string;
	/** Its label, for a stage that is no longer in the pipeline. */
	valueLabel?: string;
	disabled: boolean;
	saving: boolean;
	/** A confirmed change to `next` (never the saved stage itself). */
	onCommit: ( next: string ) => void;
}

const stageName = ( slug: string ) => findStage( slug )?.label ?? slug;

export default function StagePicker( {
	value,
	valueLabel,
	disabled,
	saving,
	onCommit,
}: Props ) {
	const { stages } = getConfig();
	/** A stage stepped to with the keyboard and not yet confirmed. */
	const [ draft, setDraft ] = useState< string | null >( null );
	/** The next change event comes from a stepping key press. */
	const stepping = useRef( false );
	const draftRef = useRef< string | null >( null );
	draftRef.current = draft;
	const commitRef = useRef( onCommit );
	commitRef.current = onCommit;

	// The saved stage changed elsewhere (saved, undone, reloaded): drop the draft.
	useEffect( () => {
		setDraft( null );
	}, [ value ] );

	// Leaving the lead with a stage stepped to confirms it, like leaving the field.
	useEffect(
		() => () => {
			if ( draftRef.current !== null ) {
				commitRef.current( draftRef.current );
			}
		},
		[]
	);

	const confirm = () => {
		const next = draftRef.current;
		draftRef.current = null;
		setDraft( null );
		if ( next !== null && next !== value ) {
			onCommit( next );
		}
	};

	const change = ( next: string ) => {
		if ( stepping.current ) {
			stepping.current = false;
			setDraft( next === value ? null : next );
			return;
		}
		draftRef.current = null;
		setDraft( null );
		if ( next !== value ) {
			onCommit( next );
		}
	};

	const keyDown = ( event: KeyboardEvent< HTMLSelectElement > ) => {
		if ( event.key === 'Enter' && draftRef.current !== null ) {
			event.preventDefault();
			confirm();
			return;
		}
		if ( event.key === 'Escape' && draftRef.current !== null ) {
			event.preventDefault();
			event.stopPropagation();
			draftRef.current = null;
			setDraft( null );
			return;
		}
		stepping.current = stepsOption( event );
	};

	const options = [
		...( value && ! findStage( value )
			? [ { value, label: valueLabel || value } ]
			: [] ),
		...stages.map( ( stage ) => ( {
			value: stage.slug,
			label: stage.label,
		} ) ),
	];

	return (
		<div className="solar-capture-stage-picker">
			<SelectControl
				label={ __( 'Pipeline stage', 'solar-capture' ) }
				value={ draft ?? value }
				options={ options }
				onChange={ change }
				onKeyDown={ keyDown }
				onMouseDown={ () => {
					stepping.current = false;
				} }
				onBlur={ confirm }
				disabled={ disabled }
				help={ __(
					'Saved when you pick a stage. With the arrow keys, press Enter to save.',
					'solar-capture'
				) }
				__next40pxDefaultSize
				__nextHasNoMarginBottom
			/>
			<p
				className="solar-capture-stage-picker__pending"
				role="status"
				aria-live="polite"
			>
				{ draft !== null &&
					sprintf(
						/* translators: 1: stage shown, 2: the saved stage. */
						__(
							'Not saved yet: press Enter to move this lead to %1$s, or Escape to keep %2$s.',
							'solar-capture'
						),
						stageName( draft ),
						findStage( value )?.label ?? ( valueLabel || value )
					) }
			</p>
			{ saving && (
				<span className="solar-capture-saving" role="status">
					<Spinner />
					{ __( 'Saving…', 'solar-capture' ) }
				</span>
			) }
		</div>
	);
}
