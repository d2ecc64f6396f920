// A throw-away Solar Capture site for tests: real PHP, real WordPress, real database, real sidecar.
// TEST_DB picks the database (sqlite, mariadb), TEST_STACK the web server (builtin: php -S; nginx or
// apache: in front of PHP-FPM, configured by deploy/), TEST_WP the WordPress release (stable: 6.8,
// newest: 7.x).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../scripts/lib/site.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { run } = require('../../scripts/lib/run.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mariadb = require('../../scripts/lib/mariadb.js');

/** Which database the suites run on: SQLite unless TEST_DB=mariadb (a server started by the global set-up). */
export const TEST_DB: 'sqlite' | 'mariadb' = process.env.TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite';
export type StackName = 'builtin' | 'nginx' | 'apache';
export const TEST_STACK: StackName = (['nginx', 'apache'].includes(process.env.TEST_STACK ?? '') ? process.env.TEST_STACK : 'builtin') as StackName;
export const TEST_WP: 'stable' | 'newest' = process.env.TEST_WP === 'newest' ? 'newest' : 'stable';

async function databaseFor(): Promise<Record<string, unknown>> {
	if (TEST_DB === 'sqlite') return { client: 'sqlite' };
	if (!process.env.TEST_MARIADB) throw new Error('TEST_DB=mariadb but no server was started (tests/integration/global-setup.ts)');
	return mariadb.createDatabase(JSON.parse(process.env.TEST_MARIADB), `sc_${crypto.randomBytes(5).toString('hex')}`);
}

export interface Site {
	dir: string;
	url: string;
	webhookUrl: string;
	sidecarUrl: string;
	sqlitePath: string;
	adminUser: string;
	adminPassword: string;
	secrets: Record<string, string>;
	logs: string;
	stack: StackName;
	release: 'stable' | 'newest';
	multisite: boolean;
	docroot: string;
	db: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Stack {
	site: Site;
	wordpress: ChildProcess | null;
	sidecar: ChildProcess | null;
	startSidecar(env?: Record<string, string>): Promise<void>;
	stopSidecar(): Promise<void>;
	stop(): Promise<void>;
	/** Runs a PHP snippet inside WordPress; `return` a value to get it back as JSON. */
	php<T = unknown>(code: string): Promise<T>;
}

export interface StackOptions {
	secrets?: Record<string, string>;
	sidecar?: boolean;
	db?: Record<string, unknown>;
	stack?: StackName;
	release?: 'stable' | 'newest';
	/** A subdirectory network: the main site and `sites` (default: /site2/), the plugin network-activated. */
	multisite?: boolean;
	sites?: Array<{ path: string; title?: string; secrets?: Record<string, string> }>;
	/** The sidecar on this Unix socket (given to it in PORT, as hosting panels do), PHP's sidecar URL unix:<path>. */
	sidecarSocket?: (siteDir: string) => string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-site-'));
	const site: Site = lib.describeSite({
		dir,
		port: await lib.freePort(),
		sidecarPort: await lib.freePort(),
		adminUser: 'admin',
		adminPassword: `pw-${crypto.randomBytes(6).toString('hex')}`,
		secrets: options.secrets ?? { calcom: `whsec_${crypto.randomBytes(16).toString('hex')}` },
		db: options.db ?? (await databaseFor()),
		stack: options.stack ?? TEST_STACK,
		release: options.release ?? TEST_WP,
		multisite: options.multisite ?? false,
		...(options.sites ? { sites: options.sites } : {}),
		...(options.sidecarSocket ? { sidecarSocket: options.sidecarSocket(dir) } : {}),
	});
	await lib.installSite(site);
	// On the production stacks the sidecar uses a database user of its own, made as docs/production.md says.
	const db = site.db as { client?: string; name?: string; sidecar?: unknown };
	if (site.stack !== 'builtin' && db.client === 'mysql' && process.env.TEST_MARIADB && !options.db) {
		db.sidecar = await mariadb.createSidecarUser(JSON.parse(process.env.TEST_MARIADB), db, { network: site.multisite });
	}
	const stack: Stack = {
		site,
		wordpress: await lib.startWordPress(site),
		sidecar: null,
		async startSidecar(env = {}) {
			stack.sidecar = await lib.startSidecar(site, { env });
		},
		async stopSidecar() {
			await lib.stopService(stack.sidecar);
			stack.sidecar = null;
		},
		async stop() {
			await Promise.all([lib.stopService(stack.sidecar), lib.stopService(stack.wordpress)]);
			if (process.env.KEEP_TEST_SITES) return;
			fs.rmSync(dir, { recursive: true, force: true });
			if (site.db && (site.db as { client?: string }).client === 'mysql' && process.env.TEST_MARIADB) {
				await mariadb.dropDatabase(JSON.parse(process.env.TEST_MARIADB), (site.db as { name: string }).name).catch(() => undefined);
			}
		},
		async php<T>(code: string): Promise<T> {
			const file = path.join(dir, `eval-${crypto.randomBytes(4).toString('hex')}.php`);
			fs.writeFileSync(file, `<?php\n${code}\n`);
			try {
				const out: string = await run('php', [path.join(__dirname, '..', '..', 'scripts', 'php', 'eval.php'), file], { env: lib.phpEnv(site) });
				return JSON.parse(out.trim().split('\n').pop() as string) as T;
			} finally {
				fs.rmSync(file, { force: true });
			}
		},
	};
	if (options.sidecar !== false) await stack.startSidecar();
	return stack;
}

/** Cal.com's signature: lowercase hex HMAC-SHA256 of the exact body. */
export function calcomSignature(body: string | Buffer, secret: string): string {
	return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

export async function postCalcom(site: Site, body: string, secret: string | null, extra: Record<string, string> = {}): Promise<{ status: number; json: any }> {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
	if (secret !== null) headers['x-cal-signature-256'] = calcomSignature(body, secret);
	const response = await fetch(site.webhookUrl, { method: 'POST', headers, body, redirect: 'manual' });
	const text = await response.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = { raw: text };
	}
	return { status: response.status, json };
}

/** A logged-in wp-admin session: cookies plus the REST nonce, as the admin screens use it. */
export class WpSession {
	cookies = new Map<string, string>();
	nonce = '';

