'use strict';
// Starts one throw-away MariaDB server for the store tests (each test file makes its own database
// on it); without `mariadbd` those suites are skipped, and this says so.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function findMariadbd() {
  const dirs = ['/usr/sbin', '/usr/local/sbin', ...(process.env.PATH || '').split(path.delimiter)];
  return dirs.map((dir) => path.join(dir, 'mariadbd')).find((file) => fs.existsSync(file));
}

module.exports = async function globalSetup() {
  if (!findMariadbd()) {
    process.stdout.write('\n\x1b[33mMariaDB store tests are SKIPPED: mariadbd is not installed (Debian: mariadb-server).\x1b[0m\n');
    return;
  }
  const { startMariaDb } = require('../scripts/lib/mariadb.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-sidecar-jest-mariadb-'));
  const server = await startMariaDb(dir);
  process.env.SIDECAR_TEST_MARIADB_SOCKET = server.socket;
  globalThis.__SIDECAR_TEST_MARIADB__ = { server, dir };
};
