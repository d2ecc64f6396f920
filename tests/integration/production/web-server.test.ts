// What differs from PHP's built-in server when nginx or Apache (TEST_STACK) runs in front of PHP-FPM
// with the configuration in deploy/: the Authorization header reaching PHP, pretty permalinks and
// ?rest_route=, request body limits, X-Forwarded-Proto/-For from a trusted proxy, files never served.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { startStack, calcomSignature, WpSession, TEST_STACK, type Stack } from '../../helpers/stack';
import { bookingPayload, envelope } from '../../fixtures/calcom';
import { future, orufy } from '../../fixtures/providers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const servers = require('../../../scripts/lib/servers.js');

const ONE_MB = 1024 * 1024;
let stack: Stack;
let admin: WpSession;
const secrets = {
	calcom: `whsec_${crypto.randomBytes(12).toString('hex')}`,
	generic: `generic-${crypto.randomBytes(12).toString('hex')}`,
	orufy: `orufy-${crypto.randomBytes(12).toString('hex')}`,
};
// Written where the SQLite database and other internals would be: none may ever come back.
const CANARY = `canary-${crypto.randomBytes(8).toString('hex')}`;

/** One request from a chosen local address (127.0.0.1 is the trusted proxy; 127.0.0.2 is anyone else). */
function request(url: string, { method = 'GET', headers = {}, body, from = '127.0.0.1' }: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {}): Promise<{ status: number; type: string; text: string; json: any }> {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: { ...headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) }, localAddress: from }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: any = null;
				try {
					json = JSON.parse(text);
				} catch {
					/* not JSON */
				}
				resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text, json });
			});
		});
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

const probe = (headers: Record<string, string> = {}, from?: string) => request(`${stack.site.url}/wp-json/solar-capture-probe/v1/server`, { headers, from }).then((r) => r.json);

function signedBooking(email: string, padTo?: number): string {
	const payload = bookingPayload({ email, name: 'Robin Proxy' });
	let body = envelope('BOOKING_CREATED', payload);
	if (padTo) {
		payload.description = 'x'.repeat(padTo - body.length);
		body = envelope('BOOKING_CREATED', payload);
	}
	return body;
}

const postSigned = (url: string, body: string) =>
	request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-cal-signature-256': calcomSignature(body, secrets.calcom) } });

beforeAll(async () => {
	stack = await startStack({ secrets });
	fs.copyFileSync(path.join(__dirname, '..', '..', 'fixtures', 'probe-mu-plugin.php'), path.join(stack.site.dir, 'wp-content', 'mu-plugins', 'probe.php'));
	const database = path.join(stack.site.dir, 'wp-content', 'database');
	fs.mkdirSync(database, { recursive: true });
	for (const name of ['.ht.sqlite', '.ht.sqlite-wal', '.ht.sqlite-shm', 'backup.sqlite']) fs.writeFileSync(path.join(database, name), `SQLite format 3\0${CANARY}`);
	fs.writeFileSync(path.join(stack.site.dir, 'wp-content', 'debug.log'), CANARY);
	fs.writeFileSync(path.join(stack.site.dir, 'wp-content', 'uploads', 'dump.sql'), CANARY);
	fs.writeFileSync(path.join(stack.site.dir, 'credentials.json'), JSON.stringify({ canary: CANARY }));
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
});

afterAll(async () => {
	await stack?.stop();
});

test(`${TEST_STACK} serves WordPress through PHP-FPM with opcache on, with deploy/${TEST_STACK}.conf as docs/production.md shows it (only port, document root and FPM socket replaced)`, async () => {
	expect(['nginx', 'apache']).toContain(TEST_STACK);
	const seen = await probe();
	expect(seen).toMatchObject({ sapi: 'fpm-fcgi', opcache: true, post_max_size: '8M' });
	expect(seen.server_software).toMatch(TEST_STACK === 'nginx' ? /^nginx\// : /^Apache/);
	const used = fs.readFileSync(path.join(stack.site.dir, 'server', TEST_STACK === 'nginx' ? 'solar-capture.conf' : 'solar-capture-vhost.conf'), 'utf8');
	const l = servers.layout(stack.site);
	const back = used
		.split(`unix:${l.fpmSocket}`).join(servers.PRODUCTION.fpmSocket(servers.phpVersion()))
		.split(l.docroot).join(servers.PRODUCTION.docroot)
		.replace(`listen 127.0.0.1:${stack.site.port};`, 'listen 80;')
		.replace(`<VirtualHost 127.0.0.1:${stack.site.port}>`, '<VirtualHost *:80>');
	expect(back).toBe(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'deploy', `${TEST_STACK}.conf`), 'utf8'));
});

describe('the Authorization header reaches PHP', () => {
	test('a generic delivery authenticated only by "Authorization: Bearer <secret>" is applied; a wrong bearer is refused', async () => {
		const body = JSON.stringify({ customer_email: 'bearer.generic@example.org', customer_name: 'Bea Rer', start_time: future(5), duration_minutes: 30, external_id: `ext-${CANARY}`, source: 'acuity', status: 'booked' });
		const url = `${stack.site.webhookUrl}?provider=generic`;
		const ok = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.generic}` } });
		expect([ok.status, ok.json?.status]).toEqual([200, 'applied']);
		const wrong = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-secret' } });
		expect(wrong.status).toBe(401);
		expect((await probe({ authorization: 'Bearer abc123' })).authorization).toBe('Bearer abc123');
	});

	test('so does Orufy’s', async () => {
		const body = orufy('BOOK', { id: `oru-${CANARY}`, email: 'bearer.orufy@example.org', name: 'Oru Fy', start: future(6) });
		const ok = await request(`${stack.site.webhookUrl}?provider=orufy`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.orufy}` } });
		expect([ok.status, ok.json?.status]).toEqual([200, 'applied']);
	});
});

