/** Integration suites: real PHP, WordPress, database and sidecar, started by tests/helpers/stack.ts. */
module.exports = {
	rootDir: '..',
	displayName: process.env.TEST_DB === 'mariadb' ? 'integration (MariaDB)' : 'integration (SQLite)',
	testEnvironment: 'node',
	roots: ['<rootDir>/tests/integration'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }] },
	testTimeout: 120000,
	globalSetup: '<rootDir>/tests/integration/global-setup.ts',
	globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
};
