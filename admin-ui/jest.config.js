/**
 * Unit tests of the admin UI's pure modules (query mapping, URL building,
 * normalisers, time zones). Run from the repository root:
 *
 *   npx jest -c admin-ui/jest.config.js
 *
 * @type {import('jest').Config}
 */
module.exports = {
	displayName: 'admin-ui',
	rootDir: __dirname,
	roots: [ '<rootDir>/src' ],
	testEnvironment: 'node',
	testMatch: [ '**/*.test.ts' ],
	transform: {
		'^.+\\.tsx?$': [
			'ts-jest',
			{
				tsconfig: {
					target: 'ES2020',
					module: 'commonjs',
					moduleResolution: 'node',
					jsx: 'react-jsx',
					strict: true,
					esModuleInterop: true,
					resolveJsonModule: true,
					skipLibCheck: true,
					// Type-check the tests (admin-ui/tsconfig.json, merged in, says true).
					isolatedModules: false,
					lib: [ 'DOM', 'ES2020' ],
					types: [ 'jest', 'node' ],
				},
			},
		],
	},
	moduleFileExtensions: [ 'ts', 'tsx', 'js', 'json' ],
};
