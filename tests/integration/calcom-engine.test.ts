// Cal.com's booking events through the real route: end states, exactly once, concurrency and arrival order.
import { startStack, postCalcom, WpSession, Stack } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';

let stack: Stack;
let admin: WpSession;
let secret: string;

const day = 86400000;
const at = (days: number, hour = 10) => new Date(Math.floor(Date.now() / day) * day + days * day + hour * 3600000).toISOString().replace('.000Z', 'Z');
const send = (trigger: string, payload: Record<string, unknown>) => postCalcom(stack.site, envelope(trigger, payload), secret);

async function leadByEmail(email: string): Promise<any> {
	const list = await admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent(email)}`);
	if (!list.json[0]) return null;
	return (await admin.rest(`solar-capture/v1/leads/${list.json[0].id}`)).json;
}

const bookingOf = (lead: any, uid: string) => lead.bookings.find((b: any) => b.external_id === uid);

function created(email: string, uid: string, start: string): Record<string, unknown> {
	return bookingPayload({ email, uid, start, name: 'Sam Sun' });
}

function rescheduled(email: string, newUid: string, oldUid: string, start: string): Record<string, unknown> {
	return { ...created(email, newUid, start), rescheduleUid: oldUid, rescheduleId: 1, rescheduleStartTime: at(3), rescheduledBy: email };
}

function cancelled(email: string, uid: string, start: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { ...created(email, uid, start), status: 'CANCELLED', cancellationReason: 'Changed my mind', cancelledBy: email, ...extra };
}

beforeAll(async () => {
	stack = await startStack();
	secret = stack.site.secrets.calcom;
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
});

afterAll(async () => {
	await stack?.stop();
});

test('PING and unknown triggers are answered 200 as ignored and create nothing', async () => {
	const ping = await postCalcom(stack.site, JSON.stringify({ triggerEvent: 'PING', createdAt: new Date().toISOString(), payload: { ...bookingPayload({ email: 'jdoe@example.com' }) } }), secret);
	expect(ping.status).toBe(200);
	expect(ping.json.status).toBe('ignored');
	const unknown = await send('SOMETHING_NEW_IN_2027', bookingPayload({ email: 'new.trigger@example.org' }));
	expect(unknown.status).toBe(200);
	expect(unknown.json.status).toBe('ignored');
	expect(await leadByEmail('jdoe@example.com')).toBeNull();
	expect(await leadByEmail('new.trigger@example.org')).toBeNull();
});

test('a booking made with another e-mail through a quote request\'s link books that lead (the request\'s token)', async () => {
	// The quote form gives the visitor a link with a token made for that request (solar_lead_tokens):
	// the sidecar reads that table too, also as the production stacks' least-privileged database user.
	const quoted = await stack.php<{ lead_id: number; booking_token: string }>(`add_filter( 'pre_wp_mail', '__return_true' ); $r = SolarCapture\\Plugin::instance()->lead_capture()->submit( array( 'email' => 'quoted@example.org', 'name' => 'Quinn Quote', 'consent' => 'Yes' ) ); return array( 'lead_id' => $r['lead_id'], 'booking_token' => $r['booking_token'] );`);
	expect(quoted.booking_token).toMatch(/^[0-9a-f]{32}$/);
	const booked = await send('BOOKING_CREATED', bookingPayload({ email: 'quinn.other@example.net', uid: 'tok-1', start: at(4), leadToken: quoted.booking_token }));
	expect(booked.status).toBe(200);
	expect(booked.json).toMatchObject({ status: 'applied', lead_id: quoted.lead_id });
	expect((await leadByEmail('quoted@example.org')).stage).toBe('booked');
	expect(await leadByEmail('quinn.other@example.net')).toBeNull();
});

test('a reschedule links the new booking to the old one, moves the next booking time and keeps Booked', async () => {
	const email = 'resched@example.org';
	expect((await send('BOOKING_CREATED', created(email, 'rs-old', at(3)))).status).toBe(200);
	expect((await send('BOOKING_RESCHEDULED', rescheduled(email, 'rs-new', 'rs-old', at(5)))).status).toBe(200);
	const lead = await leadByEmail(email);
	expect(lead.stage).toBe('booked');
	expect(bookingOf(lead, 'rs-new').previous_external_id).toBe('rs-old');
	expect(bookingOf(lead, 'rs-old').status).toBe('rescheduled');
	expect(Date.parse(lead.next_booking_at)).toBe(Date.parse(at(5)));
});

test('a reschedule that arrives before its original booking ends in the same state', async () => {
	const email = 'resched.first@example.org';
	expect((await send('BOOKING_RESCHEDULED', rescheduled(email, 'rf-new', 'rf-old', at(5)))).status).toBe(200);
	expect((await send('BOOKING_CREATED', created(email, 'rf-old', at(3)))).status).toBe(200);
	const lead = await leadByEmail(email);
	expect(lead.stage).toBe('booked');
	expect(bookingOf(lead, 'rf-new').previous_external_id).toBe('rf-old');
	expect(bookingOf(lead, 'rf-old').status).toBe('rescheduled');
	expect(Date.parse(lead.next_booking_at)).toBe(Date.parse(at(5)));
});

test('a cancellation moves the lead to Cancelled, in either order', async () => {
	for (const [email, uid, order] of [
		['cancel.after@example.org', 'c-after', ['BOOKING_CREATED', 'BOOKING_CANCELLED']],
		['cancel.before@example.org', 'c-before', ['BOOKING_CANCELLED', 'BOOKING_CREATED']],
	] as const) {
		for (const trigger of order) {
			const response = await send(trigger, trigger === 'BOOKING_CREATED' ? created(email, uid, at(4)) : cancelled(email, uid, at(4)));
			expect(response.status).toBe(200);
		}
		const lead = await leadByEmail(email);
		expect(lead.stage).toBe('cancelled');
		expect(bookingOf(lead, uid).status).toBe('cancelled');
		expect(lead.next_booking_at).toBeNull();
	}
});

test('a cancellation keeps Booked while another future booking remains', async () => {
	const email = 'two.bookings@example.org';
	await send('BOOKING_CREATED', created(email, 'tb-1', at(3)));
	await send('BOOKING_CREATED', created(email, 'tb-2', at(6)));
	expect((await send('BOOKING_CANCELLED', cancelled(email, 'tb-1', at(3)))).status).toBe(200);
	const lead = await leadByEmail(email);
	expect(lead.stage).toBe('booked');
	expect(Date.parse(lead.next_booking_at)).toBe(Date.parse(at(6)));
});

test("an organiser's request to reschedule moves the lead to Reschedule requested", async () => {
	const email = 'please.reschedule@example.org';
	await send('BOOKING_CREATED', created(email, 'pr-1', at(3)));
	const response = await send('BOOKING_CANCELLED', cancelled(email, 'pr-1', at(3), { requestReschedule: true, cancellationReason: 'Please reschedule. Van is in the garage' }));
	expect(response.status).toBe(200);
	expect((await leadByEmail(email)).stage).toBe('reschedule_requested');
});

test('a no-show (bookingUid, no uid) moves the lead to No-show', async () => {
	const email = 'no.show@example.org';
	await send('BOOKING_CREATED', created(email, 'ns-1', at(-1)));
	const response = await postCalcom(
		stack.site,
		JSON.stringify({ triggerEvent: 'BOOKING_NO_SHOW_UPDATED', createdAt: new Date().toISOString(), payload: { message: 'x', attendees: [{ email, noShow: true }], bookingUid: 'ns-1', bookingId: 9 } }),
		secret,
	);
	expect(response.status).toBe(200);
	expect((await leadByEmail(email)).stage).toBe('no_show');
});

test('a Closed Won lead is never moved by a webhook; a Closed Lost lead is revived by a new booking', async () => {
	const won = 'won.lead@example.org';
	await send('BOOKING_CREATED', created(won, 'w-1', at(3)));
	const wonLead = await leadByEmail(won);
	expect((await admin.rest(`solar-capture/v1/leads/${wonLead.id}`, { method: 'PATCH', body: { stage: 'won' } })).status).toBe(200);
	await send('BOOKING_CANCELLED', cancelled(won, 'w-1', at(3)));
	await send('BOOKING_CREATED', created(won, 'w-2', at(8)));
	expect((await leadByEmail(won)).stage).toBe('won');
	// Details edited by hand keep their shape: an address keeps its line breaks.
	const edited = await admin.rest(`solar-capture/v1/leads/${wonLead.id}`, { method: 'PATCH', body: { address: '1 Solar Way\nLeeds <b>LS1</b>' } });
	expect(edited.status).toBe(200);
	expect((await leadByEmail(won)).address).toBe('1 Solar Way\nLeeds LS1');

	const lost = 'lost.lead@example.org';
	await send('BOOKING_CREATED', created(lost, 'l-1', at(3)));
	const lostLead = await leadByEmail(lost);
	await admin.rest(`solar-capture/v1/leads/${lostLead.id}`, { method: 'PATCH', body: { stage: 'lost' } });
	await send('BOOKING_CREATED', created(lost, 'l-2', at(9)));
	expect((await leadByEmail(lost)).stage).toBe('booked');
});

test('the same delivery ten times at once changes the database once, and every answer agrees', async () => {
	const body = envelope('BOOKING_CREATED', created('ten.times@example.org', 'ten-1', at(4)));
	const answers = await Promise.all(Array.from({ length: 10 }, () => postCalcom(stack.site, body, secret)));
	for (const a of answers) expect(a.status).toBe(200);
	expect(answers.filter((a) => a.json.status === 'applied')).toHaveLength(1);
	expect(new Set(answers.map((a) => `${a.json.lead_id}/${a.json.booking_id}`)).size).toBe(1);
	const lead = await leadByEmail('ten.times@example.org');
	expect(lead.bookings).toHaveLength(1);
	expect(lead.events.filter((e: any) => e.type === 'booking_created')).toHaveLength(1);
});

test('100 different bookings for one new e-mail arriving at once create one lead', async () => {
	const email = 'hundred@example.org';
	const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => send('BOOKING_CREATED', created(email, `h-${i}`, at(2 + (i % 20))))));
	expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
	expect(new Set(answers.map((a) => a.json.lead_id)).size).toBe(1);
	const count = await stack.php<number>(`global $wpdb; return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_leads WHERE email_normalized = 'hundred@example.org'" );`);
	expect(count).toBe(1);
	expect((await leadByEmail(email)).bookings).toHaveLength(100);
});

