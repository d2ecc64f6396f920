// The walking skeleton end to end: a signed Cal.com booking through the real route, the real sidecar and
// the real SQLite file, read back through the admin REST API; then the bad inputs, a duplicate, and a
// delivery made while the sidecar was down.
import { startStack, postCalcom, WpSession, waitUntil, calcomSignature, Stack } from '../helpers/stack';
import { bookingCreated, bookingPayload, envelope } from '../fixtures/calcom';

let stack: Stack;
let admin: WpSession;
let secret: string;

async function leadCount(): Promise<number> {
	const response = await admin.rest('solar-capture/v1/leads?per_page=1');
	return Number(response.headers.get('x-wp-total'));
}

async function bookingCount(): Promise<number> {
	return stack.php<number>(`global $wpdb; return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_bookings" );`);
}

beforeAll(async () => {
	stack = await startStack();
	secret = stack.site.secrets.calcom;
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
});

afterAll(async () => {
	await stack?.stop();
});

describe('a signed Cal.com BOOKING_CREATED', () => {
	const delivery = bookingCreated({ email: '  Jamie.Rivera@Example.ORG ', name: 'Jamie Rivera' });

	test('is applied and answered 200', async () => {
		const response = await postCalcom(stack.site, delivery.body, secret);
		expect(response.status).toBe(200);
		expect(response.json.status).toBe('applied');
		expect(response.json.lead_id).toEqual(expect.any(Number));
		expect(response.json.booking_id).toEqual(expect.any(Number));
	});

	test('makes the attendee a Booked lead, readable through the admin REST API', async () => {
		const list = await admin.rest('solar-capture/v1/leads?search=jamie.rivera');
		expect(list.status).toBe(200);
		expect(list.headers.get('x-wp-total')).toBe('1');
		const [lead] = list.json;
		expect(lead).toMatchObject({ name: 'Jamie Rivera', stage: 'booked', source: 'calcom' });
		expect(lead.email.trim().toLowerCase()).toBe('jamie.rivera@example.org');
		expect(Number.isNaN(Date.parse(lead.created_at))).toBe(false);

		const one = await admin.rest(`solar-capture/v1/leads/${lead.id}`);
		expect(one.status).toBe(200);
		expect(one.json.bookings).toHaveLength(1);
		expect(one.json.bookings[0]).toMatchObject({ provider: 'calcom', external_id: delivery.uid });
		const types = one.json.events.map((e: { type: string }) => e.type);
		expect(types).toEqual(expect.arrayContaining(['booking_created', 'stage_changed']));
	});

	test('delivered again, it changes nothing and answers 200', async () => {
		const leadsBefore = await leadCount();
		const bookingsBefore = await bookingCount();
		const response = await postCalcom(stack.site, delivery.body, secret);
		expect(response.status).toBe(200);
		expect(response.json.status).toBe('duplicate');
		expect(await leadCount()).toBe(leadsBefore);
		expect(await bookingCount()).toBe(bookingsBefore);
	});
});

describe('bad input gets a clear 4xx and writes no lead', () => {
	let before: number;
	beforeAll(async () => {
		before = await leadCount();
	});
	afterAll(async () => {
		expect(await leadCount()).toBe(before);
	});

	test('no signature: 401', async () => {
		const response = await postCalcom(stack.site, bookingCreated().body, null);
		expect(response.status).toBe(401);
		expect(response.json.message).toMatch(/signature/i);
	});

	test('a wrong secret: 401', async () => {
		expect((await postCalcom(stack.site, bookingCreated().body, 'not-the-secret')).status).toBe(401);
	});

	test('a body changed after signing: 401', async () => {
		const { body } = bookingCreated();
		const signature = calcomSignature(body, secret);
		const tampered = body.replace('Jamie', 'Jamia');
		const response = await fetch(stack.site.webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-cal-signature-256': signature },
			body: tampered,
		});
		expect(response.status).toBe(401);
	});

	test('"no-secret-provided" while a secret is set: 401', async () => {
		const response = await postCalcom(stack.site, bookingCreated().body, null, { 'x-cal-signature-256': 'no-secret-provided' });
		expect(response.status).toBe(401);
	});

	test('a rejected delivery keeps no body in the log', async () => {
		const rows = await stack.php<Array<{ status: string; body: string | null }>>(
			`global $wpdb; return $wpdb->get_results( "SELECT status, body FROM {$wpdb->prefix}solar_deliveries WHERE status = 'rejected'", ARRAY_A );`,
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row.body).toBeNull();
	});

	test('not JSON: 400 with a reason', async () => {
		const response = await postCalcom(stack.site, '{"triggerEvent": "BOOKING_CREATED", "payload": ', secret);
		expect(response.status).toBe(400);
		expect(response.json.message).toMatch(/json/i);
	});

	test('no attendee e-mail: 4xx with a reason', async () => {
		const payload = bookingPayload();
		(payload.attendees as Array<{ email: string }>)[0].email = '';
		(payload.responses as Record<string, unknown>).email = { label: 'email_address', value: '' };
		const response = await postCalcom(stack.site, envelope('BOOKING_CREATED', payload), secret);
		expect([400, 422]).toContain(response.status);
		expect(response.json.message).toMatch(/e-?mail/i);
	});

	test('a body over 1 MB: 413', async () => {
		const huge = JSON.stringify({ triggerEvent: 'BOOKING_CREATED', payload: { pad: 'x'.repeat(1024 * 1024 + 10) } });
		const response = await postCalcom(stack.site, huge, secret);
		expect(response.status).toBe(413);
	});

	test('an unknown provider: 404', async () => {
		const response = await fetch(`${stack.site.webhookUrl}?provider=nope`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(404);
	});
});

describe('the leads routes are for administrators only', () => {
	test('anonymous: 401', async () => {
		const response = await fetch(`${stack.site.url}/wp-json/solar-capture/v1/leads`);
		expect(response.status).toBe(401);
	});

	test('a subscriber: 403', async () => {
		await stack.php(`return wp_insert_user( array( 'user_login' => 'sub', 'user_pass' => 'sub-password-1', 'user_email' => 'sub@example.org', 'role' => 'subscriber' ) );`);
		const subscriber = await new WpSession(stack.site).login('sub', 'sub-password-1');
		expect((await subscriber.rest('solar-capture/v1/leads')).status).toBe(403);
		expect((await subscriber.rest('solar-capture/v1/leads/1')).status).toBe(403);
	});
});

describe('while the sidecar is down', () => {
	test('a delivery is answered 202 and applied once the sidecar is back', async () => {
		await stack.stopSidecar();
		const delivery = bookingCreated({ email: 'while.down@example.org', name: 'Dana Down' });
		const response = await postCalcom(stack.site, delivery.body, secret);
		expect(response.status).toBe(202);
		expect((await admin.rest('solar-capture/v1/leads?search=while.down')).json).toHaveLength(0);

		await stack.startSidecar();
		const lead = await waitUntil(async () => {
			const list = await admin.rest('solar-capture/v1/leads?search=while.down');
			return list.json[0]?.stage === 'booked' ? list.json[0] : null;
		});
		expect(lead.name).toBe('Dana Down');
		expect(await stack.php<number>(`global $wpdb; return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_bookings b JOIN {$wpdb->prefix}solar_leads l ON l.id = b.lead_id WHERE l.email_normalized = 'while.down@example.org'" );`)).toBe(1);
	});
});
