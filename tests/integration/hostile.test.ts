// Requests a stranger can send, through the real public route: each gets a 4xx with a reason a site owner
// can act on (or a 2xx "ignored" where the provider's contract says so), never a 5xx, and nothing but the
// delivery log changes.
import fs from 'node:fs';
import path from 'node:path';
import { startStack, calcomSignature, Stack } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';

interface Case {
	name: string;
	body: string | Buffer;
	headers?: Record<string, string>;
	query?: string;
	/** Sign the body with the right secret (so the parser, not the signature check, must refuse it). */
	signed?: boolean;
	expect?: number[];
}

let stack: Stack;
let secret: string;

const counts = () =>
	stack.php<Record<string, number>>(`global $wpdb; $out = array();
foreach ( array( 'leads', 'bookings', 'events' ) as $t ) { $out[ $t ] = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_$t" ); }
return $out;`);

function withPayload(change: (payload: Record<string, any>) => void, trigger = 'BOOKING_CREATED'): string {
	const payload = bookingPayload();
	change(payload);
	return envelope(trigger, payload);
}

function cases(): Case[] {
	const list: Case[] = [];
	const valid = envelope('BOOKING_CREATED', bookingPayload());

	// Malformed and truncated JSON, correctly signed: 400.
	for (const at of [1, 2, 5, 10, 20, 40, 80, 120, 200, 400, 800, valid.length - 2, valid.length - 1]) {
		list.push({ name: `truncated at ${at}`, body: valid.slice(0, at), signed: true, expect: [400] });
	}
	for (const junk of ['', ' ', 'null', 'true', '42', '"text"', '[]', '[1,2,3]', '{', '}', '{"a":}', "{'single':'quotes'}", 'NaN', '{"triggerEvent":"BOOKING_CREATED",}', '\u0000\u0001\u0002', '<xml/>', 'triggerEvent=BOOKING_CREATED']) {
		list.push({ name: `not a JSON object: ${JSON.stringify(junk).slice(0, 30)}`, body: junk, signed: true, expect: [400, 422, 200] });
	}

	// Wrong types where the booking cannot be understood without the field: 4xx (or ignored for an unusable trigger).
	const wrong: unknown[] = [null, 42, true, 'text', [], {}, [1], { nested: { deeper: true } }];
	for (const value of wrong) {
		list.push({ name: `triggerEvent = ${JSON.stringify(value)}`, body: JSON.stringify({ triggerEvent: value, payload: bookingPayload() }), signed: true, expect: [200, 400, 422] });
		list.push({ name: `payload = ${JSON.stringify(value)}`, body: JSON.stringify({ triggerEvent: 'BOOKING_CREATED', payload: value }), signed: true, expect: [400, 422] });
		if (typeof value !== 'string') list.push({ name: `uid = ${JSON.stringify(value)}`, body: withPayload((p) => (p.uid = value)), signed: true, expect: [400, 422] });
		list.push({ name: `startTime = ${JSON.stringify(value)}`, body: withPayload((p) => (p.startTime = value)), signed: true, expect: [400, 422] });
		list.push({ name: `attendees = ${JSON.stringify(value)}`, body: withPayload((p) => { p.attendees = value; p.responses = {}; }), signed: true, expect: [400, 422] });
		list.push({ name: `attendees[0].email = ${JSON.stringify(value)}`, body: withPayload((p) => { p.attendees[0].email = value; p.responses.email = { value }; }), signed: true, expect: [400, 422] });
	}

	// Invalid e-mails and dates.
	for (const email of ['not-an-email', 'a@', '@b.org', 'two@@at.org', 'spa ce@example.org', 'line\nbreak@example.org', `${'x'.repeat(300)}@example.org`, '<script>alert(1)</script>', "' OR 1=1 --", 'a@b@c']) {
		list.push({ name: `e-mail ${JSON.stringify(email).slice(0, 30)}`, body: withPayload((p) => { p.attendees[0].email = email; p.responses.email = { value: email }; }), signed: true, expect: [422] });
	}
	for (const start of ['yesterday', '2026-13-45T99:99:99Z', '', '0', '2026-02-30T10:00:00', 'Tue, 01 Dec 2026 10:00:00', '9999999999999']) {
		list.push({ name: `startTime ${JSON.stringify(start)}`, body: withPayload((p) => (p.startTime = start)), signed: true, expect: [422] });
	}

	// Size: over the 1 MB limit (413), including 5 MB; deep nesting within the limit (4xx).
	list.push({ name: '5 MB body', body: Buffer.alloc(5 * 1024 * 1024, 'a'), signed: true, expect: [413] });
	list.push({ name: '1 MB + 1 byte', body: `{"triggerEvent":"BOOKING_CREATED","pad":"${'x'.repeat(1024 * 1024)}"}`, signed: true, expect: [413] });
	list.push({ name: '2 MB of JSON unsigned', body: JSON.stringify({ pad: 'y'.repeat(2 * 1024 * 1024) }), expect: [413] });
	for (const depth of [100, 1000, 10000, 100000]) {
		list.push({ name: `nested ${depth} deep`, body: `${'['.repeat(depth)}${']'.repeat(depth)}`, signed: true, expect: [400, 422] });
		list.push({ name: `nested objects ${depth} deep`, body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, signed: true, expect: [400, 422] });
	}
	list.push({ name: 'not UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), signed: true, expect: [400] });

	// Signatures: missing, wrong, malformed, stale secret, Cal.com's unsigned marker: 401.
	const sigs: Array<[string, (body: string) => string | undefined]> = [
		['missing', () => undefined],
		['empty', () => ''],
		['no-secret-provided', () => 'no-secret-provided'],
		['wrong secret', (b) => calcomSignature(b, 'wrong')],
		['an old secret', (b) => calcomSignature(b, `${secret}-old`)],
		['sha256= prefix', (b) => `sha256=${calcomSignature(b, secret)}`],
		['base64', (b) => Buffer.from(calcomSignature(b, secret), 'hex').toString('base64')],
		['truncated', (b) => calcomSignature(b, secret).slice(0, 63)],
		['one more char', (b) => `${calcomSignature(b, secret)}0`],
		['sha1 length', (b) => calcomSignature(b, secret).slice(0, 40)],
		['not hex', () => 'z'.repeat(64)],
		['a space inside', (b) => { const s = calcomSignature(b, secret); return `${s.slice(0, 32)} ${s.slice(32)}`; }],
		['two values', (b) => `${calcomSignature(b, 'wrong')}, ${calcomSignature(b, 'x')}`],
		['signature of another body', () => calcomSignature('{}', secret)],
		['signature of the body plus a newline', (b) => calcomSignature(`${b}\n`, secret)],
		['a huge header', () => 'a'.repeat(6000)],
		['unicode', () => 'ünïcödé'],
		['null byte', () => 'abc\u0000def'.replace('\u0000', '%00')],
	];
	for (const [name, make] of sigs) {
		const body = envelope('BOOKING_CREATED', bookingPayload());
		const signature = make(body);
		list.push({ name: `signature: ${name}`, body, headers: signature === undefined ? {} : { 'x-cal-signature-256': signature }, expect: [401] });
	}
	// Changed after signing, a byte at a time in different places.
	for (const at of [0, 10, 50, 100, 300, -2]) {
		const body = envelope('BOOKING_CREATED', bookingPayload());
		const signature = calcomSignature(body, secret);
		const i = at < 0 ? body.length + at : at;
		const tampered = body.slice(0, i) + (body[i] === 'x' ? 'y' : 'x') + body.slice(i + 1);
		list.push({ name: `tampered at byte ${at}`, body: tampered, headers: { 'x-cal-signature-256': signature }, expect: [401] });
	}

	// Form-encoded bodies (Cal.com sends non-JSON custom templates this way): unsigned 401, signed without an e-mail 4xx or ignored.
	for (const form of ['triggerEvent=BOOKING_CREATED&email=', 'a=1&b=2', 'name=<script>&x=%ZZ', '']) {
		list.push({ name: `form-encoded unsigned: ${form || '(empty)'}`, body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, expect: [401] });
		list.push({ name: `form-encoded signed: ${form || '(empty)'}`, body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signed: true, expect: [200, 400, 422] });
	}

	// Script and SQL in fields of an otherwise unsigned delivery: 401 before anything is read.
	for (const evil of ["Robert'); DROP TABLE wp_solar_leads;--", '<img src=x onerror=alert(1)>', '${jndi:ldap://x}', '../../etc/passwd', '%00', '\u202e', '"; --']) {
		list.push({ name: `unsigned with ${JSON.stringify(evil).slice(0, 30)}`, body: withPayload((p) => { p.attendees[0].name = evil; p.title = evil; }), expect: [401] });
	}

	// Unknown providers and provider tricks: 404.
	for (const query of ['provider=nope', 'provider=CALCOM', 'provider=calcom%00', 'provider[]=calcom', 'provider=../calcom', 'provider=calcom%20', `provider=${'p'.repeat(500)}`]) {
		list.push({ name: `?${query.slice(0, 40)}`, body: valid, query, signed: true, expect: [404, 400] });
	}
	return list;
}

// Test settings (not part of Solar Capture): the flood limits read from options, so that the
// hostile-input test above can send its 150 refused deliveries from one address, and the flood test
// below can use the defaults; 127.0.0.1 as a trusted proxy so that X-Forwarded-For names the sender.
const MU_PLUGIN = `<?php
add_filter( 'solar_capture_webhook_rejected_limit', function ( $limit ) { $test = (int) get_option( 'sc_test_rejected_limit', 0 ); return $test > 0 ? $test : $limit; } );
add_filter( 'solar_capture_queue_max_bytes', function ( $max ) { $test = (int) get_option( 'sc_test_queue_max_bytes', 0 ); return $test > 0 ? $test : $max; } );
add_filter( 'solar_capture_trusted_proxies', function ( $proxies ) { return array_merge( (array) $proxies, array( '127.0.0.1', '::1' ) ); } );
`;

beforeAll(async () => {
	stack = await startStack();
	secret = stack.site.secrets.calcom;
	fs.writeFileSync(path.join(stack.site.dir, 'wp-content', 'mu-plugins', 'solar-capture-test-flood.php'), MU_PLUGIN);
	await stack.php(`update_option( 'sc_test_rejected_limit', 100000 ); return true;`);
});

afterAll(async () => {
	await stack?.stop();
});

test('at least 150 hostile requests each get a clear 4xx (or 2xx ignored), never a 5xx, and change nothing but the delivery log', async () => {
	const before = await counts();
	const list = cases();
	expect(list.length).toBeGreaterThanOrEqual(150);
	const problems: string[] = [];
	for (const c of list) {
		const headers: Record<string, string> = { 'content-type': 'application/json', ...(c.headers || {}) };
		if (c.signed) headers['x-cal-signature-256'] = calcomSignature(c.body, secret);
		const url = c.query ? `${stack.site.webhookUrl}?${c.query}` : stack.site.webhookUrl;
		const response = await fetch(url, { method: 'POST', headers, body: c.body as BodyInit, redirect: 'manual' });
		const text = await response.text();
		let json: any = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* reported below */
		}
		const allowed = c.expect ?? [400, 401, 404, 413, 422];
		if (!allowed.includes(response.status)) problems.push(`${c.name}: HTTP ${response.status} (wanted ${allowed.join('/')}) ${text.slice(0, 160)}`);
		else if (!json || typeof json.message !== 'string' || json.message.length < 8) problems.push(`${c.name}: no clear message in ${text.slice(0, 160)}`);
		else if (response.status === 200 && json.status !== 'ignored') problems.push(`${c.name}: 200 but ${json.status}`);
	}
	expect(problems).toEqual([]);
	expect(await counts()).toEqual(before);
});

test('script and SQL in a correctly signed booking are stored as plain text and break nothing', async () => {
	const evil = `Robert'); DROP TABLE wp_solar_leads;-- <script>alert(1)</script>`;
	const body = withPayload((p) => {
		p.attendees[0].name = evil;
		p.attendees[0].email = 'bobby.tables@example.org';
		p.responses = {};
	});
	const response = await fetch(stack.site.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cal-signature-256': calcomSignature(body, secret) }, body });
	expect(response.status).toBe(200);
	const name = await stack.php<string>(`global $wpdb; return $wpdb->get_var( "SELECT name FROM {$wpdb->prefix}solar_leads WHERE email_normalized = 'bobby.tables@example.org'" );`);
	expect(name).toBe(evil);
});

describe('floods', () => {
	const deliveries = () => stack.php<number>(`global $wpdb; return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_deliveries" );`);
	const send = async (from: string, signed: boolean) => {
		const body = envelope('BOOKING_CREATED', bookingPayload());
		const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': from };
		if (signed) headers['x-cal-signature-256'] = calcomSignature(body, secret);
		const response = await fetch(stack.site.webhookUrl, { method: 'POST', headers, body });
		return { status: response.status, json: (await response.json()) as { code?: string; message?: string; status?: string } };
	};

	beforeAll(async () => {
		// The defaults from here on, and no counts left from the test above.
		await stack.php(`global $wpdb; delete_option( 'sc_test_rejected_limit' ); $wpdb->query( "DELETE FROM {$wpdb->prefix}solar_counters" ); return true;`);
	});

	test('after 30 refused deliveries in 10 minutes an address gets 429 and nothing is stored; the booking tool is unaffected', async () => {
		expect((await send('203.0.113.1', true)).status).toBe(200);
		for (let i = 0; i < 30; i++) expect((await send('198.51.100.7', false)).status).toBe(401);
		const stored = await deliveries();
		const refused = await send('198.51.100.7', false);
		expect(refused).toMatchObject({ status: 429, json: { code: 'solar_capture_too_many_rejected', message: expect.stringContaining('Nothing was stored') } });
		// Even signed, that address now waits (it proved it sends garbage); nothing stored either way.
		expect((await send('198.51.100.7', true)).status).toBe(429);
		expect(await deliveries()).toBe(stored);
		// The genuine sender, from its own address, is untouched.
		expect((await send('203.0.113.1', true)).status).toBe(200);
		expect(await deliveries()).toBe(stored + 1);
	});

	test('while waiting bodies exceed the queue cap, new deliveries get 503 unstored; Site Health says why', async () => {
		await stack.php(`update_option( 'sc_test_queue_max_bytes', 1000 ); return true;`);
		// A failed delivery the sidecar no longer retries, holding 2,000 bytes.
		const waiting = await stack.php<number>(`global $wpdb; $wpdb->insert( $wpdb->prefix . 'solar_deliveries', array( 'provider' => 'calcom', 'status' => 'failed', 'body' => str_repeat( 'x', 2000 ), 'attempts' => 99, 'received_at' => gmdate( 'Y-m-d H:i:s' ) ) ); return (int) $wpdb->insert_id;`);
		try {
			const stored = await deliveries();
			const full = await send('203.0.113.2', true);
			expect(full).toMatchObject({ status: 503, json: { code: 'solar_capture_queue_full', message: expect.stringContaining('nothing was stored') } });
			expect(await deliveries()).toBe(stored);
			const health = await stack.php<{ status: string; label: string; description: string }>(`return SolarCapture\\Plugin::instance()->site_health()->sidecar_test();`);
			expect(health.status).toBe('critical');
			expect(health.label).toContain('delivery queue is full');
			expect(health.description).toContain('SOLAR_CAPTURE_QUEUE_MAX_BYTES');
		} finally {
			await stack.php(`global $wpdb; $wpdb->delete( $wpdb->prefix . 'solar_deliveries', array( 'id' => ${waiting} ) ); delete_option( 'sc_test_queue_max_bytes' ); return true;`);
		}
		expect((await send('203.0.113.2', true)).status).toBe(200);
	});
});
