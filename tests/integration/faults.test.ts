// Faults against the real stack (issue 6): nothing a booking tool was told we received is lost or
// applied twice when the sidecar is killed, when two sidecars drain one queue, when the database is
// locked for a moment, or when WordPress restarts. Runs on SQLite, and on MariaDB with TEST_DB=mariadb.
//
// Each test sends a plan of signed deliveries (tests/fixtures/mix.ts: per lead a known story whose end
// state does not depend on the order the deliveries are applied in) and then compares the whole
// database with the plan: leads, bookings, stages, timeline counts, and every delivery row.
// FAULTS_SEED=<n> repeats a run's plan; FAULTS_SENDS=<n> changes the size of the first test.
import * as crypto from 'node:crypto';
import { startStack, Stack, TEST_DB } from '../helpers/stack';
import { makeMix, Secrets } from '../fixtures/mix';
import {
	consistencyProblems,
	countLog,
	Fault,
	health,
	killSidecar,
	lockMariaDb,
	lockSqlite,
	LockHolder,
	phpLogProblems,
	planProblems,
	restartWordPress,
	sendAll,
	SendReport,
	sleep,
	snapshot,
	startExtraSidecar,
	stopService,
	tally,
	waitForDrain,
} from './faults-harness';

jest.setTimeout(170000);

const SEED = Number(process.env.FAULTS_SEED) || crypto.randomInt(1, 2 ** 31);
const DRAIN = { DRAIN_INTERVAL_MS: '300' };
const secrets = (): Secrets => ({
	calcom: `whsec_${crypto.randomBytes(12).toString('hex')}`,
	calendly: `calendly-${crypto.randomBytes(12).toString('hex')}`,
	orufy: `orufy-${crypto.randomBytes(12).toString('hex')}`,
	generic: `generic-${crypto.randomBytes(12).toString('hex')}`,
});

function summary(title: string, report: SendReport, extra: Record<string, unknown> = {}): void {
	const seconds = (report.endedAt - report.startedAt) / 1000;
	// eslint-disable-next-line no-console
	console.log(
		`${title} [${TEST_DB}, seed ${SEED}]: ${report.sent.length} sends in ${seconds.toFixed(1)} s (${(report.sent.length / seconds).toFixed(0)}/s), slowest answer ${report.maxMs} ms\n` +
			`  answers: ${JSON.stringify(tally(report.sent))}\n` +
			report.faults.map((f) => `  ${f.name}: after ${f.answeredBefore} answers, ${f.inFlight} in flight, took ${f.endedAt - f.startedAt} ms${f.error ? ` ERROR ${f.error}` : ''}`).join('\n') +
			(Object.keys(extra).length ? `\n  ${JSON.stringify(extra)}` : ''),
	);
}

/** Waits for the queue to drain, reads the database back and checks it against the plan. */
async function finalCheck(stack: Stack, mix: ReturnType<typeof makeMix>, report: SendReport, options: { exactRows?: boolean } = {}) {
	const drained = await waitForDrain(stack.site.sidecarUrl);
	const s = await snapshot(stack);
	expect(planProblems(mix, report.sent, s, options)).toEqual([]);
	expect(consistencyProblems(s)).toEqual([]);
	expect(phpLogProblems(stack.site)).toEqual([]);
	return { drainedInMs: drained.ms, rows: s.deliveries.length, leads: s.leads.length, bookings: s.bookings.length };
}

