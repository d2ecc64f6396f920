// With TEST_DB=mariadb the integration suites run on a real MariaDB server started here (one server,
// one database per throw-away site); otherwise each site has its own SQLite file. TEST_STACK=nginx|apache
// and TEST_WP=newest need the web servers and the newest WordPress: fetched here when not cached yet
// (npm test's set-up has done it already).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startMariaDb } = require('../../scripts/lib/mariadb.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureWebServers } = require('../../scripts/lib/servers.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureCore } = require('../../scripts/lib/wordpress.js');

export default async function globalSetup(): Promise<void> {
	if (['nginx', 'apache'].includes(process.env.TEST_STACK ?? '')) await ensureWebServers();
	if (process.env.TEST_WP === 'newest') await ensureCore('newest');
	if (process.env.TEST_DB !== 'mariadb') return;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-mariadb-'));
	const server = await startMariaDb(dir);
	process.env.TEST_MARIADB = JSON.stringify({ socket: server.socket, port: server.port, host: '127.0.0.1' });
	(globalThis as Record<string, unknown>).__SOLAR_CAPTURE_MARIADB__ = { server, dir };
}
