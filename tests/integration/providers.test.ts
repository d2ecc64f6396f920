// Calendly, Orufy and any other tool (generic) through the real route, and how secrets behave:
// rotation, a provider with no secret, unsigned testing mode, env: references, stale Calendly signatures.
import { createHash } from 'node:crypto';
import { startStack, WpSession, postCalcom, Stack } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';
import { calendlySignature, invitee, orufy, future } from '../fixtures/providers';

let stack: Stack;
let admin: WpSession;
const secrets = { calcom: 'whsec_calcom_test_1', calendly: 'calendly-signing-key-1', orufy: 'orufy-token-1', generic: 'generic-token-1' };

async function post(provider: string, body: string, headers: Record<string, string>, query = ''): Promise<{ status: number; json: any }> {
	const response = await fetch(`${stack.site.webhookUrl}?provider=${provider}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	const text = await response.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = { raw: text };
	}
	return { status: response.status, json };
}

const calendlyPost = (body: string, secret = secrets.calendly, t?: number) => post('calendly', body, { 'calendly-webhook-signature': calendlySignature(body, secret, t) });

async function lead(email: string): Promise<any> {
	const list = await admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent(email)}`);
	return list.json[0] ? (await admin.rest(`solar-capture/v1/leads/${list.json[0].id}`)).json : null;
}

const setProviders = (php: string) => stack.php(`$p = json_decode( get_option( 'solar_capture_providers' ), true ); ${php} update_option( 'solar_capture_providers', wp_json_encode( $p ) ); return true;`);
const settle = () => new Promise((r) => setTimeout(r, 1200)); // the sidecar caches settings for about a second

beforeAll(async () => {
	stack = await startStack({ secrets });
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
});

afterAll(async () => {
	await stack?.stop();
});

describe('Calendly', () => {
	test('invitee.created books the lead (e-mail matched case-insensitively); invitee.canceled cancels it', async () => {
		const i = { uri: 'https://api.calendly.com/scheduled_events/E1/invitees/I1', email: 'Priya.Shah@Example.org', start: future(4) };
		expect((await calendlyPost(invitee.created(i))).status).toBe(200);
		expect((await lead('priya.shah@example.org')).stage).toBe('booked');
		expect((await lead('priya.shah@example.org')).source).toBe('calendly');
		expect((await calendlyPost(invitee.canceled(i))).status).toBe(200);
		expect((await lead('priya.shah@example.org')).stage).toBe('cancelled');
	});

	for (const order of ['canceled first', 'created first']) {
		test(`a reschedule pair (${order}) ends booked on the new time, chained, never passing through Cancelled`, async () => {
			const email = `resched.${order.split(' ')[0]}@example.org`;
			const tag = order.split(' ')[0];
			const old = { uri: `https://api.calendly.com/scheduled_events/R-${tag}/invitees/OLD`, email, start: future(3) };
			const neu = { uri: `https://api.calendly.com/scheduled_events/R2-${tag}/invitees/NEW`, email, start: future(6) };
			expect((await calendlyPost(invitee.created(old))).status).toBe(200);
			const pair = [invitee.canceled(old, neu.uri), invitee.created(neu, old.uri)];
			if (order === 'created first') pair.reverse();
			for (const body of pair) expect((await calendlyPost(body)).status).toBe(200);
			const l = await lead(email);
			expect(l.stage).toBe('booked');
			expect(Date.parse(l.next_booking_at)).toBe(Date.parse(neu.start));
			const stages = l.events.filter((e: any) => e.type === 'stage_changed').map((e: any) => e.data.to);
			expect(stages).not.toContain('cancelled');
			const newBooking = l.bookings.find((b: any) => b.external_id === neu.uri);
			expect(newBooking.previous_external_id).toBe(old.uri);
		});
	}

	test('a no-show marks the lead No-show', async () => {
		const i = { uri: 'https://api.calendly.com/scheduled_events/N1/invitees/NS', email: 'calendly.noshow@example.org', start: future(-1) };
		await calendlyPost(invitee.created(i));
		expect((await calendlyPost(invitee.noShow(i))).status).toBe(200);
		expect((await lead('calendly.noshow@example.org')).stage).toBe('no_show');
	});

	test('a signature more than 3 minutes old is refused (401) with a reason', async () => {
		const i = { uri: 'https://api.calendly.com/scheduled_events/S1/invitees/OLD', email: 'stale@example.org', start: future(4) };
		const response = await calendlyPost(invitee.created(i), secrets.calendly, Math.floor(Date.now() / 1000) - 200);
		expect(response.status).toBe(401);
		expect(response.json.message).toMatch(/minute|old|clock/i);
		expect(await lead('stale@example.org')).toBeNull();
	});
});