describe(`faults (${TEST_DB})`, () => {
	let stack: Stack | null = null;

	afterEach(async () => {
		await stack?.stop();
		stack = null;
	});

	test('2,000 signed deliveries from every provider while the sidecar is SIGKILLed and restarted 5 times: each 2xx applied exactly once, end state exact', async () => {
		const keys = secrets();
		stack = await startStack({ secrets: keys, sidecar: false });
		await stack.startSidecar(DRAIN);
		const s = stack;
		const mix = makeMix({ sends: Number(process.env.FAULTS_SENDS) || 2000, secrets: keys, seed: SEED });
		const kills: Fault[] = [0.05, 0.2, 0.35, 0.5, 0.65].map((share, i) => ({
			at: Math.round(mix.sends * share),
			afterMs: 800,
			name: `sidecar SIGKILL #${i + 1}`,
			run: async () => {
				await killSidecar(s);
				await sleep(100 + Math.random() * 300);
				await s.startSidecar(DRAIN);
			},
		}));
		const report = await sendAll(s.site, mix.sequences, { concurrency: 8, faults: kills });
		summary('sidecar kills', report, { stories: mix.stories });

		expect(report.faults.map((f) => f.error ?? 'ok')).toEqual(kills.map(() => 'ok'));
		// Every kill happened while deliveries were still being sent.
		for (const f of report.faults) expect(f.startedAt).toBeLessThan(report.endedAt);
		// Some deliveries really met a dead sidecar (202, queued); none was refused or lost.
		expect(report.sent.filter((x) => x.status === 202).length).toBeGreaterThan(0);
		expect(report.sent.filter((x) => x.status >= 500 || x.status === 0)).toEqual([]);

		const result = await finalCheck(s, mix, report);
		// eslint-disable-next-line no-console
		console.log(`  end state: ${JSON.stringify(result)}`);
	});

	test('two sidecars on one database drain the same queue: each delivery applied once', async () => {
		const keys = secrets();
		stack = await startStack({ secrets: keys });
		const s = stack;
		await s.stopSidecar();
		const mix = makeMix({ sends: 400, secrets: keys, seed: SEED + 1 });
		const report = await sendAll(s.site, mix.sequences, { concurrency: 8 });
		expect(tally(report.sent)).toEqual({ '202 queued': mix.sends });
		expect((await snapshot(s)).deliveries.every((d) => d.status === 'queued')).toBe(true);

		const env = { DRAIN_INTERVAL_MS: '100' };
		const t0 = Date.now();
		const [first, extra] = await Promise.allSettled([s.startSidecar(env), startExtraSidecar(s.site, env)]);
		if (extra.status === 'rejected' || first.status === 'rejected') {
			if (extra.status === 'fulfilled') await stopService(extra.value.child);
			throw (first.status === 'rejected' ? first.reason : (extra as PromiseRejectedResult).reason) as Error;
		}
		const second = extra.value;
		try {
			await waitForDrain(s.site.sidecarUrl);
			const drainedMs = Date.now() - t0;
			const otherHealth = await health(second.url);
			expect(otherHealth.queued).toBe(0);
			const first = countLog(`${s.site.logs}/sidecar.log`, /"via":"drain"/);
			const other = countLog(second.log, /"via":"drain"/);
			summary('two sidecars', report, { drainedMs, drainLogLines: { first, second: other } });
			// Both took part: each logged deliveries it drained.
			expect(first).toBeGreaterThan(0);
			expect(other).toBeGreaterThan(0);
			await finalCheck(s, mix, report);
		} finally {
			await stopService(second.child);
		}
	});

	test('the database locked by another process for 3 s while deliveries arrive: they wait or queue, none 5xx, none lost, no "database is locked"', async () => {
		const keys = secrets();
		stack = await startStack({ secrets: keys, sidecar: false });
		await stack.startSidecar(DRAIN);
		const s = stack;
		const mix = makeMix({ sends: 360, secrets: keys, seed: SEED + 2 });
		const holders: Array<{ how: string; lock: LockHolder }> = [];
		const hold = (how: 'sqlite' | 'rows' | 'tables') => async () => {
			const lock = how === 'sqlite' ? lockSqlite(s.site.sqlitePath, 3000) : lockMariaDb(s.site.db as Record<string, unknown>, 'wp_', how, 3000);
			holders.push({ how, lock });
			await lock.held;
			await lock.released;
		};
		const faults: Fault[] =
			TEST_DB === 'sqlite'
				? [
						{ at: 60, name: 'SQLite write lock (BEGIN IMMEDIATE) held 3 s by another process', run: hold('sqlite') },
						{ at: 220, name: 'SQLite write lock held 3 s again', run: hold('sqlite') },
					]
				: [
						{ at: 60, name: 'MariaDB: every lead row locked (SELECT … FOR UPDATE + UPDATE) for 3 s', run: hold('rows') },
						{ at: 220, name: 'MariaDB: LOCK TABLES leads, bookings, deliveries WRITE for 3 s', run: hold('tables') },
					];
		const report = await sendAll(s.site, mix.sequences, { concurrency: 8, faults });
		// The answers that were in flight while a lock was held.
		const during = holders.map(({ how, lock }) => ({ how, heldMs: lock.releasedAt - lock.heldAt }));
		summary('database locked', report, { locks: during });
		expect(report.faults.map((f) => f.error ?? 'ok')).toEqual(faults.map(() => 'ok'));
		for (const f of report.faults) expect(f.startedAt).toBeLessThan(report.endedAt);
		for (const h of during) expect(h.heldMs).toBeGreaterThanOrEqual(2900);
		// Deliveries really waited for the lock.
		expect(report.maxMs).toBeGreaterThan(1000);
		expect(report.sent.filter((x) => x.status >= 300 || x.status === 0)).toEqual([]);
		await finalCheck(s, mix, report);
	});

	test('WordPress restarted (SIGTERM and SIGKILL of php -S) while deliveries flow: no half-written lead, every 2xx applied once', async () => {
		const keys = secrets();
		stack = await startStack({ secrets: keys, sidecar: false });
		await stack.startSidecar(DRAIN);
		const s = stack;
		const mix = makeMix({ sends: 600, secrets: keys, seed: SEED + 3 });
		const restarts: Fault[] = (['SIGTERM', 'SIGKILL', 'SIGKILL'] as const).map((signal, i) => ({
			at: 120 + i * 150,
			name: `WordPress ${signal} + start #${i + 1}`,
			run: () => restartWordPress(s, signal, 200 + Math.random() * 400),
		}));
		// Booking tools retry a request that got no answer; those requests are not deliveries until answered.
		const report = await sendAll(s.site, mix.sequences, { concurrency: 8, faults: restarts, retryNetworkErrors: true });
		const cut = report.sent.filter((x) => x.networkErrors > 0);
		const firstErrors: Record<string, number> = {};
		for (const x of cut) firstErrors[x.errors[0]] = (firstErrors[x.errors[0]] ?? 0) + 1;
		summary('WordPress restarts', report, { requestsWithConnectionErrors: cut.length, firstError: firstErrors });
		expect(report.faults.map((f) => f.error ?? 'ok')).toEqual(restarts.map(() => 'ok'));
		for (const f of report.faults) expect(f.startedAt).toBeLessThan(report.endedAt);
		expect(cut.length).toBeGreaterThan(0);
		expect(report.sent.filter((x) => x.status >= 300 || x.status === 0)).toEqual([]);
		// A request cut off mid-way may still have been stored (and applied): its retry is then a duplicate.
		const result = await finalCheck(s, mix, report, { exactRows: false });
		// eslint-disable-next-line no-console
		console.log(`  end state: ${JSON.stringify({ ...result, storedWithoutAnAnswer: result.rows - report.sent.length })}`);
	});
});