	constructor(private site: Site) {}

	cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	private keep(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
		}
	}

	async login(user: string, password: string): Promise<this> {
		const form = new URLSearchParams({ log: user, pwd: password, 'wp-submit': 'Log In', testcookie: '1' });
		this.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
		const response = await fetch(`${this.site.url}/wp-login.php`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
			body: form,
			redirect: 'manual',
		});
		this.keep(response);
		if (response.status !== 302) throw new Error(`login failed for ${user}: HTTP ${response.status}`);
		const nonce = await fetch(`${this.site.url}/wp-admin/admin-ajax.php?action=rest-nonce`, { headers: { cookie: this.cookieHeader() } });
		this.nonce = (await nonce.text()).trim();
		return this;
	}

	/** The same login on another site of a network (its URL, e.g. `${site.url}/site2`), with that site's REST nonce. */
	async on(url: string): Promise<WpSession> {
		const other = new WpSession({ ...this.site, url });
		other.cookies = new Map(this.cookies);
		const nonce = await fetch(`${url}/wp-admin/admin-ajax.php?action=rest-nonce`, { headers: { cookie: other.cookieHeader() } });
		other.nonce = (await nonce.text()).trim();
		return other;
	}

	/** A wp-admin page (or any page) as this user sees it. */
	async page(route: string): Promise<{ status: number; text: string }> {
		const response = await fetch(`${this.site.url}/${route.replace(/^\//, '')}`, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
		return { status: response.status, text: await response.text() };
	}

	async rest(route: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; json: any; headers: Headers }> {
		const response = await fetch(`${this.site.url}/wp-json/${route.replace(/^\//, '')}`, {
			method: init.method ?? 'GET',
			headers: { cookie: this.cookieHeader(), 'x-wp-nonce': this.nonce, 'content-type': 'application/json', ...(init.headers ?? {}) },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await response.text();
		let json: any = null;
		try {
			json = JSON.parse(text);
		} catch {
			json = { raw: text };
		}
		return { status: response.status, json, headers: response.headers };
	}
}

export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > until) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 200));
	}
}