describe('Orufy', () => {
	const meet = { id: '66a1f0c2e4b0a1b2c3d4e5f6', email: 'Tom.Baker@Example.net', start: future(5) };

	test('BOOK books the lead, with the secret as Bearer, X-Webhook-Secret or ?token=', async () => {
		expect((await post('orufy', orufy('BOOK', meet), { authorization: `Bearer ${secrets.orufy}` })).status).toBe(200);
		expect((await lead('tom.baker@example.net')).stage).toBe('booked');
		const second = { ...meet, id: '66a1f0c2e4b0a1b2c3d4e5f7', start: future(7) };
		expect((await post('orufy', orufy('BOOK', second), { 'x-webhook-secret': secrets.orufy })).status).toBe(200);
		const third = { ...meet, id: '66a1f0c2e4b0a1b2c3d4e5f8', start: future(8) };
		expect((await post('orufy', orufy('BOOK', third), {}, `&token=${secrets.orufy}`)).status).toBe(200);
		expect((await lead('tom.baker@example.net')).bookings).toHaveLength(3);
		expect((await post('orufy', orufy('BOOK', meet), { authorization: 'Bearer wrong' })).status).toBe(401);

		// The token reached the database in none of the three ways: only its SHA-256 rests there.
		const rows = await stack.php<Array<{ headers: string | null }>>(`global $wpdb; return $wpdb->get_results( "SELECT headers FROM {$wpdb->prefix}solar_deliveries WHERE provider = 'orufy' ORDER BY id", ARRAY_A );`);
		const print = `sha256:${createHash('sha256').update(secrets.orufy).digest('hex')}`;
		const stored = rows.map((row) => JSON.parse(row.headers ?? '{}'));
		expect(stored.slice(0, 3)).toEqual([
			expect.objectContaining({ authorization: `Bearer ${print}` }),
			expect.objectContaining({ 'x-webhook-secret': print }),
			expect.objectContaining({ 'query:token': print }),
		]);
		expect(JSON.stringify(rows)).not.toContain(secrets.orufy);
	});

	test('RESCHEDULE links the new meeting to prevMeetId; CANCEL of the last one cancels the lead', async () => {
		const email = 'orufy.flow@example.net';
		const first = { id: 'aaaaaaaaaaaaaaaaaaaaaaa1', email, start: future(3) };
		const moved = { id: 'aaaaaaaaaaaaaaaaaaaaaaa2', email, start: future(9) };
		const auth = { authorization: `Bearer ${secrets.orufy}` };
		await post('orufy', orufy('BOOK', first), auth);
		expect((await post('orufy', orufy('RESCHEDULE', moved, { prevMeetId: first.id, reschedule: { time: new Date().toISOString(), reason: 'Working late', rescheduledBy: 'attendee', newMeetId: moved.id } }), auth)).status).toBe(200);
		let l = await lead(email);
		expect(l.stage).toBe('booked');
		expect(l.bookings.find((b: any) => b.external_id === moved.id).previous_external_id).toBe(first.id);
		expect(Date.parse(l.next_booking_at)).toBe(Date.parse(moved.start));
		expect((await post('orufy', orufy('CANCEL', moved, { cancellation: { time: new Date().toISOString(), reason: 'Went with a competitor', cancelledBy: 'attendee' } }), auth)).status).toBe(200);
		l = await lead(email);
		expect(l.stage).toBe('cancelled');
	});
});

