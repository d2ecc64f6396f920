'use strict';
// npm run bench:load — the full webhook route under rising load, on SQLite and on MariaDB.
//
// For each database a throw-away site runs as it does under npm start: WordPress on php -S (4 workers),
// the sidecar beside it, each in its own process group. This process (the load generator) then sends
// signed deliveries from every provider (Cal.com, Calendly, Orufy, generic: new bookings, one lead per
// four bookings) through POST /wp-json/solar-capture/v1/calcom-webhook at 1, 2, 4, 8, 16 and 32 requests
// in flight, each step for a fixed time, beside a no-op REST route on the same WordPress at the same
// concurrency (WordPress's own floor). It reports throughput, p50/p99 and errors per step, and the
// sidecar's resident memory (VmRSS from /proc/<pid>/status) at idle and at peak, sampled every 100 ms.
// A table is printed and the figures written to bench/results/load-<db>-<time>.json.
//
// Options: --db=sqlite|mariadb|both (default both; mariadb on a production stack), --seconds=<per route
//          per step> (default 5), --steps=1,2,4,8,16,32, --skip-setup (do not check system packages and
//          builds first), --stack=builtin|nginx|apache (default builtin: php -S; nginx or apache: in front of
//          PHP-FPM with opcache, configured by deploy/, as npm test and SOLAR_CAPTURE_STACK run them).
// About 2.5 minutes with both databases on a 2-core machine.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { setup } = require('../scripts/lib/setup');
const site = require('../scripts/lib/site');
const { startMariaDb, createDatabase, createSidecarUser } = require('../scripts/lib/mariadb');
const { timedLoad, merge } = require('./lib/timed-load');
const { rssSampler } = require('./lib/rss');

const arg = (name, fallback) => {
	const found = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (!found) return fallback;
	return found.includes('=') ? found.slice(found.indexOf('=') + 1) : true;
};
// --stack=nginx,builtin measures both stacks in one run (one after the other, same machine load).
const STACKS = String(arg('stack', 'builtin')).split(',');
for (const s of STACKS) if (!['builtin', 'nginx', 'apache'].includes(s)) throw new Error(`--stack must be builtin, nginx or apache (or a comma list), not ${s}`);
const STACK = STACKS.join('+');
const production = STACKS.some((s) => s !== 'builtin');
const DBS = arg('db', production ? 'mariadb' : 'both') === 'both' ? ['sqlite', 'mariadb'] : [arg('db', 'mariadb')];
const SECONDS = Number(arg('seconds', 5));
const STEPS = String(arg('steps', '1,2,4,8,16,32')).split(',').map(Number);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const db of DBS) if (!['sqlite', 'mariadb'].includes(db)) throw new Error(`--db must be sqlite, mariadb or both, not ${db}`);

// --- deliveries: every provider, signed as it signs ----------------------------------------------

const secrets = {
	calcom: `whsec_${crypto.randomBytes(16).toString('hex')}`,
	calendly: `calendly-${crypto.randomBytes(16).toString('hex')}`,
	orufy: `orufy-${crypto.randomBytes(16).toString('hex')}`,
	generic: `generic-${crypto.randomBytes(16).toString('hex')}`,
};
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest('hex');
const run = crypto.randomBytes(3).toString('hex');
let counter = 0;

