/**
 * Unit tests of the sidecar, beside the code (src/**\/*.test.ts); ts-jest type-checks them
 * with sidecar/tsconfig.json. From the repository root: npx jest -c sidecar/jest.config.js
 * A root jest config can list this file under `projects`; its displayName `unit` is what
 * the root's `test:unit` script selects. The store and processing suites run on SQLite and on
 * a MariaDB server started for the run (skipped, with a notice, where mariadbd is missing).
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'unit',
  preset: 'ts-jest',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/jest.global-setup.js',
  globalTeardown: '<rootDir>/jest.global-teardown.js',
};
