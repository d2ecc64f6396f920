/**
 * wp-scripts' own webpack set-up, with the three admin screens added to the
 * entries it finds itself: the quote-form block's scripts, read from the
 * `file:` fields of src/blocks/quote-form/block.json (which is copied to
 * ../plugin/build/blocks/quote-form/, where PHP registers the block from).
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

const SCREENS = {
	leads: './src/leads/index.tsx',
	integrations: './src/integrations/index.tsx',
	settings: './src/settings/index.tsx',
};

function withScreens( config ) {
	const blocks = config.entry;
	return {
		...config,
		entry: async () => ( {
			...( typeof blocks === 'function' ? await blocks() : blocks ),
			...SCREENS,
		} ),
	};
}

module.exports = Array.isArray( defaultConfig )
	? [ withScreens( defaultConfig[ 0 ] ), ...defaultConfig.slice( 1 ) ]
	: withScreens( defaultConfig );