describe('Any other tool (generic)', () => {
	const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ customer_email: 'Lena.Fischer@Example.de', customer_name: 'Lena Fischer', start_time: future(6).replace('Z', '+00:00'), duration_minutes: 60, appointment_type: 'Home solar survey', external_id: '118822', source: 'acuity', status: 'booked', ...extra });

	test('answers {lead_id, booking_id, created}; a retry returns the same ids with created: false', async () => {
		const first = await post('generic', body(), { authorization: `Bearer ${secrets.generic}` });
		expect(first.status).toBe(200);
		expect(first.json).toMatchObject({ lead_id: expect.any(Number), booking_id: expect.any(Number), created: true });
		const retry = await post('generic', body(), {}, `&token=${secrets.generic}`);
		expect(retry.status).toBe(200);
		expect(retry.json).toMatchObject({ lead_id: first.json.lead_id, booking_id: first.json.booking_id, created: false });
		expect((await lead('lena.fischer@example.de')).stage).toBe('booked');
	});

	test('aliases are accepted, only the e-mail is required, and a cancellation cancels', async () => {
		const alias = JSON.stringify({ email: 'alias.user@example.org', name: 'Alias User', startTime: future(4), externalId: 'zap-77', type: 'Survey' });
		expect((await post('generic', alias, { authorization: `Bearer ${secrets.generic}` })).status).toBe(200);
		expect((await lead('alias.user@example.org')).name).toBe('Alias User');
		const noEmail = JSON.stringify({ name: 'Nobody', external_id: 'x1' });
		const refused = await post('generic', noEmail, { authorization: `Bearer ${secrets.generic}` });
		expect(refused.status).toBe(422);
		expect(refused.json.message).toMatch(/e-?mail/i);
		const cancel = JSON.stringify({ email: 'alias.user@example.org', externalId: 'zap-77', status: 'cancelled', startTime: future(4) });
		expect((await post('generic', cancel, { authorization: `Bearer ${secrets.generic}` })).status).toBe(200);
		expect((await lead('alias.user@example.org')).stage).toBe('cancelled');
	});
});

