/**
 * A small confirmation dialog (Modal from core's components): a question,
 * what happens, Cancel and a confirm button that shows it is working.
 * Escape and Cancel close it; focus returns to the button that opened it.
 */
import { Button, Modal, Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface Props {
	title: string;
	children: ReactNode;
	confirmLabel: string;
	onConfirm: () => void;
	onCancel: () => void;
	isBusy?: boolean;
	isDestructive?: boolean;
	error?: string | null;
}

export default function ConfirmModal( {
	title,
	children,
	confirmLabel,
	onConfirm,
	onCancel,
	isBusy = false,
	isDestructive = false,
	error = null,
}: Props ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ isBusy ? () => undefined : onCancel }
			size="small"
			className="solar-capture-confirm"
		>
			<div className="solar-capture-confirm__body">{ children }</div>
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
				<Button
					variant="primary"
					isDestructive={ isDestructive }
					onClick={ onConfirm }
					isBusy={ isBusy }
					disabled={ isBusy }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ confirmLabel }
				</Button>
			</div>
		</Modal>
	);
}