function delivery(webhookUrl) {
	counter += 1;
	const n = counter;
	const start = new Date(Date.now() + 86400000 * (2 + (n % 60)) + (n % 1440) * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
	const end = new Date(Date.parse(start) + 30 * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
	const email = `bench.${run}.${Math.floor(n / 4)}@example.org`;
	const name = `Bench Lead ${Math.floor(n / 4)}`;
	const id = `${run}-${n}`;
	switch (n % 4) {
		case 0: {
			const body = JSON.stringify({
				triggerEvent: 'BOOKING_CREATED',
				createdAt: new Date().toISOString(),
				payload: {
					type: 'solar-survey', title: 'Solar survey call', startTime: start, endTime: end, uid: `cal-${id}`, bookingId: n, eventTypeId: 42, status: 'ACCEPTED',
					organizer: { name: 'Sunny Installs', email: 'bookings@sunny.example', timeZone: 'Europe/London' },
					attendees: [{ email, name, timeZone: 'Europe/London' }],
					responses: { name: { label: 'your_name', value: name }, email: { label: 'email_address', value: email } },
					metadata: {},
				},
			});
			return { url: webhookUrl, body, headers: { 'content-type': 'application/json', 'x-cal-signature-256': hmac(secrets.calcom, body) } };
		}
		case 1: {
			const uri = `https://api.calendly.com/scheduled_events/E${id}/invitees/I${id}`;
			const body = JSON.stringify({
				created_at: new Date().toISOString(),
				created_by: 'https://api.calendly.com/users/U1',
				event: 'invitee.created',
				payload: {
					uri, email, name, first_name: null, last_name: null, timezone: 'Europe/London', status: 'active', rescheduled: false, old_invitee: null, new_invitee: null, cancellation: null,
					questions_and_answers: [], tracking: { utm_content: null },
					scheduled_event: { uri: `https://api.calendly.com/scheduled_events/E${id}`, name: 'Solar survey call', start_time: start, end_time: end, status: 'active', event_guests: [] },
				},
			});
			const t = Math.floor(Date.now() / 1000);
			return { url: `${webhookUrl}?provider=calendly`, body, headers: { 'content-type': 'application/json', 'calendly-webhook-signature': `t=${t},v1=${hmac(secrets.calendly, `${t}.${body}`)}` } };
		}
		case 2: {
			const body = JSON.stringify({
				eventType: 'BOOK', eventName: 'Solar survey call', eventSlug: 'solar-survey',
				meetData: { _id: `oru-${id}`, appId: 'app1', eventId: 'evt1', time: start, duration: 30, attendees: [{ _id: 'a1', name, email, timezone: 'Europe/London' }], status: 'ACTIVE', type: 'SOLO' },
			});
			return { url: `${webhookUrl}?provider=orufy`, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.orufy}` } };
		}
		default: {
			const body = JSON.stringify({ customer_email: email, customer_name: name, start_time: start, duration_minutes: 30, appointment_type: 'Home solar survey', external_id: id, source: 'acuity', status: 'booked' });
			return { url: `${webhookUrl}?provider=generic`, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.generic}` } };
		}
	}
}

// --- one database --------------------------------------------------------------------------------

async function benchDatabase(dbName, dir, stackName) {
	let mariadb = null;
	let db = { client: 'sqlite' };
	if (dbName === 'mariadb') {
		mariadb = await startMariaDb(path.join(dir, `${stackName}-mariadb`));
		db = await createDatabase(mariadb, 'sc_bench_load');
	}
	const current = site.describeSite({ dir: path.join(dir, `${stackName}-${dbName}`), port: await site.freePort(), sidecarPort: await site.freePort(), adminPassword: 'bench-pw', secrets, db, stack: stackName });
	await site.installSite(current);
	// On a production stack the sidecar runs as its own database user (deploy/sidecar-grants.sql), as in production.
	if (stackName !== 'builtin' && mariadb) db.sidecar = await createSidecarUser(mariadb, db);
	fs.copyFileSync(path.join(__dirname, 'lib', 'noop-route.php'), path.join(current.contentDir, 'mu-plugins', 'noop-route.php'));
	const wordpress = await site.startWordPress(current);
	const sidecar = await site.startSidecar(current);
	const rss = rssSampler(() => sidecar.pid, 100);
	const result = { db: dbName, stack: stackName, steps: [], sidecarRssMb: {}, loadAverageBefore: os.loadavg() };
	try {
		// Idle: started, nothing sent yet.
		rss.mark('idle');
		await sleep(1500);
		const noop = () => ({ url: `${current.url}/wp-json/solar-capture-bench/v1/noop`, body: '{}', headers: { 'content-type': 'application/json' } });
		const hook = () => delivery(current.webhookUrl);
		// Warm-up: opcache, the sidecar's JIT and pools.
		await timedLoad({ durationMs: 1500, concurrency: 2, makeRequest: noop });
		await timedLoad({ durationMs: 1500, concurrency: 2, makeRequest: hook });
		rss.mark('run');
		for (const concurrency of STEPS) {
			rss.mark(`step ${concurrency}`);
			// Two halves each, alternating, so a neighbour's burst of CPU falls on both routes alike.
			const runs = { noop: [], hook: [] };
			for (let half = 0; half < 2; half++) {
				runs.noop.push(await timedLoad({ durationMs: (SECONDS * 1000) / 2, concurrency, makeRequest: noop, keepLatencies: true }));
				runs.hook.push(await timedLoad({ durationMs: (SECONDS * 1000) / 2, concurrency, makeRequest: hook, keepLatencies: true }));
			}
			const floor = merge(runs.noop);
			const route = merge(runs.hook);
			const step = { concurrency, noop: floor, webhook: route, ratioP50: route.p50 / floor.p50, sidecarRssMaxMb: rss.window(`step ${concurrency}`).max };
			result.steps.push(step);
			process.stdout.write(`  ${line(label(result), step)}\n`);
		}
		const during = rss.window('run');
		rss.mark('after');
		await sleep(2000);
		const health = await (await fetch(`${current.sidecarUrl}/health`)).json();
		result.sidecarRssMb = { idle: rss.window('idle').mean, peak: Math.max(during.max, rss.peak()), afterRun: rss.window('after').mean };
		result.health = health;
		result.loadAverageAfter = os.loadavg();
		result.sidecarPid = sidecar.pid;
	} finally {
		rss.stop();
		await site.stopService(sidecar);
		await site.stopService(wordpress);
		if (mariadb) await mariadb.stop();
	}
	return result;
}

