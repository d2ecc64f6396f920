/**
 * Editor side of the "Solar quote form" block. Its name, title, attributes
 * and supports are in block.json (PHP registers the block from the built
 * copy); the block is dynamic: PHP renders it (Frontend\Quote_Form), and the
 * editor shows that rendering, with the texts to change in the sidebar.
 */
import './style.css';

import { registerBlockType } from '@wordpress/blocks';
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import { PanelBody, TextControl, TextareaControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import ServerSideRender from '@wordpress/server-side-render';

import metadata from './block.json';

type Attributes = {
	title: string;
	button: string;
	consent: string;
};

interface EditProps {
	attributes: Attributes;
	setAttributes: ( changes: Partial< Attributes > ) => void;
}

function Edit( { attributes, setAttributes }: EditProps ) {
	return (
		<div { ...useBlockProps() }>
			<InspectorControls>
				<PanelBody title={ __( 'Form', 'solar-capture' ) }>
					<TextControl
						label={ __( 'Heading', 'solar-capture' ) }
						value={ attributes.title }
						onChange={ ( title ) => setAttributes( { title } ) }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<TextControl
						label={ __( 'Button text', 'solar-capture' ) }
						value={ attributes.button }
						onChange={ ( button ) => setAttributes( { button } ) }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<TextareaControl
						label={ __( 'Consent text', 'solar-capture' ) }
						help={ __(
							'Shown beside the checkbox visitors must tick. Leave empty for the site-wide consent text.',
							'solar-capture'
						) }
						value={ attributes.consent }
						onChange={ ( consent ) => setAttributes( { consent } ) }
						__nextHasNoMarginBottom
					/>
				</PanelBody>
			</InspectorControls>
			<ServerSideRender
				block={ metadata.name }
				attributes={ attributes }
			/>
		</div>
	);
}

// The rest of the definition comes from block.json, which PHP registered.
registerBlockType< Attributes >( metadata.name, {
	edit: Edit,
	save: () => null,
} );
