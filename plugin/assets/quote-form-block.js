/**
 * Editor side of the "Solar quote form" block (no build step: plain wp.* globals).
 * The block is dynamic: PHP renders it (Frontend\Quote_Form::render_block).
 */
( function ( wp ) {
	'use strict';
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var InspectorControls = wp.blockEditor.InspectorControls;
	var useBlockProps = wp.blockEditor.useBlockProps;
	var PanelBody = wp.components.PanelBody;
	var TextControl = wp.components.TextControl;
	var TextareaControl = wp.components.TextareaControl;
	var ServerSideRender = wp.serverSideRender;

	// Name, title, attributes and supports come from blocks/quote-form/block.json (registered by PHP).
	wp.blocks.registerBlockType( 'solar-capture/quote-form', {
		apiVersion: 3,
		title: __( 'Solar quote form', 'solar-capture' ),
		category: 'widgets',
		icon: 'lightbulb',
		attributes: {
			title: { type: 'string', default: '' },
			button: { type: 'string', default: '' },
			consent: { type: 'string', default: '' },
		},
		edit: function ( props ) {
			var attributes = props.attributes;
			return el(
				'div',
				useBlockProps(),
				el(
					InspectorControls,
					null,
					el(
						PanelBody,
						{ title: __( 'Form', 'solar-capture' ) },
						el( TextControl, {
							label: __( 'Heading', 'solar-capture' ),
							value: attributes.title,
							onChange: function ( value ) {
								props.setAttributes( { title: value } );
							},
							__nextHasNoMarginBottom: true,
							__next40pxDefaultSize: true,
						} ),
						el( TextControl, {
							label: __( 'Button text', 'solar-capture' ),
							value: attributes.button,
							onChange: function ( value ) {
								props.setAttributes( { button: value } );
							},
							__nextHasNoMarginBottom: true,
							__next40pxDefaultSize: true,
						} ),
						el( TextareaControl, {
							label: __( 'Consent text', 'solar-capture' ),
							help: __( 'Shown beside the checkbox visitors must tick. Leave empty for the site-wide consent text.', 'solar-capture' ),
							value: attributes.consent,
							onChange: function ( value ) {
								props.setAttributes( { consent: value } );
							},
							__nextHasNoMarginBottom: true,
						} )
					)
				),
				el( ServerSideRender, { block: 'solar-capture/quote-form', attributes: attributes } )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
