/**
 * The few APIs of the block editor's packages that the quote-form block
 * uses. WordPress provides these packages at run time (wp-blocks,
 * wp-block-editor, wp-server-side-render: the build points the imports at
 * them), so they are not installed; these declarations type what is used.
 * @param name
 * @param settings
 */
declare module '@wordpress/blocks' {
	import type { ComponentType } from 'react';

	export interface BlockSettings< A > {
		edit: ComponentType< {
			attributes: A;
			setAttributes: ( changes: Partial< A > ) => void;
		} >;
		save: () => null;
		[ key: string ]: unknown;
	}

	export function registerBlockType< A >(
		name: string,
		settings: BlockSettings< A >
	): unknown;
}

declare module '@wordpress/block-editor' {
	import type { ReactNode } from 'react';

	export function useBlockProps(
		props?: Record< string, unknown >
	): Record< string, unknown >;
	export function InspectorControls( props: {
		children?: ReactNode;
	} ): JSX.Element;
}

declare module '@wordpress/server-side-render' {
	export default function ServerSideRender( props: {
		block: string;
		attributes?: Record< string, unknown >;
	} ): JSX.Element;
}
