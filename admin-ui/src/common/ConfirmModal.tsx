/**
 * The screens' one confirmation dialog. `ConfirmActions` is its foot: what
 * went wrong (if anything), Cancel, and a confirm button that shows it is
 * working; the bulk actions' dialogs (which DataViews puts in its own Modal)
 * use it too. `ConfirmModal` puts a question and that foot in core's Modal:
 * Escape and Cancel close it; focus returns to the button that opened it.
 */
import { Button, Modal, Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface ActionsProps {
	confirmLabel: string;
	onConfirm?: () => void;
	onCancel?: () => void;
	/** A link instead of an action (a download). */
	href?: string;
	isBusy?: boolean;
	isDestructive?: boolean;
	/** The confirm button is off (e.g. nothing chosen yet). */
	disabled?: boolean;
	error?: string | null;
}

export function ConfirmActions( {
	confirmLabel,
	onConfirm,
	onCancel,
	href,
	isBusy = false,
	isDestructive = false,
	disabled = false,
	error = null,
}: ActionsProps ) {
	return (
		<>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			<div className="solar-capture-modal-footer">
				<Button
					variant="tertiary"
					onClick={ onCancel }
					disabled={ isBusy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'solar-capture' ) }
				</Button>
				{ href !== undefined ? (
					<Button
						variant="primary"
						href={ href }
						onClick={ onConfirm }
						__next40pxDefaultSize
					>
						{ confirmLabel }
					</Button>
				) : (
					<Button
						variant="primary"
						isDestructive={ isDestructive }
						onClick={ onConfirm }
						isBusy={ isBusy }
						disabled={ disabled || isBusy }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ confirmLabel }
					</Button>
				) }
			</div>
		</>
	);
}

interface Props extends ActionsProps {
	title: string;
	children: ReactNode;
	onConfirm: () => void;
	onCancel: () => void;
}

export default function ConfirmModal( {
	title,
	children,
	onCancel,
	isBusy = false,
	...actions
}: Props ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ isBusy ? () => undefined : onCancel }
			size="small"
			className="solar-capture-confirm"
		>
			<div className="solar-capture-confirm__body">{ children }</div>
			<ConfirmActions
				{ ...actions }
				onCancel={ onCancel }
				isBusy={ isBusy }
			/>
		</Modal>
	);
}
