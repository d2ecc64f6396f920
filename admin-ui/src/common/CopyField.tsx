/**
 * A labelled read-only text field with a copy button. The button keeps its
 * name ("Copy" by default) so it is easy to find; the result ("Copied" or
 * how to copy by hand) is shown next to it in a polite live region.
 */
import { Button } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { copyText } from './clipboard';

interface Props {
	id: string;
	label: string;
	value: string;
	copyLabel?: string;
	help?: ReactNode;
	className?: string;
	monospace?: boolean;
	/** Keep the label for screen readers only (a visible heading names it). */
	hideLabel?: boolean;
}

type Status = 'idle' | 'copied' | 'failed';

export default function CopyField( {
	id,
	label,
	value,
	copyLabel,
	help,
	className,
	monospace,
	hideLabel,
}: Props ) {
	const inputRef = useRef< HTMLInputElement >( null );
	const [ status, setStatus ] = useState< Status >( 'idle' );
	const timer = useRef< number | undefined >( undefined );

	useEffect( () => () => window.clearTimeout( timer.current ), [] );

	const onCopy = async () => {
		const ok = value ? await copyText( value ) : false;
		setStatus( ok ? 'copied' : 'failed' );
		if ( ! ok ) {
			// Select the text so the user can press Ctrl+C / Cmd+C.
			inputRef.current?.focus();
			inputRef.current?.select();
		}
		window.clearTimeout( timer.current );
		timer.current = window.setTimeout( () => setStatus( 'idle' ), 4000 );
	};

	const helpId = help ? `${ id }-help` : undefined;

	return (
		<div className={ `solar-capture-copy-field ${ className ?? '' }` }>
			<label
				className={
					hideLabel
						? 'screen-reader-text'
						: 'solar-capture-copy-field__label'
				}
				htmlFor={ id }
			>
				{ label }
			</label>
			<div className="solar-capture-copy-field__row">
				<input
					ref={ inputRef }
					id={ id }
					type="text"
					readOnly
					value={ value }
					aria-describedby={ helpId }
					onFocus={ ( event ) => event.currentTarget.select() }
					className={ `solar-capture-copy-field__input${
						monospace ? ' code' : ''
					}` }
					spellCheck={ false }
					autoComplete="off"
				/>
				<Button
					variant="secondary"
					onClick={ onCopy }
					disabled={ ! value }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ copyLabel ?? __( 'Copy', 'solar-capture' ) }
				</Button>
				<span
					className={ `solar-capture-copy-field__status solar-capture-copy-field__status--${ status }` }
					role="status"
					aria-live="polite"
				>
					{ status === 'copied' && __( 'Copied', 'solar-capture' ) }
					{ status === 'failed' &&
						__(
							'Could not copy automatically: the text is selected, press Ctrl+C (or ⌘+C) to copy it.',
							'solar-capture'
						) }
				</span>
			</div>
			{ help && (
				<p id={ helpId } className="description">
					{ help }
				</p>
			) }
		</div>
	);
}
