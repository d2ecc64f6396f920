/**
 * Integration suites: real PHP, WordPress, database and sidecar, started by tests/helpers/stack.ts.
 * TEST_DB (sqlite|mariadb), TEST_STACK (builtin|nginx|apache) and TEST_WP (stable|newest) pick what
 * they run on; the suites in tests/integration/production/ need a production stack (nginx or apache).
 */
const stack = ['nginx', 'apache'].includes(process.env.TEST_STACK) ? process.env.TEST_STACK : 'builtin';
const parts = [process.env.TEST_DB === 'mariadb' ? 'MariaDB' : 'SQLite', stack === 'builtin' ? null : `${stack} + PHP-FPM`, process.env.TEST_WP === 'newest' ? 'WordPress newest' : null].filter(Boolean);
module.exports = {
	rootDir: '..',
	displayName: `integration (${parts.join(', ')})`,
	testEnvironment: 'node',
	roots: ['<rootDir>/tests/integration'],
	testPathIgnorePatterns: ['/node_modules/', ...(stack === 'builtin' ? ['/tests/integration/production/'] : [])],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }] },
	testTimeout: 120000,
	globalSetup: '<rootDir>/tests/integration/global-setup.ts',
	globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
};