test('a delivery that failed on our side is kept with its body, listed, and applied by replay', async () => {
	// A secret that names an environment variable the sidecar does not have: our fault, not the sender's.
	await stack.php(`$p = json_decode( get_option( 'solar_capture_providers' ), true ); $p['calcom']['secret'] = 'env:SC_TEST_CALCOM_WEBHOOK_SECRET'; update_option( 'solar_capture_providers', wp_json_encode( $p ) ); return true;`);
	await new Promise((r) => setTimeout(r, 1200)); // the sidecar caches settings for about a second
	const response = await send('BOOKING_CREATED', created('replayed@example.org', 'rp-1', at(4)));
	expect(response.status).toBe(202);
	// The sender learns it is kept, not why (that is the owner's, in the log): no variable name.
	expect(response.json).toMatchObject({ status: 'failed', message: expect.stringContaining('kept and retried') });
	expect(JSON.stringify(response.json)).not.toContain('SC_TEST_CALCOM_WEBHOOK_SECRET');
	const id = response.json.delivery_id;
	const listed = await admin.rest('solar-capture/v1/deliveries?per_page=20');
	expect(listed.status).toBe(200);
	const row = listed.json.find((d: any) => d.id === id);
	expect(row).toMatchObject({ provider: 'calcom', status: 'failed' });
	expect(row.body).toBeUndefined();

	// As if the sidecar's own retries were used up: only a replay applies it now.
	await stack.stopSidecar();
	await stack.php(`global $wpdb; return $wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}solar_deliveries SET attempts = 99 WHERE id = %d", ${Number(id)} ) );`);
	await stack.startSidecar({ SC_TEST_CALCOM_WEBHOOK_SECRET: secret });
	expect((await admin.rest('solar-capture/v1/deliveries?per_page=20')).json.find((d: any) => d.id === id).status).toBe('failed');
	const replay = await admin.rest(`solar-capture/v1/deliveries/${id}/replay`, { method: 'POST' });
	expect(replay.status).toBe(200);
	expect((await leadByEmail('replayed@example.org')).stage).toBe('booked');
	const again = await admin.rest(`solar-capture/v1/deliveries/${id}/replay`, { method: 'POST' });
	expect(again.status).toBeLessThan(500);
	expect((await leadByEmail('replayed@example.org')).bookings).toHaveLength(1);
});

test('replay and the deliveries log are for administrators only', async () => {
	expect((await fetch(`${stack.site.url}/wp-json/solar-capture/v1/deliveries`)).status).toBe(401);
	expect((await fetch(`${stack.site.url}/wp-json/solar-capture/v1/deliveries/1/replay`, { method: 'POST' })).status).toBe(401);
});