describe('pretty permalinks and ?rest_route=', () => {
	test('a post’s pretty permalink and /wp-json/ are WordPress’s', async () => {
		const post = await request(`${stack.site.url}/hello-world/`);
		expect(post.status).toBe(200);
		expect(post.text).toContain('Hello world!');
		const index = await request(`${stack.site.url}/wp-json/`);
		expect([index.status, index.json?.url]).toEqual([200, stack.site.url]);
	});

	test('?rest_route= reaches the same REST API, the webhook route included', async () => {
		const index = await request(`${stack.site.url}/?rest_route=/`);
		expect([index.status, index.json?.url]).toEqual([200, stack.site.url]);
		const hook = await postSigned(`${stack.site.url}/?rest_route=/solar-capture/v1/calcom-webhook`, signedBooking('rest.route@example.org'));
		expect([hook.status, hook.json?.status]).toEqual([200, 'applied']);
	});
});

describe('request bodies', () => {
	test('a signed delivery of exactly 1 MB is applied', async () => {
		const body = signedBooking('one.megabyte@example.org', ONE_MB);
		expect(Buffer.byteLength(body)).toBe(ONE_MB);
		const response = await postSigned(stack.site.webhookUrl, body);
		expect([response.status, response.json?.status]).toEqual([200, 'applied']);
	});

	test.each([
		['1 MB and one byte', ONE_MB + 1],
		['5 MB', 5 * ONE_MB],
		['9 MB (over the web server’s own limit)', 9 * ONE_MB],
	])('%s gets the plugin’s 413 answer in JSON, not the server’s HTML page', async (_name, size) => {
		const body = signedBooking('too.big@example.org', size);
		const response = await postSigned(stack.site.webhookUrl, body);
		expect(response.status).toBe(413);
		expect(response.type).toMatch(/^application\/json/);
		expect(response.json).toMatchObject({ code: 'solar_capture_body_too_large', message: 'The request body is larger than 1 MB.' });
	});
});

describe('behind a TLS proxy', () => {
	test('X-Forwarded-Proto: https from the trusted proxy makes the webhook URL shown https://…; from anyone else it changes nothing', async () => {
		const viaProxy = await admin.rest('solar-capture/v1/integrations', { headers: { 'x-forwarded-proto': 'https' } });
		expect(viaProxy.status).toBe(200);
		const urls = viaProxy.json.providers.map((p: { webhook_url: string }) => p.webhook_url);
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) expect(url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${stack.site.port}/wp-json/solar-capture/v1/calcom-webhook`));
		const direct = await admin.rest('solar-capture/v1/integrations');
		for (const p of direct.json.providers) expect(p.webhook_url).toMatch(/^http:\/\//);
		// Someone who is not the proxy cannot claim HTTPS.
		const spoofed = await probe({ 'x-forwarded-proto': 'https' }, '127.0.0.2');
		expect(spoofed).toMatchObject({ is_ssl: false });
		expect(spoofed.rest_url).toMatch(/^http:\/\//);
	});

	test('X-Forwarded-For from the trusted proxy is the visitor’s address; from anyone else it is ignored', async () => {
		expect((await probe({ 'x-forwarded-for': '203.0.113.7' })).remote_addr).toBe('203.0.113.7');
		expect((await probe({ 'x-forwarded-for': '203.0.113.7' }, '127.0.0.2')).remote_addr).toBe('127.0.0.2');
	});
});

test('the SQLite database (and its -wal/-shm), dot-files, logs, dumps and the site’s own files are never served', async () => {
	const paths = [
		'/wp-content/database/.ht.sqlite',
		'/wp-content/database/.ht.sqlite-wal',
		'/wp-content/database/.ht.sqlite-shm',
		'/wp-content/database/backup.sqlite',
		'/wp-content/database/.ht.sqlite?download=1',
		'/wp-content/database//.ht.sqlite',
		'/wp-content/database/%2Eht.sqlite',
		'/wp-content/./database/.ht.sqlite',
		'/wp-content/plugins/../database/.ht.sqlite',
		'/site2/wp-content/database/.ht.sqlite',
		'/wp-content/debug.log',
		'/wp-content/uploads/dump.sql',
		'/.htaccess',
		'/credentials.json',
		'/../credentials.json',
		'/%2e%2e/credentials.json',
		'/..%2fcredentials.json',
		'/wp-content/../../credentials.json',
		'/wp-config.php',
		'/../wp-config.php',
	];
	const problems: string[] = [];
	for (const p of paths) {
		const response = await request(`${stack.site.url}${p}`);
		if (response.text.includes(CANARY) || response.text.includes('SQLite format 3') || response.text.includes('DB_PASSWORD')) problems.push(`${p}: served (${response.status})`);
		else if (/sqlite|\.log|\.sql|htaccess/.test(p) && ![403, 404, 400].includes(response.status)) problems.push(`${p}: HTTP ${response.status}`);
	}
	expect(problems).toEqual([]);
});
