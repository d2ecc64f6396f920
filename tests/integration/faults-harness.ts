// What the fault suite (faults.test.ts) needs beyond tests/helpers/stack.ts: a sender that keeps a
// number of deliveries in flight while faults are injected, ways to break things (kill the sidecar,
// restart WordPress, lock the database), and a check of the whole database against the plan.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Mix, PlannedDelivery } from '../fixtures/mix';
import type { Site, Stack } from '../helpers/stack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../scripts/lib/site.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const run = require('../../scripts/lib/run.js');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- sending -------------------------------------------------------------------------------------

export interface Sent {
	delivery: PlannedDelivery;
	/** HTTP status of the answer that counted; 0 when none came. */
	status: number;
	json: any;
	ms: number;
	/** Attempts that ended in a connection error (WordPress down) before the answer. */
	networkErrors: number;
	lastError?: string;
	/** Every connection error met, in order (ECONNRESET: cut off mid-request; ECONNREFUSED: nobody listening). */
	errors: string[];
}

export interface Fault {
	/** Start once this many sends have been answered… */
	at: number;
	/** …and this long after the previous fault ended (so the stack runs whole between faults). */
	afterMs?: number;
	name: string;
	run: () => Promise<void>;
}

export interface FaultRun {
	name: string;
	startedAt: number;
	endedAt: number;
	answeredBefore: number;
	/** Requests in flight when it started. */
	inFlight: number;
	error?: string;
}

export interface SendReport {
	sent: Sent[];
	faults: FaultRun[];
	startedAt: number;
	endedAt: number;
	maxMs: number;
}

