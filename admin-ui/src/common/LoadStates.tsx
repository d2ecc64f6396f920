/**
 * What a screen shows while something loads (a spinner and what is coming)
 * and when it could not be loaded (why, and Try again).
 */
import { Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

export function Loading( { children }: { children: string } ) {
	return (
		<p className="solar-capture-loading">
			<Spinner />
			{ children }
		</p>
	);
}

export function LoadError( {
	message,
	onRetry,
}: {
	message: string;
	onRetry: () => void;
} ) {
	return (
		<Notice
			status="error"
			isDismissible={ false }
			actions={ [
				{
					label: __( 'Try again', 'solar-capture' ),
					onClick: onRetry,
					variant: 'secondary',
				},
			] }
		>
			{ message }
		</Notice>
	);
}