// --- output --------------------------------------------------------------------------------------

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const label = (r) => (STACKS.length > 1 || r.stack !== 'builtin' ? `${r.stack}/${r.db}` : r.db);
const HEADER = `${'db'.padEnd(14)}${'in flight'.padStart(9)} │ ${'no-op REST route'.padEnd(34)}│ ${'webhook route (full)'.padEnd(34)}│ ${'p50 ×'.padStart(6)} │ ${'sidecar RSS'.padStart(11)}`;
const SUB = `${''.padEnd(23)} │ ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'err'.padStart(5)}  │ ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'err'.padStart(5)}  │ ${''.padStart(6)} │ ${'max MB'.padStart(11)}`;
function line(db, s) {
	const part = (r) => `${f(r.rps, 0).padStart(7)} ${f(r.p50).padStart(8)} ${f(r.p99).padStart(8)} ${String(r.errors).padStart(5)}  `;
	return `${db.padEnd(14)}${String(s.concurrency).padStart(9)} │ ${part(s.noop)}│ ${part(s.webhook)}│ ${f(s.ratioP50, 2).padStart(6)} │ ${f(s.sidecarRssMaxMb).padStart(11)}`;
}

function machine() {
	const php = (() => {
		try {
			return execFileSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' }).trim();
		} catch {
			return 'unknown';
		}
	})();
	return { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, php, loadAverage: os.loadavg() };
}

async function main() {
	const started = Date.now();
	const info = machine();
	const server = STACKS.map((s) => (s === 'builtin' ? 'php -S with 4 workers' : `${s} + PHP-FPM (pm dynamic, 5 children) with opcache`)).join(' / ');
	console.log(`Solar Capture load benchmark — ${info.cores} cores, Node ${info.node}, PHP ${info.php}; ${server}; databases: ${DBS.join(', ')}; ${SECONDS} s per route per step; load average ${info.loadAverage.map((n) => n.toFixed(1)).join(' ')}\n`);
	if (!arg('skip-setup', false)) await setup({ mariadb: DBS.includes('mariadb'), webServers: production });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-bench-load-'));
	// The web servers' workers (www-data when run as root) must reach the sites inside.
	if (production) fs.chmodSync(dir, 0o711);
	const results = { date: new Date().toISOString(), command: `node bench/load.js ${process.argv.slice(2).join(' ')}`.trim(), machine: info, stack: STACK, secondsPerStep: SECONDS, databases: [] };
	try {
		console.log(`${HEADER}\n${SUB}`);
		for (const stackName of STACKS) for (const db of DBS) results.databases.push(await benchDatabase(db, dir, stackName));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	results.totalSeconds = (Date.now() - started) / 1000;

	console.log(`\n${HEADER}\n${SUB}`);
	for (const r of results.databases) for (const s of r.steps) console.log(line(label(r), s));
	console.log('\nsidecar memory (VmRSS):');
	for (const r of results.databases) console.log(`  ${label(r).padEnd(14)} idle ${f(r.sidecarRssMb.idle)} MB, peak ${f(r.sidecarRssMb.peak)} MB, 2 s after the run ${f(r.sidecarRssMb.afterRun)} MB`);
	console.log('\nmachine load average (1/5/15 min) before → after each database, other work on the machine skews the figures:');
	for (const r of results.databases) console.log(`  ${label(r).padEnd(14)} ${r.loadAverageBefore.map((n) => n.toFixed(1)).join('/')} → ${r.loadAverageAfter.map((n) => n.toFixed(1)).join('/')}`);
	console.log('\nafter the run (sidecar /health):');
	for (const r of results.databases) console.log(`  ${label(r).padEnd(14)} queued ${r.health.queued}, failed ${r.health.failed}, deliveries ${JSON.stringify(r.health.deliveries)}`);
	const statuses = (r, which) => r.steps.reduce((acc, s) => Object.entries(s[which].statuses).reduce((a, [k, v]) => ({ ...a, [k]: (a[k] || 0) + v }), acc), {});
	console.log('\nanswers (all steps):');
	for (const r of results.databases) console.log(`  ${label(r).padEnd(14)} no-op ${JSON.stringify(statuses(r, 'noop'))}  webhook ${JSON.stringify(statuses(r, 'webhook'))}`);

	fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
	const out = path.join(__dirname, 'results', `load-${STACK === 'builtin' ? '' : `${STACK}-`}${DBS.join('+')}-${results.date.replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(out, JSON.stringify(results, null, 2));
	console.log(`\nfigures written to ${path.relative(process.cwd(), out)} (${results.totalSeconds.toFixed(0)} s in all)`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
