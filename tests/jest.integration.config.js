/** Integration suites: real PHP, WordPress, database and sidecar, started by tests/helpers/stack.ts. */
module.exports = {
	rootDir: '..',
	displayName: 'integration',
	testEnvironment: 'node',
	roots: ['<rootDir>/tests/integration'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }] },
	testTimeout: 120000,
};
