// Issue 9, the Leads screen's side (WordPress + the sidecar, SQLite or MariaDB by TEST_DB):
// real-shaped Cal.com deliveries through the real route make leads awaiting payment and leads
// with UTM attribution; GET /leads filters them (X-WP-Total right), the CSV export honours the
// same filters, the Leads page offers the values that exist; an answer map saved through the
// Integrations route decides which answer fills a blank lead field (never a filled one).
import { parseCsv } from '../helpers/csv';
import { startStack, postCalcom, Stack, WpSession } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';
import { future } from '../fixtures/providers';

let stack: Stack;
let admin: WpSession;
const secret = 'whsec_leads_filters_1';
const iso = (value: string) => value.replace(/\.\d{3}Z$/, 'Z');
const send = (trigger: string, payload: Record<string, unknown>) => postCalcom(stack.site, envelope(trigger, payload), secret);

/** Cal.com's payload with UTM metadata (as its booking page keeps a link's utm_* query). */
function booking(uid: string, email: string, name: string, utm: Record<string, string> = {}, days = 6) {
	const p = bookingPayload({ uid, email, name, start: iso(future(days)) });
	p.metadata = utm;
	return p;
}

/** The e-mails of GET /leads for these parameters (newest first), and X-WP-Total. */
async function list(query: string): Promise<{ status: number; emails: string[]; total: number }> {
	const r = await admin.rest(`solar-capture/v1/leads?per_page=2&${query}`);
	const emails: string[] = Array.isArray(r.json) ? r.json.map((l: { email: string }) => l.email) : [];
	const total = Number(r.headers.get('x-wp-total'));
	// Every page: the total says how many there are, and they are all there.
	for (let page = 2; r.status === 200 && emails.length < total && page < 10; page++) {
		const next = await admin.rest(`solar-capture/v1/leads?per_page=2&page=${page}&${query}`);
		emails.push(...next.json.map((l: { email: string }) => l.email));
	}
	return { status: r.status, emails, total };
}

/** The e-mail column of the CSV export for these parameters. */
async function exported(query: string): Promise<string[]> {
	const csv = (await admin.rest(`solar-capture/v1/leads/export?${query}`)).json.raw as string;
	const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
	const column = header.indexOf('E-mail');
	return rows.map((row) => row[column]);
}

const A = 'filters.abandoned@example.org';
const B = 'filters.paid@example.org';
const C = 'filters.facebook@example.org';
const D = 'filters.form@example.org';

beforeAll(async () => {
	stack = await startStack({ secrets: { calcom: secret } });
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);

	// A: started checkout of a paid event type and left. B: started, then paid and booked.
	const paid = { price: 4900, currency: 'gbp', paymentId: 81 };
	expect((await send('BOOKING_PAYMENT_INITIATED', { ...booking('flt-a', A, 'Abe Abandon', { utm_source: 'google', utm_campaign: 'spring sale, 2026' }), ...paid })).json).toMatchObject({ status: 'applied' });
	const b = { ...booking('flt-b', B, 'Bea Paid', { utm_source: 'google', utm_campaign: 'summer' }), ...paid, paymentId: 82 };
	expect((await send('BOOKING_PAYMENT_INITIATED', b)).json).toMatchObject({ status: 'applied' });
	expect((await send('BOOKING_PAID', { ...b, paymentData: { id: 82, success: true } })).status).toBe(200);
	expect((await send('BOOKING_CREATED', b)).status).toBe(200);
	// C: a plain booking from a Facebook ad; later a newsletter link (latest touch).
	expect((await send('BOOKING_CREATED', booking('flt-c1', C, 'Cy Facebook', { utm_source: 'facebook', utm_campaign: 'summer' }))).status).toBe(200);
	expect((await send('BOOKING_CREATED', booking('flt-c2', C, 'Cy Facebook', { utm_source: 'news letter', utm_campaign: 'june' }, 9))).status).toBe(200);
	// D: the quote form, no attribution.
	await stack.php(`add_filter( 'pre_wp_mail', '__return_true' ); return SolarCapture\\Plugin::instance()->lead_capture()->submit( array( 'email' => '${D}', 'name' => 'Di Form', 'consent' => 'Yes' ) );`);
}, 180000);

afterAll(async () => {
	await stack?.stop();
});

