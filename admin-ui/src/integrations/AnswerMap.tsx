/**
 * "Booking answers" on a provider card: which booking question fills which
 * lead field (only when the lead's field is blank). Shows the defaults the
 * sidecar uses for questions without a row, lets the owner add, change and
 * remove rows, and saves the whole map through POST /integrations/<id>.
 */
import {
	Button,
	Notice,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useEffect, useMemo, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';

import { fieldLabel } from '../common/config';
import { describeError, toRestError } from '../common/errors';
import { updateProvider } from './api';
import {
	ANSWER_FIELDS,
	DEFAULT_RULES,
	MAX_ROWS,
	defaultFieldFor,
	isChanged,
	mapFromRows,
	newRow,
	rowProblems,
	rowsFromMap,
	type AnswerRow,
	type RowProblem,
} from './answerMap';
import type { Provider } from './types';

interface Props {
	provider: Provider;
	/** The tool's name in a sentence. */
	name: string;
	idBase: string;
	onUpdated: ( provider: Provider ) => void;
	announce: ( message: string ) => void;
}

function problemText( problem: RowProblem ): string {
	switch ( problem ) {
		case 'duplicate':
			return __(
				'This question is already listed above.',
				'solar-capture'
			);
		case 'too-long':
			return __(
				'Shorten the question to at most 255 characters.',
				'solar-capture'
			);
		default:
			return __( 'Choose a lead field.', 'solar-capture' );
	}
}

export default function AnswerMap( {
	provider,
	name,
	idBase,
	onUpdated,
	announce,
}: Props ) {
	const [ rows, setRows ] = useState< AnswerRow[] >( () =>
		rowsFromMap( provider.answer_map )
	);
	const [ saving, setSaving ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	const focusRow = useRef< number | null >( null );
	const listRef = useRef< HTMLOListElement >( null );
	const addRef = useRef< HTMLButtonElement >( null );

	// A save elsewhere (or a reload) brings a new stored map: show it.
	const stored = JSON.stringify( provider.answer_map );
	useEffect( () => {
		setRows( rowsFromMap( JSON.parse( stored ) ) );
	}, [ stored ] );

	// After "Add a question" or "Remove", move focus where the owner expects it.
	useEffect( () => {
		if ( focusRow.current === null ) {
			return;
		}
		const id = focusRow.current;
		focusRow.current = null;
		if ( id < 0 ) {
			addRef.current?.focus();
			return;
		}
		listRef.current
			?.querySelector< HTMLInputElement >( `[data-row="${ id }"] input` )
			?.focus();
	} );

	const problems = useMemo( () => rowProblems( rows ), [ rows ] );
	const changed = isChanged( rows, provider.answer_map );

	const fieldOptions = [
		{
			value: '',
			label: __( 'Do not use this answer', 'solar-capture' ),
		},
		...ANSWER_FIELDS.map( ( key ) => ( {
			value: key,
			label: fieldLabel( key ),
		} ) ),
	];

	const update = ( id: number, change: Partial< AnswerRow > ) => {
		setError( null );
		setRows( ( current ) =>
			current.map( ( row ) =>
				row.id === id ? { ...row, ...change } : row
			)
		);
	};

	const add = () => {
		const row = newRow( '', ANSWER_FIELDS[ 0 ] ?? '' );
		focusRow.current = row.id;
		setRows( ( current ) => [ ...current, row ] );
	};

	const remove = ( index: number ) => {
		const next = rows.filter( ( _, i ) => i !== index );
		focusRow.current = next[ Math.min( index, next.length - 1 ) ]?.id ?? -1;
		setError( null );
		setRows( next );
		announce( __( 'Question removed. Save to keep it.', 'solar-capture' ) );
	};

	const save = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( problems.size ) {
			setError(
				__(
					'Fix the questions marked below, then save again.',
					'solar-capture'
				)
			);
			return;
		}
		setSaving( true );
		setError( null );
		try {
			const map = mapFromRows( rows );
			const updated = await updateProvider( provider.id, {
				answer_map: map,
			} );
			onUpdated( updated ?? { ...provider, answer_map: map } );
			announce( __( 'Booking answers saved.', 'solar-capture' ) );
		} catch ( reason ) {
			setError(
				describeError(
					await toRestError( reason ),
					__(
						'The booking answers could not be saved.',
						'solar-capture'
					)
				)
			);
		} finally {
			setSaving( false );
		}
	};

	return (
		<form
			className="solar-capture-answer-map"
			onSubmit={ save }
			noValidate
			aria-labelledby={ `${ idBase }-answers-title` }
		>
			<h3 id={ `${ idBase }-answers-title` }>
				{ __( 'Booking answers', 'solar-capture' ) }
			</h3>
			<p className="solar-capture-muted">
				{ sprintf(
					/* translators: %s: booking tool name. */
					__(
						'Answers to the questions of your %s booking form fill the lead’s details, but only the ones that are still blank: nothing you or the visitor entered is ever overwritten. Each fill shows on the lead’s timeline.',
						'solar-capture'
					),
					name
				) }
			</p>

			<details className="solar-capture-answer-map__defaults">
				<summary>
					{ __(
						'Questions without a row below are matched by their label',
						'solar-capture'
					) }
				</summary>
				<ul>
					{ DEFAULT_RULES.map( ( rule ) => (
						<li key={ rule.field }>
							<strong>{ fieldLabel( rule.field ) }</strong>
							{ ': ' }
							{ sprintf(
								/* translators: %s: example question labels, such as “Phone”, “Mobile number”. */
								__( 'a question like %s', 'solar-capture' ),
								rule.examples
									.map( ( example ) => `“${ example }”` )
									.join( ', ' )
							) }
						</li>
					) ) }
					{ ANSWER_FIELDS.filter(
						( field ) =>
							! DEFAULT_RULES.some( ( r ) => r.field === field )
					).map( ( field ) => (
						<li key={ field }>
							<strong>{ fieldLabel( field ) }</strong>
							{ ': ' }
							{ __(
								'only through a row below',
								'solar-capture'
							) }
						</li>
					) ) }
				</ul>
			</details>

			{ rows.length === 0 ? (
				<p>
					{ __(
						'No questions mapped: the defaults above apply.',
						'solar-capture'
					) }
				</p>
			) : (
				<ol className="solar-capture-answer-map__rows" ref={ listRef }>
					{ rows.map( ( row, index ) => {
						const problem = problems.get( row.id );
						const byDefault = defaultFieldFor( row.question );
						const rowId = `${ idBase }-answer-${ row.id }`;
						let hint: string = __(
							'Type the question’s label (or its identifier) as it is in your booking form.',
							'solar-capture'
						);
						if ( row.question.trim() ) {
							hint = byDefault
								? sprintf(
										/* translators: %s: a lead field such as Phone. */
										__(
											'Without this row: %s.',
											'solar-capture'
										),
										fieldLabel( byDefault )
									)
								: __(
										'Without this row: not used.',
										'solar-capture'
									);
						}
						return (
							<li
								key={ row.id }
								className="solar-capture-answer-map__row"
								data-row={ row.id }
							>
								<TextControl
									label={ sprintf(
										/* translators: %d: row number. */
										__( 'Question %d', 'solar-capture' ),
										index + 1
									) }
									value={ row.question }
									maxLength={ 300 }
									help={ problem ? undefined : hint }
									aria-invalid={ problem ? true : undefined }
									onChange={ ( question ) =>
										update( row.id, { question } )
									}
									__next40pxDefaultSize
									__nextHasNoMarginBottom
								/>
								<SelectControl
									id={ `${ rowId }-field` }
									label={ sprintf(
										/* translators: %d: row number. */
										__(
											'Lead field for question %d',
											'solar-capture'
										),
										index + 1
									) }
									value={ row.field }
									options={ fieldOptions }
									onChange={ ( field ) =>
										update( row.id, { field } )
									}
									__next40pxDefaultSize
									__nextHasNoMarginBottom
								/>
								<Button
									variant="tertiary"
									isDestructive
									onClick={ () => remove( index ) }
									label={ sprintf(
										/* translators: %d: row number. */
										__(
											'Remove question %d',
											'solar-capture'
										),
										index + 1
									) }
									showTooltip={ false }
									__next40pxDefaultSize
								>
									{ __( 'Remove', 'solar-capture' ) }
								</Button>
								{ problem && (
									<p
										className="solar-capture-answer-map__problem"
										role="alert"
									>
										{ problemText( problem ) }
									</p>
								) }
							</li>
						);
					} ) }
				</ol>
			) }

			{ error && (
				<Notice status="error" onRemove={ () => setError( null ) }>
					{ error }
				</Notice>
			) }

			<div className="solar-capture-button-row">
				<Button
					ref={ addRef }
					variant="secondary"
					onClick={ add }
					disabled={ rows.length >= MAX_ROWS }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Add a question', 'solar-capture' ) }
				</Button>
				<Button
					type="submit"
					variant="primary"
					isBusy={ saving }
					disabled={ saving || ! changed }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Save booking answers', 'solar-capture' ) }
				</Button>
			</div>
		</form>
	);
}
