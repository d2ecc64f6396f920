/**
 * Notes on a lead: add one (Ctrl/⌘+Enter sends), delete one after a
 * confirmation. Notes are timeline events of type "note", shown as text.
 */
import { Button, Notice, TextareaControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent, KeyboardEvent } from 'react';

import ConfirmModal from '../common/ConfirmModal';
import { formatDateTime } from '../common/dates';
import { describeError, toRestError } from '../common/errors';
import { addNote, deleteNote } from './api';
import { sortEvents } from './normalise';
import { eventActor, When } from './Timeline';
import type { LeadEvent } from './types';

const MAX_LENGTH = 10000;

interface Props {
	leadId: number;
	events: LeadEvent[];
	onAdded: ( event: LeadEvent ) => void;
	onDeleted: ( eventId: number ) => void;
	announce: ( message: string ) => void;
}

export function noteText( event: LeadEvent ): string {
	for ( const key of [ 'text', 'note', 'body', 'message' ] ) {
		const value = event.data?.[ key ];
		if ( typeof value === 'string' && value !== '' ) {
			return value;
		}
	}
	return '';
}

export default function Notes( {
	leadId,
	events,
	onAdded,
	onDeleted,
	announce,
}: Props ) {
	const [ text, setText ] = useState( '' );
	const [ saving, setSaving ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	const [ confirming, setConfirming ] = useState< LeadEvent | null >( null );
	const [ deleting, setDeleting ] = useState( false );
	const [ deleteError, setDeleteError ] = useState< string | null >( null );

	const notes = sortEvents(
		events.filter( ( event ) => event.type === 'note' )
	);
	const trimmed = text.trim();

	const submit = async ( event?: FormEvent ) => {
		event?.preventDefault();
		if ( ! trimmed || saving ) {
			return;
		}
		setSaving( true );
		setError( null );
		try {
			const note = await addNote( leadId, trimmed );
			onAdded( note );
			setText( '' );
			announce( __( 'Note added.', 'solar-capture' ) );
		} catch ( reason ) {
			setError(
				describeError(
					await toRestError( reason ),
					__(
						'The note could not be saved (your text is still in the box).',
						'solar-capture'
					)
				)
			);
		} finally {
			setSaving( false );
		}
	};

	const onKeyDown = ( event: KeyboardEvent ) => {
		if ( event.key === 'Enter' && ( event.ctrlKey || event.metaKey ) ) {
			submit();
		}
	};

	const remove = async () => {
		if ( ! confirming ) {
			return;
		}
		setDeleting( true );
		setDeleteError( null );
		try {
			await deleteNote( leadId, confirming.id );
			onDeleted( confirming.id );
			setConfirming( null );
			announce( __( 'Note deleted.', 'solar-capture' ) );
		} catch ( reason ) {
			setDeleteError(
				describeError(
					await toRestError( reason ),
					__( 'The note could not be deleted.', 'solar-capture' )
				)
			);
		} finally {
			setDeleting( false );
		}
	};

	return (
		<div className="solar-capture-notes">
			<form onSubmit={ submit } className="solar-capture-notes__form">
				<TextareaControl
					label={ __( 'Add a note', 'solar-capture' ) }
					help={ __(
						'Only you and other site managers see notes. Ctrl+Enter (⌘+Enter) adds it.',
						'solar-capture'
					) }
					value={ text }
					onChange={ setText }
					onKeyDown={ onKeyDown }
					rows={ 3 }
					maxLength={ MAX_LENGTH }
					__nextHasNoMarginBottom
				/>
				{ error && (
					<Notice status="error" onRemove={ () => setError( null ) }>
						{ error }
					</Notice>
				) }
				<Button
					type="submit"
					variant="secondary"
					isBusy={ saving }
					disabled={ ! trimmed || saving }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Add note', 'solar-capture' ) }
				</Button>
			</form>

			{ notes.length > 0 ? (
				<ul className="solar-capture-notes__list">
					{ notes.map( ( note ) => (
						<li key={ note.id } className="solar-capture-note">
							<p className="solar-capture-note-text">
								{ noteText( note ) }
							</p>
							<div className="solar-capture-note__meta solar-capture-muted">
								<span>
									<When value={ note.created_at } />
									{ ' · ' }
									{ eventActor( note ) }
								</span>
								<Button
									variant="link"
									isDestructive
									onClick={ () => {
										setDeleteError( null );
										setConfirming( note );
									} }
									disabled={ ! note.id }
									accessibleWhenDisabled
									label={ sprintf(
										/* translators: %s: date and time the note was written. */
										__(
											'Delete the note of %s',
											'solar-capture'
										),
										formatDateTime( note.created_at )
									) }
									showTooltip={ false }
								>
									{ __( 'Delete', 'solar-capture' ) }
								</Button>
							</div>
						</li>
					) ) }
				</ul>
			) : (
				<p className="solar-capture-muted">
					{ __( 'No notes yet.', 'solar-capture' ) }
				</p>
			) }

			{ confirming && (
				<ConfirmModal
					title={ __( 'Delete this note?', 'solar-capture' ) }
					confirmLabel={ __( 'Delete note', 'solar-capture' ) }
					onConfirm={ remove }
					onCancel={ () => setConfirming( null ) }
					isBusy={ deleting }
					isDestructive
					error={ deleteError }
				>
					<p className="solar-capture-note-text solar-capture-confirm__quote">
						{ noteText( confirming ) }
					</p>
					<p>{ __( 'This cannot be undone.', 'solar-capture' ) }</p>
				</ConfirmModal>
			) }
		</div>
	);
}