async function postOnce(site: Site, d: PlannedDelivery, timeoutMs: number): Promise<{ status: number; json: any }> {
	const response = await fetch(`${site.webhookUrl}${d.query}`, { method: 'POST', headers: d.headers(), body: d.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = { raw: text.slice(0, 500) };
	}
	return { status: response.status, json };
}

function describeError(error: unknown): string {
	const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
	return e.cause?.code || e.cause?.message || e.name || e.message || String(error);
}

/**
 * Sends every sequence with `concurrency` requests in flight. A sequence (one lead's story) is sent
 * in order, one delivery after the other's answer; different leads interleave. Faults run, one at a
 * time, in the background once enough sends have been answered.
 * With `retryNetworkErrors`, a request that got no answer (WordPress down) is sent again, as booking
 * tools retry network errors; otherwise it is recorded with status 0.
 */
export async function sendAll(site: Site, sequences: PlannedDelivery[][], options: { concurrency: number; faults?: Fault[]; retryNetworkErrors?: boolean; timeoutMs?: number; retryForMs?: number }): Promise<SendReport> {
	const { concurrency, retryNetworkErrors = false, timeoutMs = 30000, retryForMs = 60000 } = options;
	const pending = [...(options.faults ?? [])].sort((a, b) => a.at - b.at);
	const faults: FaultRun[] = [];
	const sent: Sent[] = [];
	let answered = 0;
	let inFlight = 0;
	let running: Promise<void> | null = null;
	let next = 0;
	let maxMs = 0;
	const startedAt = Date.now();

	let lastEnded = 0;
	let timer: NodeJS.Timeout | null = null;
	const maybeFault = () => {
		if (running || pending.length === 0 || answered < pending[0].at) return;
		const wait = lastEnded + (pending[0].afterMs ?? 0) - Date.now();
		if (wait > 0) {
			timer ??= setTimeout(() => {
				timer = null;
				maybeFault();
			}, wait);
			return;
		}
		const fault = pending.shift() as Fault;
		const record: FaultRun = { name: fault.name, startedAt: Date.now(), endedAt: 0, answeredBefore: answered, inFlight };
		faults.push(record);
		running = fault
			.run()
			.catch((error) => {
				record.error = String(error?.stack ?? error);
			})
			.finally(() => {
				record.endedAt = Date.now();
				lastEnded = record.endedAt;
				running = null;
				maybeFault();
			});
	};

	const sendOne = async (d: PlannedDelivery): Promise<Sent> => {
		let networkErrors = 0;
		let lastError: string | undefined;
		const errors: string[] = [];
		const t0 = Date.now();
		for (;;) {
			const started = Date.now();
			try {
				const { status, json } = await postOnce(site, d, timeoutMs);
				const ms = Date.now() - started;
				maxMs = Math.max(maxMs, ms);
				return { delivery: d, status, json, ms, networkErrors, lastError, errors };
			} catch (error) {
				networkErrors += 1;
				lastError = describeError(error);
				errors.push(lastError);
				if (!retryNetworkErrors || Date.now() - t0 > retryForMs) return { delivery: d, status: 0, json: null, ms: Date.now() - started, networkErrors, lastError, errors };
				await sleep(100 + Math.random() * 150);
			}
		}
	};

	const worker = async () => {
		while (next < sequences.length) {
			const sequence = sequences[next++];
			for (const d of sequence) {
				inFlight += 1;
				sent.push(await sendOne(d));
				inFlight -= 1;
				answered += 1;
				maybeFault();
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const endedAt = Date.now();
	if (timer) clearTimeout(timer);
	// A fault still running (or not reached) is finished now, so the stack is whole for the checks.
	while (running) await running;
	for (const fault of pending) {
		const record: FaultRun = { name: fault.name, startedAt: Date.now(), endedAt: 0, answeredBefore: answered, inFlight: 0 };
		faults.push(record);
		await fault.run().catch((error) => (record.error = String(error)));
		record.endedAt = Date.now();
	}
	return { sent, faults, startedAt, endedAt, maxMs };
}

// --- faults --------------------------------------------------------------------------------------

function exitOf(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGKILL to the sidecar's process group: no graceful shutdown, transactions cut where they are. */
export async function killSidecar(stack: Stack): Promise<void> {
	const child = stack.sidecar;
	if (!child) return;
	const exited = exitOf(child);
	try {
		process.kill(-(child.pid as number), 'SIGKILL');
	} catch {
		/* already gone */
	}
	await exited;
	stack.sidecar = null;
}

/**
 * Stops WordPress with `signal` and starts it again after `downMs`: php -S and its workers (the whole
 * group) on the built-in stack; PHP-FPM and nginx/Apache (each its group) on a production stack.
 */
export async function restartWordPress(stack: Stack, signal: 'SIGTERM' | 'SIGKILL', downMs: number): Promise<void> {
	const service = stack.wordpress as ChildProcess & { members?: ChildProcess[] };
	const members = service.members ?? [service];
	// The web server first: while it stops, PHP-FPM behind it still answers, so no request meets a
	// 502 from a web server whose PHP has gone (a booking tool would count that as an answer).
	for (const member of members) {
		const exited = exitOf(member);
		run.signalService(member, signal);
		await exited;
	}
	for (const member of members) {
		try {
			process.kill(-(member.pid as number), 'SIGKILL');
		} catch {
			/* none left */
		}
	}
	stack.wordpress = null;
	await sleep(downMs);
	for (let attempt = 1; ; attempt++) {
		try {
			stack.wordpress = await lib.startWordPress(stack.site);
			return;
		} catch (error) {
			if (attempt >= 20) throw error;
			await sleep(250);
		}
	}
}

/** A second sidecar on the same database: same site, another port, its own log folder. */
export async function startExtraSidecar(site: Site, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: string }> {
	const port = await lib.freePort();
	const logs = path.join(site.dir, `logs-sidecar-${port}`);
	const other = { ...site, sidecarPort: port, sidecarUrl: `http://127.0.0.1:${port}`, logs };
	const child: ChildProcess = await lib.startSidecar(other, { env });
	return { child, url: other.sidecarUrl, log: path.join(logs, 'sidecar.log') };
}

export const stopService = (child: ChildProcess | null): Promise<void> => lib.stopService(child);

export interface LockHolder {
	/** Resolves when the lock is held. */
	held: Promise<void>;
	/** Resolves when it has been released (and the holder is gone). */
	released: Promise<void>;
	heldAt: number;
	releasedAt: number;
}

/**
 * SQLite: another process takes the write lock (BEGIN IMMEDIATE, plus a write) and keeps it for `ms`.
 * Runs better-sqlite3 in a child Node process, as another program on the same file would.
 */
export function lockSqlite(file: string, ms: number): LockHolder {
	const script = `
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(process.argv[1], { fileMustExist: true, timeout: 10000 });
db.exec('BEGIN IMMEDIATE');
db.prepare("UPDATE wp_options SET option_value = option_value WHERE option_name = 'blogname'").run();
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); }, Number(process.argv[2]));
`;
	const child = spawn(process.execPath, ['-e', script, file, String(ms)], { stdio: ['ignore', 'pipe', 'pipe'] });
	return holder(child);
}

function holder(child: ChildProcess): LockHolder {
	const h = { heldAt: 0, releasedAt: 0 } as LockHolder;
	let err = '';
	child.stderr?.on('data', (chunk) => (err += chunk));
	h.held = new Promise((resolve, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('locked') && !h.heldAt) {
				h.heldAt = Date.now();
				resolve();
			}
		});
		child.once('exit', (code) => (h.heldAt ? undefined : reject(new Error(`the lock holder exited with ${code}: ${err}`))));
	});
	h.released = new Promise((resolve, reject) =>
		child.once('exit', (code) => {
			h.releasedAt = Date.now();
			if (code === 0) resolve();
			else reject(new Error(`the lock holder exited with ${code}: ${err}`));
		}),
	);
	h.held.catch(() => undefined);
	h.released.catch(() => undefined);
	return h;
}

/**
 * MariaDB: another connection holds locks for `ms`:
 * - `rows`: a transaction that has every lead row locked (`SELECT … FOR UPDATE`) and has updated them;
 * - `tables`: `LOCK TABLES` on the leads and deliveries tables (WRITE), so even PHP's inbox insert waits.
 */
export function lockMariaDb(db: Record<string, any>, prefix: string, how: 'rows' | 'tables', ms: number): LockHolder {
	const statements =
		how === 'rows'
			? [`START TRANSACTION`, `SELECT id FROM ${prefix}solar_leads FORCE INDEX (PRIMARY) ORDER BY id FOR UPDATE`, `UPDATE ${prefix}solar_leads SET updated_at = updated_at`]
			: [`LOCK TABLES ${prefix}solar_leads WRITE, ${prefix}solar_deliveries WRITE, ${prefix}solar_bookings WRITE`];
	const release = how === 'rows' ? 'COMMIT' : 'UNLOCK TABLES';
	const script = `
const mysql = require(${JSON.stringify(require.resolve('mysql2/promise'))});
(async () => {
	const db = JSON.parse(process.argv[1]);
	const c = await mysql.createConnection({ ...(db.socket ? { socketPath: db.socket } : { host: db.host, port: db.port }), user: db.user, password: db.password, database: db.name });
	// Like any other client, start again when InnoDB picks this transaction as a deadlock's victim.
	for (let attempt = 1; ; attempt++) {
		try {
			for (const sql of JSON.parse(process.argv[2])) await c.query(sql);
			break;
		} catch (e) {
			await c.query('ROLLBACK').catch(() => undefined);
			if (attempt >= 20 || ![1205, 1213].includes(e.errno)) throw e;
			await new Promise((r) => setTimeout(r, 20));
		}
	}
	process.stdout.write('locked\\n');
	await new Promise((r) => setTimeout(r, Number(process.argv[3])));
	await c.query(${JSON.stringify(release)});
	await c.end();
	process.stdout.write('released\\n');
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;
	const child = spawn(process.execPath, ['-e', script, JSON.stringify(db), JSON.stringify(statements), String(ms)], { stdio: ['ignore', 'pipe', 'pipe'] });
	return holder(child);
}

// --- waiting for the queue -----------------------------------------------------------------------

export async function health(url: string): Promise<any> {
	const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
	return response.json();
}

/** Waits until no delivery is queued (asking the sidecar at `url`); fails at once if one failed. */
export async function waitForDrain(url: string, timeoutMs = 60000): Promise<{ ms: number; health: any }> {
	const t0 = Date.now();
	for (;;) {
		let h: any = null;
		try {
			h = await health(url);
		} catch {
			/* starting */
		}
		if (h && h.ok && h.queued === 0) return { ms: Date.now() - t0, health: h };
		if (h && h.failed > 0) throw new Error(`deliveries failed while draining: ${JSON.stringify(h)}`);
		if (Date.now() - t0 > timeoutMs) throw new Error(`the queue did not drain within ${timeoutMs} ms: ${JSON.stringify(h)}`);
		await sleep(250);
	}
}

// --- the database, read back ---------------------------------------------------------------------

export interface Snapshot {
	leads: Array<{ id: number; email_normalized: string; name: string; source: string; stage: string; next_booking_at: string | null }>;
	bookings: Array<{ id: number; lead_id: number | null; provider: string; external_id: string; status: string; start_at: string | null; previous_external_id: string | null; next_external_id: string | null }>;
	events: Array<{ lead_id: number; type: string; n: number }>;
	lastStage: Array<{ lead_id: number; to: string }>;
	deliveries: Array<{ id: number; provider: string; status: string; http_status: number | null; idempotency_key: string | null; applied_key: string | null; lead_id: number | null; booking_id: number | null; attempts: number; error: string | null }>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Reads the plugin's tables through $wpdb (so SQLite and MariaDB alike), via a file: the answer is large. */
export async function snapshot(stack: Stack): Promise<Snapshot> {
	const file = path.join(os.tmpdir(), `solar-capture-snapshot-${crypto.randomBytes(4).toString('hex')}.json`);
	const result = await stack.php<unknown>(`
global $wpdb;
$p = $wpdb->prefix;
$q = array(
	'leads' => "SELECT id, email_normalized, name, source, stage, next_booking_at FROM {$p}solar_leads ORDER BY id",
	'bookings' => "SELECT id, lead_id, provider, external_id, status, start_at, previous_external_id, next_external_id FROM {$p}solar_bookings ORDER BY id",
	'events' => "SELECT lead_id, type, COUNT(*) AS n FROM {$p}solar_events GROUP BY lead_id, type",
	'lastStage' => "SELECT e.lead_id, e.data FROM {$p}solar_events e JOIN (SELECT lead_id, MAX(id) AS id FROM {$p}solar_events WHERE type = 'stage_changed' GROUP BY lead_id) m ON m.id = e.id",
	'deliveries' => "SELECT id, provider, status, http_status, idempotency_key, applied_key, lead_id, booking_id, attempts, error FROM {$p}solar_deliveries ORDER BY id",
);
$out = array();
foreach ( $q as $key => $sql ) {
	$rows = $wpdb->get_results( $sql, ARRAY_A );
	if ( ! is_array( $rows ) || '' !== $wpdb->last_error ) {
		return array( 'error' => $key . ': ' . $wpdb->last_error );
	}
	$out[ $key ] = $rows;
}
file_put_contents( ${JSON.stringify(file)}, wp_json_encode( $out ) );
return true;`);
	if (result !== true) throw new Error(`snapshot failed: ${JSON.stringify(result)}`);
	const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
	return {
		leads: raw.leads.map((r: any) => ({ ...r, id: Number(r.id) })),
		bookings: raw.bookings.map((r: any) => ({ ...r, id: Number(r.id), lead_id: num(r.lead_id) })),
		events: raw.events.map((r: any) => ({ lead_id: Number(r.lead_id), type: r.type, n: Number(r.n) })),
		lastStage: raw.lastStage.map((r: any) => ({ lead_id: Number(r.lead_id), to: (JSON.parse(r.data || '{}') as { to?: string }).to ?? '' })),
		deliveries: raw.deliveries.map((r: any) => ({ ...r, id: Number(r.id), http_status: num(r.http_status), lead_id: num(r.lead_id), booking_id: num(r.booking_id), attempts: Number(r.attempts) })),
	};
}

/** A DATETIME as stored (`YYYY-MM-DD HH:MM:SS`, UTC) or an ISO time → epoch ms (null stays null). */
const ms = (value: string | null | undefined): number | null => (value ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`) : null);

// --- the checks ----------------------------------------------------------------------------------

const FINISHED_OK = new Set(['applied', 'duplicate', 'ignored']);

/**
 * Everything that must hold whatever the plan: no half-written lead. Returns the problems found.
 */
export function consistencyProblems(s: Snapshot, now = Date.now()): string[] {
	const problems: string[] = [];
	const leads = new Map(s.leads.map((l) => [l.id, l]));
	const eventsOf = new Map<number, Record<string, number>>();
	for (const e of s.events) {
		if (!leads.has(e.lead_id)) problems.push(`${e.n} ${e.type} event(s) for lead ${e.lead_id}, which does not exist`);
		const m = eventsOf.get(e.lead_id) ?? {};
		m[e.type] = e.n;
		eventsOf.set(e.lead_id, m);
	}
	const bookingsOf = new Map<number, Snapshot['bookings']>();
	for (const b of s.bookings) {
		if (b.lead_id === null || !leads.has(b.lead_id)) {
			problems.push(`booking ${b.provider}/${b.external_id} belongs to no lead (lead_id ${b.lead_id})`);
			continue;
		}
		bookingsOf.set(b.lead_id, [...(bookingsOf.get(b.lead_id) ?? []), b]);
	}
	const lastStage = new Map(s.lastStage.map((r) => [r.lead_id, r.to]));
	for (const l of s.leads) {
		const ev = eventsOf.get(l.id) ?? {};
		const bookings = bookingsOf.get(l.id) ?? [];
		if (ev.lead_created !== 1) problems.push(`lead ${l.email_normalized}: ${ev.lead_created ?? 0} lead_created events (want 1)`);
		if ((ev.booking_created ?? 0) !== bookings.length) problems.push(`lead ${l.email_normalized}: ${bookings.length} bookings but ${ev.booking_created ?? 0} booking_created events`);
		if (l.stage !== 'new' && lastStage.get(l.id) !== l.stage) problems.push(`lead ${l.email_normalized}: stage ${l.stage}, but its last stage_changed event says ${lastStage.get(l.id) ?? '(none)'}`);
		if (l.stage === 'booked' && bookings.length === 0) problems.push(`lead ${l.email_normalized} is booked with no booking`);
		const upcoming = bookings.filter((b) => ['accepted', 'pending'].includes(b.status) && (ms(b.start_at) ?? 0) > now).map((b) => ms(b.start_at) as number);
		const next = upcoming.length ? Math.min(...upcoming) : null;
		if (ms(l.next_booking_at) !== next) problems.push(`lead ${l.email_normalized}: next_booking_at ${l.next_booking_at}, but its upcoming bookings say ${next === null ? 'none' : new Date(next).toISOString()}`);
	}
	const seen = new Set<string>();
	for (const b of s.bookings) {
		const key = `${b.provider}/${b.external_id}`;
		if (seen.has(key)) problems.push(`booking ${key} stored twice`);
		seen.add(key);
	}
	const emails = new Set<string>();
	for (const l of s.leads) {
		if (emails.has(l.email_normalized)) problems.push(`lead ${l.email_normalized} stored twice`);
		emails.add(l.email_normalized);
	}
	return problems;
}

/**
 * The database against the plan: exactly the expected leads, bookings and stages; every answered
 * delivery finished; each idempotency key applied exactly once.
 * `exactRows`: every stored delivery row is one of the answered sends (no request was cut off).
 */
export function planProblems(mix: Mix, sent: Sent[], s: Snapshot, { exactRows = true } = {}): string[] {
	const problems: string[] = [];
	const limit = (list: string[], what: string) => (list.length > 20 ? [...list.slice(0, 20), `… and ${list.length - 20} more ${what}`] : list);

	// Leads, exactly.
	const leadsByEmail = new Map(s.leads.map((l) => [l.email_normalized, l]));
	const expectedEmails = new Set(mix.leads.map((l) => l.email));
	const leadProblems: string[] = [];
	for (const l of s.leads) if (!expectedEmails.has(l.email_normalized)) leadProblems.push(`unexpected lead ${l.email_normalized} (${l.source}, ${l.stage})`);
	const bookingsByKey = new Map(s.bookings.map((b) => [`${b.provider}/${b.external_id}`, b]));
	const expectedBookingKeys = new Set<string>();
	const eventsOf = new Map<number, Record<string, number>>();
	for (const e of s.events) eventsOf.set(e.lead_id, { ...(eventsOf.get(e.lead_id) ?? {}), [e.type]: e.n });
	for (const want of mix.leads) {
		const got = leadsByEmail.get(want.email);
		if (!got) {
			leadProblems.push(`lead ${want.email} (${want.story}) is missing`);
			continue;
		}
		const fields: Array<[string, unknown, unknown]> = [
			['name', got.name, want.name],
			['source', got.source, want.source],
			['stage', got.stage, want.stage],
			['next_booking_at', ms(got.next_booking_at), ms(want.next_booking_at)],
		];
		for (const [field, g, w] of fields) if (g !== w) leadProblems.push(`lead ${want.email} (${want.story}): ${field} is ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
		for (const wb of want.bookings) {
			const key = `${wb.provider}/${wb.external_id}`;
			expectedBookingKeys.add(key);
			const gb = bookingsByKey.get(key);
			if (!gb) {
				leadProblems.push(`lead ${want.email} (${want.story}): booking ${key} is missing`);
				continue;
			}
			if (gb.lead_id !== got.id) leadProblems.push(`booking ${key} belongs to lead ${gb.lead_id}, want ${got.id} (${want.email})`);
			if (gb.status !== wb.status) leadProblems.push(`lead ${want.email} (${want.story}): booking ${key} is ${gb.status}, want ${wb.status}`);
			if (ms(gb.start_at) !== ms(wb.start_at)) leadProblems.push(`booking ${key} starts ${gb.start_at}, want ${wb.start_at}`);
			if ((gb.previous_external_id || null) !== wb.previous_external_id) leadProblems.push(`booking ${key}: previous_external_id ${gb.previous_external_id}, want ${wb.previous_external_id}`);
			if ((gb.next_external_id || null) !== wb.next_external_id) leadProblems.push(`booking ${key}: next_external_id ${gb.next_external_id}, want ${wb.next_external_id}`);
		}
		const ev = eventsOf.get(got.id) ?? {};
		for (const [type, n] of Object.entries(want.events)) if ((ev[type] ?? 0) !== n) leadProblems.push(`lead ${want.email} (${want.story}): ${ev[type] ?? 0} ${type} events, want ${n}`);
		for (const type of Object.keys(ev)) if (!(type in want.events) && type !== 'stage_changed') leadProblems.push(`lead ${want.email} (${want.story}): unexpected ${type} events (${ev[type]})`);
	}
	for (const key of bookingsByKey.keys()) if (!expectedBookingKeys.has(key)) leadProblems.push(`unexpected booking ${key}`);
	problems.push(...limit(leadProblems, 'lead/booking problems'));

	// Answers.
	const answerProblems: string[] = [];
	for (const x of sent) {
		if (x.status === 200 || x.status === 202) continue;
		answerProblems.push(`${x.delivery.label} (plan #${x.delivery.id}) answered ${x.status || x.lastError}: ${JSON.stringify(x.json)?.slice(0, 200)}`);
	}
	problems.push(...limit(answerProblems, 'non-2xx answers'));

	// Deliveries: each answered one finished, each plan delivery applied once.
	const rows = new Map(s.deliveries.map((d) => [d.id, d]));
	const deliveryProblems: string[] = [];
	const rowsOfPlan = new Map<number, Snapshot['deliveries']>();
	const claimed = new Set<number>();
	for (const x of sent) {
		if (x.status !== 200 && x.status !== 202) continue;
		const id = Number(x.json?.delivery_id);
		const row = rows.get(id);
		if (!row) {
			deliveryProblems.push(`${x.delivery.label} (plan #${x.delivery.id}) was answered ${x.status} with delivery ${x.json?.delivery_id}, which is not stored`);
			continue;
		}
		if (claimed.has(id)) deliveryProblems.push(`delivery ${id} was the answer to two requests`);
		claimed.add(id);
		rowsOfPlan.set(x.delivery.id, [...(rowsOfPlan.get(x.delivery.id) ?? []), row]);
		if (x.status === 200 && x.json?.status !== row.status) deliveryProblems.push(`delivery ${id} was answered "${x.json?.status}" but is recorded ${row.status}`);
	}
	for (const d of s.deliveries) if (!FINISHED_OK.has(d.status)) deliveryProblems.push(`delivery ${d.id} (${d.provider}) ended ${d.status}: ${d.error}`);
	if (exactRows) {
		for (const d of s.deliveries) if (!claimed.has(d.id)) deliveryProblems.push(`delivery ${d.id} (${d.provider}, ${d.status}) is stored but no request was answered with it`);
	}
	const plan = new Map<number, PlannedDelivery>();
	for (const seq of mix.sequences) for (const d of seq) plan.set(d.id, d);
	for (const [planId, list] of rowsOfPlan) {
		const d = plan.get(planId) as PlannedDelivery;
		const statuses = list.map((r) => r.status).sort();
		if (d.expect === 'ignored') {
			if (statuses.some((st) => st !== 'ignored')) deliveryProblems.push(`${d.label} (plan #${planId}) ended ${statuses.join(', ')}, want ignored`);
			continue;
		}
		const applied = statuses.filter((st) => st === 'applied').length;
		const keys = new Set(list.map((r) => r.idempotency_key));
		if (keys.size !== 1) deliveryProblems.push(`${d.label} (plan #${planId}) stored under several idempotency keys: ${[...keys].join(', ')}`);
		// Its first application may also have come from a copy whose answer was lost (a request cut off).
		const key = [...keys][0];
		const appliedAnywhere = s.deliveries.filter((r) => r.idempotency_key === key && r.status === 'applied').length;
		if (applied > 1 || appliedAnywhere !== 1) deliveryProblems.push(`${d.label} (plan #${planId}) applied ${appliedAnywhere} times (rows ${list.map((r) => `${r.id}:${r.status}`).join(', ')})`);
		if (statuses.some((st) => st !== 'applied' && st !== 'duplicate')) deliveryProblems.push(`${d.label} (plan #${planId}) ended ${statuses.join(', ')}`);
		// The delivery log names the lead it changed (the Integrations screen links to it).
		const lead = leadsByEmail.get(mix.leads[d.lead]?.email ?? '');
		for (const r of list) if (lead && (r.lead_id !== lead.id || !r.booking_id)) deliveryProblems.push(`delivery ${r.id} (${d.label}, ${r.status}) names lead ${r.lead_id} / booking ${r.booking_id}, want lead ${lead.id} and a booking`);
	}
	for (const seq of mix.sequences) for (const d of seq) if (!rowsOfPlan.has(d.id)) deliveryProblems.push(`${d.label} (plan #${d.id}) was never answered 2xx`);
	const appliedPerKey = new Map<string, number>();
	for (const d of s.deliveries) if (d.status === 'applied' && d.idempotency_key) appliedPerKey.set(d.idempotency_key, (appliedPerKey.get(d.idempotency_key) ?? 0) + 1);
	for (const [key, n] of appliedPerKey) if (n > 1) deliveryProblems.push(`idempotency key ${key} applied ${n} times`);
	problems.push(...limit(deliveryProblems, 'delivery problems'));
	return problems;
}

/** Lines of PHP's debug log that mean trouble: a locked database, a database error, a fatal error. */
export function phpLogProblems(site: Site): string[] {
	const file = path.join(site.logs, 'php-debug.log');
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => /database is locked|WordPress database error|PHP Fatal|PHP Warning|Uncaught/i.test(line))
		.slice(0, 20);
}

/** How the sends were answered: { '200 applied': n, '202 queued': n, … }. */
export function tally(sent: Sent[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const x of sent) {
		const key = x.status ? `${x.status} ${x.json?.status ?? ''}`.trim() : `no answer (${x.lastError})`;
		out[key] = (out[key] ?? 0) + 1;
	}
	return out;
}

/** Sidecar log lines of one kind ("via":"drain" …) in a log file. */
export function countLog(file: string, pattern: RegExp): number {
	if (!fs.existsSync(file)) return 0;
	return fs.readFileSync(file, 'utf8').split('\n').filter((line) => pattern.test(line)).length;
}
