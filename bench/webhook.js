'use strict';
// npm run bench:webhook — measured in one run on this machine:
//  (a) the sidecar applying signed Cal.com deliveries directly (POST /ingest/calcom, SQLite, 16 in flight)
//      against a bare express handler that only checks the HMAC;
//  (b) the full route through WordPress (POST /wp-json/solar-capture/v1/calcom-webhook) against a no-op
//      REST route registered on the same WordPress.
// Options: --db=mariadb (WordPress and the sidecar on a throw-away MariaDB), --n=<requests per step>.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { fork } = require('node:child_process');
const { setup } = require('../scripts/lib/setup');
const site = require('../scripts/lib/site');
const { startMariaDb, createDatabase } = require('../scripts/lib/mariadb');
const { load, row, fmt } = require('./lib/load');

const arg = (name, fallback) => (process.argv.find((a) => a.startsWith(`--${name}=`)) || '').split('=')[1] || fallback;
const N = Number(arg('n', 600));
const DB = arg('db', 'sqlite');

let counter = 0;
function delivery(secret) {
	counter += 1;
	const start = new Date(Date.now() + 86400000 * (1 + (counter % 30))).toISOString().replace(/\.\d+Z$/, 'Z');
	const email = `bench${Math.floor(counter / 4)}-${process.pid}@example.org`;
	const body = JSON.stringify({
		triggerEvent: 'BOOKING_CREATED',
		createdAt: new Date().toISOString(),
		payload: {
			type: 'solar-survey', title: 'Solar survey', startTime: start, endTime: start, uid: `bench-${process.pid}-${counter}`, bookingId: counter,
			organizer: { name: 'Sunny Installs', email: 'bookings@sunny.example', timeZone: 'Europe/London' },
			attendees: [{ email, name: `Bench ${counter}`, timeZone: 'Europe/London' }],
			responses: { name: { label: 'your_name', value: `Bench ${counter}` }, email: { label: 'email_address', value: email } },
			metadata: {}, status: 'ACCEPTED',
		},
	});
	return { body, headers: { 'content-type': 'application/json', 'x-cal-signature-256': crypto.createHmac('sha256', secret).update(body).digest('hex') } };
}

async function main() {
	console.log(`Solar Capture webhook benchmark — ${os.cpus().length} cores, Node ${process.version}, database ${DB}, ${N} requests a step\n`);
	await setup();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-bench-'));
	let mariadb = null;
	let db = { client: 'sqlite' };
	if (DB === 'mariadb') {
		mariadb = await startMariaDb(path.join(dir, 'mariadb'));
		db = await createDatabase(mariadb, 'sc_bench');
	}
	const secret = `whsec_${crypto.randomBytes(16).toString('hex')}`;
	const current = site.describeSite({ dir, port: await site.freePort(), sidecarPort: await site.freePort(), adminPassword: 'bench-pw', secrets: { calcom: secret }, db });
	await site.installSite(current);
	fs.copyFileSync(path.join(__dirname, 'lib', 'noop-route.php'), path.join(current.contentDir, 'mu-plugins', 'noop-route.php'));
	const wordpress = await site.startWordPress(current);
	const sidecar = await site.startSidecar(current);
	const results = { date: new Date().toISOString(), db: DB, n: N, full: {}, sidecar: {} };
	try {
		const noop = () => ({ url: `${current.url}/wp-json/solar-capture-bench/v1/noop`, body: '{}', headers: { 'content-type': 'application/json' } });
		const hook = () => ({ url: current.webhookUrl, ...delivery(secret) });
		await load({ total: 60, concurrency: 2, makeRequest: noop });
		await load({ total: 60, concurrency: 2, makeRequest: hook });

		console.log('(b) the full route through WordPress, against a no-op REST route on the same WordPress (php -S, 4 workers)');
		for (const concurrency of [1, 4]) {
			const base = await load({ total: N, concurrency, makeRequest: noop });
			const route = await load({ total: N, concurrency, makeRequest: hook });
			const base2 = await load({ total: N, concurrency, makeRequest: noop });
			const floor = { ...base, p50: (base.p50 + base2.p50) / 2, p99: (base.p99 + base2.p99) / 2, rps: (base.rps + base2.rps) / 2 };
			console.log(row(`  no-op REST route, ${concurrency} in flight`, floor));
			console.log(row(`  webhook route, ${concurrency} in flight`, route));
			console.log(`  ratio p50 ${fmt(route.p50 / floor.p50, 2)}× (target ≤ 1.25×), throughput ${fmt(route.rps / floor.rps, 2)}×\n`);
			results.full[concurrency] = { noop: floor, webhook: route, ratioP50: route.p50 / floor.p50 };
		}

		console.log('(a) the sidecar applying signed deliveries directly (POST /ingest/calcom), 16 in flight');
		const port = await site.freePort();
		const bare = fork(path.join(__dirname, 'lib', 'bare-hmac-server.js'), [], { env: { ...process.env, PORT: String(port), SECRET: secret }, stdio: 'ignore' });
		await new Promise((resolve) => bare.once('message', resolve));
		try {
			const direct = (base) => () => ({ url: `${base}/ingest/calcom`, ...delivery(secret) });
			await load({ total: 200, concurrency: 16, makeRequest: direct(`http://127.0.0.1:${port}`) });
			const baseline = await load({ total: N * 8, concurrency: 16, makeRequest: direct(`http://127.0.0.1:${port}`) });
			await load({ total: 200, concurrency: 16, makeRequest: direct(current.sidecarUrl) });
			const applied = await load({ total: N * 8, concurrency: 16, makeRequest: direct(current.sidecarUrl) });
			console.log(row('  bare express, HMAC check only', baseline));
			console.log(row('  sidecar: verify, parse, apply, commit', applied));
			console.log(`  applied ${fmt(applied.rps, 0)} deliveries/s (target ≥ 5,000/s): ${fmt(applied.rps / baseline.rps, 2)}× the bare handler's throughput\n`);
			results.sidecar = { bare: baseline, applied };
		} finally {
			bare.kill('SIGTERM');
		}
		const health = await (await fetch(`${current.sidecarUrl}/health`)).json();
		console.log(`sidecar health after the run: ${JSON.stringify(health)}`);
		fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		const out = path.join(__dirname, 'results', `webhook-${DB}-${results.date.replace(/[:.]/g, '-')}.json`);
		fs.writeFileSync(out, JSON.stringify(results, null, 2));
		console.log(`figures written to ${path.relative(process.cwd(), out)}`);
	} finally {
		await site.stopService(sidecar);
		await site.stopService(wordpress);
		if (mariadb) await mariadb.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
