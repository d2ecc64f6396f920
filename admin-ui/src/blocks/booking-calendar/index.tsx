/**
 * Editor side of the "Solar booking calendar" block. Its name, title,
 * attributes and supports are in block.json (PHP registers the block from
 * the built copy); the block is dynamic: PHP renders it
 * (Frontend\Booking_Calendar), and the editor shows that rendering (the
 * booking link, with a note that the calendar shows on the published page).
 */
import './style.css';

import { registerBlockType } from '@wordpress/blocks';
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import { PanelBody, TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import ServerSideRender from '@wordpress/server-side-render';

import metadata from './block.json';

type Attributes = {
	title: string;
};

interface EditProps {
	attributes: Attributes;
	setAttributes: ( changes: Partial< Attributes > ) => void;
}

function Edit( { attributes, setAttributes }: EditProps ) {
	return (
		<div { ...useBlockProps() }>
			<InspectorControls>
				<PanelBody title={ __( 'Booking calendar', 'solar-capture' ) }>
					<TextControl
						label={ __( 'Heading', 'solar-capture' ) }
						value={ attributes.title }
						onChange={ ( title ) => setAttributes( { title } ) }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<p>
						{ __(
							'The calendar is the booking page set on Solar leads → Integrations. The Settings page says whether it also shows after the quote form is sent.',
							'solar-capture'
						) }
					</p>
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
