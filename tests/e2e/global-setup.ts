// Starts one throw-away site (real WordPress, database, sidecar) for the browser tests and seeds a booking.
// TEST_STACK (builtin|nginx|apache), TEST_DB (sqlite|mariadb) and TEST_WP (stable|newest) pick what it
// runs on, as for the integration suites; with TEST_DB=mariadb a MariaDB server is started here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startStack, postCalcom } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startMariaDb } = require('../../scripts/lib/mariadb.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureWebServers } = require('../../scripts/lib/servers.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureCore } = require('../../scripts/lib/wordpress.js');

export const STATE = path.join(__dirname, '..', '..', 'test-results', `e2e-site${process.env.E2E_RUN ? `-${process.env.E2E_RUN}` : ''}.json`);

export default async function globalSetup(): Promise<() => Promise<void>> {
	if (['nginx', 'apache'].includes(process.env.TEST_STACK ?? '')) await ensureWebServers();
	if (process.env.TEST_WP === 'newest') await ensureCore('newest');
	let mariadb: { stop(): Promise<void> } | null = null;
	let mariadbDir = '';
	if (process.env.TEST_DB === 'mariadb') {
		mariadbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-e2e-mariadb-'));
		mariadb = await startMariaDb(mariadbDir);
		process.env.TEST_MARIADB = JSON.stringify({ socket: (mariadb as unknown as { socket: string }).socket, port: (mariadb as unknown as { port: number }).port, host: '127.0.0.1' });
	}
	const stack = await startStack();
	const booked = bookingCreated({ email: 'avery.booked@example.org', name: 'Avery Booked' });
	const response = await postCalcom(stack.site, booked.body, stack.site.secrets.calcom);
	if (response.status !== 200) throw new Error(`seeding the booked lead failed: ${response.status} ${JSON.stringify(response.json)}`);
	fs.mkdirSync(path.dirname(STATE), { recursive: true });
	fs.writeFileSync(STATE, JSON.stringify({ ...stack.site, seeded: { email: booked.email, name: 'Avery Booked' } }));
	return async () => {
		await stack.stop();
		if (mariadb) {
			await mariadb.stop();
			if (!process.env.KEEP_TEST_SITES) fs.rmSync(mariadbDir, { recursive: true, force: true });
		}
	};
}
