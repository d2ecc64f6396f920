/**
 * `wp-scripts lint-js` for the admin UI: WordPress's own rules (with their
 * TypeScript and Prettier set-up), plus what this TypeScript code base needs.
 */
const globals = require( 'globals' );
const wpPlugin = require( '@wordpress/eslint-plugin' );
const wpScripts = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	...wpScripts,

	// The unit tests are TypeScript here (wp-scripts only knows *.test.js).
	...wpPlugin.configs[ 'test-unit' ].map( ( config ) => ( {
		...config,
		files: [ 'src/**/*.test.ts', 'src/**/*.test.tsx' ],
	} ) ),

	{
		// WordPress provides these at run time (the build points the imports
		// at wp-blocks, wp-block-editor, wp-server-side-render); their types
		// are in src/blocks/wordpress-editor.d.ts.
		settings: {
			'import/core-modules': [
				'@wordpress/blocks',
				'@wordpress/block-editor',
				'@wordpress/server-side-render',
			],
		},
	},

	{
		// Build and test configuration, run by Node.
		files: [ '*.js', '*.cjs' ],
		languageOptions: { globals: globals.node },
		rules: {
			// The tooling comes with @wordpress/scripts.
			'import/no-extraneous-dependencies': 'off',
		},
	},
];