describe('secrets', () => {
	test('a rotated-out Cal.com secret keeps working (for 24 hours) beside the new one', async () => {
		const rotated = await admin.rest('solar-capture/v1/integrations/calcom/secret', { method: 'POST', body: {} });
		expect(rotated.status).toBe(200);
		const fresh = rotated.json.secret;
		expect(fresh).toEqual(expect.any(String));
		expect(fresh).not.toBe(secrets.calcom);
		await settle();
		expect((await postCalcom(stack.site, bookingCreated().body, fresh)).status).toBe(200);
		expect((await postCalcom(stack.site, bookingCreated().body, secrets.calcom)).status).toBe(200);
		expect((await postCalcom(stack.site, bookingCreated().body, 'never-the-secret')).status).toBe(401);
		// The secret is never echoed back after it was set.
		const cards = JSON.stringify((await admin.rest('solar-capture/v1/integrations')).json);
		expect(cards).not.toContain(fresh);
		expect(cards).not.toContain(secrets.calcom);
		// Once the 24 hours are over, the old one is refused.
		await setProviders(`$p['calcom']['previous_secret_expires'] = gmdate( 'Y-m-d H:i:s', time() - 60 );`);
		await settle();
		expect((await postCalcom(stack.site, bookingCreated().body, secrets.calcom)).status).toBe(401);
	});

	test('rotating after a leak (keep_previous: false): the old secret stops at once', async () => {
		const planned = await admin.rest('solar-capture/v1/integrations/calcom/secret', { method: 'POST', body: {} });
		const leaked = await admin.rest('solar-capture/v1/integrations/calcom/secret', { method: 'POST', body: { keep_previous: false } });
		expect(leaked.status).toBe(200);
		expect(leaked.json.provider.previous_secret_expires).toBeNull();
		await settle();
		expect((await postCalcom(stack.site, bookingCreated().body, planned.json.secret)).status).toBe(401);
		expect((await postCalcom(stack.site, bookingCreated().body, leaked.json.secret)).status).toBe(200);
	});

	test('a provider with no secret answers 404 "not enabled", unless unsigned deliveries are accepted (testing only, for 24 hours)', async () => {
		await setProviders(`$p['generic']['secret'] = ''; $p['generic']['accept_unsigned'] = false;`);
		await settle();
		const unsigned = (id: string) => JSON.stringify({ email: 'unsigned@example.org', external_id: id, start_time: future(3) });
		const refused = await post('generic', unsigned('u-1'), {});
		expect(refused.status).toBe(404);
		expect(refused.json.message).toMatch(/not enabled|enable/i);
		const card = async () => (await admin.rest('solar-capture/v1/integrations')).json.providers.find((p: any) => p.id === 'generic');

		// Ticked on the card: on for 24 hours from now, and said so on every wp-admin screen.
		const on = await admin.rest('solar-capture/v1/integrations/generic', { method: 'POST', body: { accept_unsigned: true } });
		expect(on.status).toBe(200);
		expect(on.json.accept_unsigned).toBe(true);
		const until = Date.parse(on.json.accept_unsigned_until);
		expect(Math.abs(until - (Date.now() + 24 * 3600 * 1000))).toBeLessThan(5 * 60 * 1000);
		await settle();
		const accepted = await post('generic', unsigned('u-2'), {});
		expect(accepted.status).toBe(200);
		const log = (await admin.rest('solar-capture/v1/deliveries?per_page=5')).json;
		expect(log.find((d: any) => d.id === accepted.json.delivery_id)).toMatchObject({ status: 'applied', unsigned: true });
		expect(log.find((d: any) => d.id === refused.json.delivery_id)?.unsigned ?? false).toBe(false);
		const dashboard = await admin.page('wp-admin/index.php');
		expect(dashboard.text).toContain('solar-capture-unsigned-notice');
		expect(dashboard.text).toContain('Solar Capture accepts unsigned booking deliveries');

		// 24 hours later (as if ticked yesterday): off by itself, on the card, at the sidecar, in wp-admin.
		await setProviders(`$p['generic']['accept_unsigned_until'] = gmdate( 'Y-m-d H:i:s', time() - 60 );`);
		await settle();
		const expired = await post('generic', unsigned('u-3'), {});
		expect(expired.status).toBe(404);
		expect(expired.json.message).toMatch(/not enabled/);
		expect(await card()).toMatchObject({ accept_unsigned: false, accept_unsigned_until: null });
		expect((await admin.page('wp-admin/index.php')).text).not.toContain('solar-capture-unsigned-notice');

		// "Remove secret" never leaves it on: ticked again, then the secret removed.
		await admin.rest('solar-capture/v1/integrations/generic', { method: 'POST', body: { accept_unsigned: true } });
		const removed = await admin.rest('solar-capture/v1/integrations/generic', { method: 'POST', body: { remove_secret: true } });
		expect(removed.json).toMatchObject({ accept_unsigned: false, accept_unsigned_until: null });
		await settle();
		expect((await post('generic', unsigned('u-4'), {})).status).toBe(404);
	});

	test('an env:NAME secret is read from the sidecar\'s environment', async () => {
		await setProviders(`$p['orufy']['secret'] = 'env:SC_ORUFY_WEBHOOK_SECRET';`);
		await stack.stopSidecar();
		await stack.startSidecar({ SC_ORUFY_WEBHOOK_SECRET: 'token-from-the-environment' });
		const meet = { id: 'eeeeeeeeeeeeeeeeeeeeeee1', email: 'env.secret@example.net', start: future(5) };
		expect((await post('orufy', orufy('BOOK', meet), { authorization: 'Bearer token-from-the-environment' })).status).toBe(200);
		expect((await post('orufy', orufy('BOOK', { ...meet, id: 'eeeeeeeeeeeeeeeeeeeeeee2' }), { authorization: `Bearer ${secrets.orufy}` })).status).toBe(401);
		const card = (await admin.rest('solar-capture/v1/integrations')).json.providers.find((p: any) => p.id === 'orufy');
		expect(card.secret_source).toBe('env');
	});
});