test('awaiting payment: who started a checkout and did not finish; the others; the export the same', async () => {
	expect(await list('awaiting_payment=true')).toEqual({ status: 200, emails: [A], total: 1 });
	expect(await list('awaiting_payment=false')).toEqual({ status: 200, emails: [D, C, B], total: 3 });
	expect(await exported('awaiting_payment=true')).toEqual([A]);
	expect(await list('awaiting_payment=true&stage=booked')).toEqual({ status: 200, emails: [], total: 0 });
	expect(await list('awaiting_payment=true&search=abandon')).toEqual({ status: 200, emails: [A], total: 1 });
	expect((await admin.rest('solar-capture/v1/leads?awaiting_payment=maybe')).status).toBe(400);
});

test('UTM source and campaign match the first or the latest touch; a value keeps its commas and spaces', async () => {
	expect(await list('utm_source[0]=google')).toEqual({ status: 200, emails: [B, A], total: 2 });
	// C's first touch is facebook, its latest the newsletter: either finds it.
	expect(await list('utm_source[0]=facebook')).toEqual({ status: 200, emails: [C], total: 1 });
	expect(await list('utm_source[0]=news%20letter')).toEqual({ status: 200, emails: [C], total: 1 });
	expect(await list('utm_source[0]=news%20letter&utm_source[1]=google')).toEqual({ status: 200, emails: [C, B, A], total: 3 });
	expect(await list(`utm_campaign[0]=${encodeURIComponent('spring sale, 2026')}`)).toEqual({ status: 200, emails: [A], total: 1 });
	expect(await list('utm_campaign[0]=summer&utm_source[0]=google')).toEqual({ status: 200, emails: [B], total: 1 });
	expect(await list('utm_campaign[0]=summer&awaiting_payment=false')).toEqual({ status: 200, emails: [C, B], total: 2 });
	expect(await exported('utm_campaign[0]=summer')).toEqual([C, B]);
	expect(await list('utm_source[0]=nowhere')).toEqual({ status: 200, emails: [], total: 0 });
	// A value longer than the column: a clear 400, not a query.
	expect((await admin.rest(`solar-capture/v1/leads?utm_source[0]=${'x'.repeat(192)}`)).status).toBe(400);
	// Only people who may manage leads.
	const anonymous = await fetch(`${stack.site.url}/wp-json/solar-capture/v1/leads?utm_source[0]=google`);
	expect(anonymous.status).toBe(401);
});

test('the Leads page offers the UTM values some lead has, alphabetically', async () => {
	const page = await admin.page('wp-admin/admin.php?page=solar-capture-leads');
	expect(page.status).toBe(200);
	const data = JSON.parse(/window\.solarCapture = (\{.*?\});\n/.exec(page.text)![1]);
	expect(data.attributionValues.utm_source).toEqual(['facebook', 'google', 'news letter']);
	expect(data.attributionValues.utm_campaign).toEqual(['june', 'spring sale, 2026', 'summer']);
	// Only the Leads page carries them.
	const integrations = await admin.page('wp-admin/admin.php?page=solar-capture-integrations');
	expect(JSON.parse(/window\.solarCapture = (\{.*?\});\n/.exec(integrations.text)![1])).not.toHaveProperty('attributionValues');
});

test('an answer map saved on the card fills a blank lead field from its question, never a filled one', async () => {
	const saved = await admin.rest('solar-capture/v1/integrations/calcom', {
		method: 'POST',
		body: { answer_map: { 'Best number to reach you': 'phone', 'Anything we should know?': 'message', Postcode: '' } },
	});
	expect(saved.status).toBe(200);
	const answers = (p: Record<string, unknown>, phone: string) =>
		Object.assign(p.responses as Record<string, unknown>, {
			'best-number': { label: 'Best number to reach you', value: phone },
			'anything-else': { label: 'Anything we should know?', value: 'Two storey, slate roof' },
			postcode: { label: 'Postcode', value: 'LS1 4AP' },
		});
	const email = 'filters.map@example.org';
	const first = booking('flt-map-1', email, 'Mo Map');
	answers(first, '07700 900111');
	expect((await send('BOOKING_CREATED', first)).json).toMatchObject({ status: 'applied' });
	const lead = (await admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent(email)}`)).json[0];
	const full = (await admin.rest(`solar-capture/v1/leads/${lead.id}`)).json;
	// Mapped: phone and message; "Postcode" mapped to "not used" stays out despite its default.
	expect(full).toMatchObject({ phone: '07700 900111', message: 'Two storey, slate roof', postcode: '' });

	const second = booking('flt-map-2', email, 'Mo Map', {}, 10);
	answers(second, '07700 900222');
	expect((await send('BOOKING_CREATED', second)).json).toMatchObject({ status: 'applied' });
	expect((await admin.rest(`solar-capture/v1/leads/${lead.id}`)).json).toMatchObject({ phone: '07700 900111' });
	expect((await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { answer_map: {} } })).json.answer_map).toEqual({});
});
