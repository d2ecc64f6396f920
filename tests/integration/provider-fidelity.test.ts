// Issue 9 through the real route (WordPress + the sidecar, SQLite or MariaDB by TEST_DB): deliveries
// shaped as Cal.com's and Calendly's own code builds them, and the end states a site owner sees.
import { startStack, postCalcom, Stack, WpSession } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';
import { calendly, calendlySignature, future, invitee } from '../fixtures/providers';

let stack: Stack;
const secrets = { calcom: 'whsec_fidelity_calcom_1', calendly: 'calendly-fidelity-key-1' };

const iso = (value: string) => value.replace(/\.\d{3}Z$/, 'Z');
/** A database time (UTC `YYYY-MM-DD HH:MM:SS`) in milliseconds. */
const dbMs = (value: string) => Date.parse(`${value.replace(' ', 'T')}Z`);
const send = (trigger: string, payload: Record<string, unknown>) => postCalcom(stack.site, envelope(trigger, payload), secrets.calcom);
async function sendCalendly(body: string): Promise<{ status: number; json: any }> {
	const response = await fetch(`${stack.site.webhookUrl}?provider=calendly`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'calendly-webhook-signature': calendlySignature(body, secrets.calendly) },
		body,
	});
	return { status: response.status, json: await response.json() };
}

/** Rows straight from the tables, as PHP's $wpdb reads them. */
async function rows(table: 'leads' | 'bookings' | 'events' | 'deliveries', where: string, ...args: (string | number)[]): Promise<any[]> {
	const params = JSON.stringify(args);
	return stack.php(`global $wpdb; $t = \\SolarCapture\\Schema::table('${table}'); $args = json_decode('${params.replace(/'/g, "\\'")}', true);
		$sql = "SELECT * FROM $t WHERE ${where} ORDER BY id";
		return $wpdb->get_results( $args ? $wpdb->prepare( $sql, ...$args ) : $sql, ARRAY_A );`);
}
const lead = async (email: string) => (await rows('leads', 'email_normalized = %s', email))[0];
const bookingsOf = async (email: string) => rows('bookings', 'LOWER(attendee_email) = %s', email);
const eventsOf = async (leadId: number, type: string) => (await rows('events', 'lead_id = %d AND type = %s', leadId, type)).map((e) => JSON.parse(e.data));

beforeAll(async () => {
	stack = await startStack({ secrets });
});

afterAll(async () => {
	await stack?.stop();
});

/** A seat of a Cal.com seated event, as handleSeats sends it: the session's uid, the seat id, only this person. */
function seat(session: string, start: string, email: string, name: string, seatId: string | null, extra: Record<string, unknown> = {}) {
	const p = bookingPayload({ uid: session, email, name, start });
	const attendees = (p.attendees as Record<string, unknown>[]).slice(0, 1);
	return { ...p, attendees, seatsPerTimeSlot: 6, ...(seatId ? { attendeeSeatId: seatId } : {}), ...extra };
}

test('seated event: two seat holders are two leads; one leaving cancels only their seat; a seat moves alone', async () => {
	const session = 'fid-seat-session-1';
	const other = 'fid-seat-session-2';
	const start = iso(future(5, 17));
	for (const body of [
		seat(session, start, 'ana.seat@example.org', 'Ana Seat', 'seat-ana'),
		seat(session, start, 'Ben.Seat@Example.org', 'Ben Seat', 'seat-ben'),
		seat(session, start, 'cara.seat@example.org', 'Cara Seat', 'seat-cara'),
	]) {
		const r = await send('BOOKING_CREATED', body);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ status: 'applied', created: true });
	}
	for (const email of ['ana.seat@example.org', 'ben.seat@example.org', 'cara.seat@example.org']) expect((await lead(email)).stage).toBe('booked');

	// Ben leaves: the shared uid, only Ben in attendees, the first booker's responses (as handleCancelBooking builds it).
	const cancel = { ...seat(session, start.replace('Z', '+00:00'), 'Ben.Seat@Example.org', 'Ben Seat', null), status: 'CANCELLED', responses: { email: { label: 'email_address', value: 'ana.seat@example.org' }, name: { label: 'your_name', value: 'Ana Seat' } } };
	expect((await send('BOOKING_CANCELLED', cancel)).json).toMatchObject({ status: 'applied' });
	expect((await lead('ben.seat@example.org')).stage).toBe('cancelled');
	expect((await lead('ana.seat@example.org')).stage).toBe('booked');
	expect((await bookingsOf('ana.seat@example.org'))[0].status).toBe('accepted');
	expect((await bookingsOf('ben.seat@example.org'))[0]).toMatchObject({ status: 'cancelled', booking_uid: session, seat_id: 'seat-ben' });

	// Cara moves her seat into another session that already has people.
	const later = iso(future(12, 17));
	const moved = await send('BOOKING_RESCHEDULED', seat(other, later, 'cara.seat@example.org', 'Cara Seat', 'seat-cara', { rescheduleUid: session, rescheduledBy: 'cara.seat@example.org' }));
	expect(moved.json).toMatchObject({ status: 'applied', message: 'Booking rescheduled.' });
	const cara = await bookingsOf('cara.seat@example.org');
	expect(cara.map((b) => [b.booking_uid, b.status])).toEqual([[session, 'rescheduled'], [other, 'accepted']]);
	expect(dbMs((await lead('cara.seat@example.org')).next_booking_at)).toBe(Date.parse(later));
	expect((await bookingsOf('ana.seat@example.org'))[0].status).toBe('accepted');
});

test('"Request reschedule" from every Cal.com generation is Reschedule requested; a genuine cancellation is Cancelled', async () => {
	const generations: Record<string, unknown>[] = [
		{ requestReschedule: true, rescheduleRequested: true, cancelledBy: 'bookings@sunny-installs.example' },
		{ requestReschedule: false, cancelledBy: 'bookings@sunny-installs.example' },
		{},
	];
	for (const [i, flags] of generations.entries()) {
		const email = `fid.request${i}@example.org`;
		const p = bookingPayload({ uid: `fid-req-${i}`, email, start: iso(future(4)) });
		await send('BOOKING_CREATED', p);
		const r = await send('BOOKING_CANCELLED', { ...p, status: 'CANCELLED', cancellationReason: 'Please reschedule. The van broke down', ...flags });
		expect(r.json).toMatchObject({ status: 'applied', message: 'Reschedule requested.' });
		expect((await lead(email)).stage).toBe('reschedule_requested');
		expect((await bookingsOf(email))[0]).toMatchObject({ cancel_reason: 'The van broke down', cancelled_by_role: 'host' });
	}
	const email = 'fid.genuine@example.org';
	const p = bookingPayload({ uid: 'fid-genuine', email, start: iso(future(4)) });
	await send('BOOKING_CREATED', p);
	await send('BOOKING_CANCELLED', { ...p, status: 'CANCELLED', cancellationReason: 'Found a cheaper quote', cancelledBy: email, requestReschedule: false, rescheduleRequested: false });
	expect((await lead(email)).stage).toBe('cancelled');
	expect((await bookingsOf(email))[0]).toMatchObject({ cancel_reason: 'Found a cheaper quote', cancelled_by: email, cancelled_by_role: 'invitee' });
});

test('no-shows: Cal Video guests → No-show, host no-show only on the timeline, unmarking restores the stage before', async () => {
	const email = 'fid.noshow@example.org';
	const p = bookingPayload({ uid: 'fid-ns-1', email, start: iso(future(-1)) });
	await send('BOOKING_CREATED', p);
	const l = await lead(email);
	await stack.php(`global $wpdb; $wpdb->update( \\SolarCapture\\Schema::table('leads'), array( 'stage' => 'contacted' ), array( 'id' => ${Number(l.id)} ) ); return true;`);
	const common = { title: p.title, bookingId: p.bookingId, bookingUid: 'fid-ns-1', startTime: p.startTime, endTime: p.endTime, participants: [], eventType: { id: 42 } };
	const host = await send('AFTER_HOSTS_CAL_VIDEO_NO_SHOW', { ...common, attendees: [{ email, name: 'Jamie', noShow: false }], hostEmail: 'bookings@sunny-installs.example', message: "Host with email bookings@sunny-installs.example didn't join the call" });
	expect(host.json).toMatchObject({ status: 'applied' });
	expect((await lead(email)).stage).toBe('contacted');
	expect(await eventsOf(Number(l.id), 'host_no_show')).toHaveLength(1);
	const guests = await send('AFTER_GUESTS_CAL_VIDEO_NO_SHOW', { ...common, attendees: [{ email, name: 'Jamie', noShow: true }], message: "Guest didn't join the call" });
	expect(guests.json).toMatchObject({ status: 'applied' });
	expect((await lead(email)).stage).toBe('no_show');
	await send('BOOKING_NO_SHOW_UPDATED', { message: `${email} unmarked as no-show`, attendees: [{ email, noShow: false }], bookingUid: 'fid-ns-1', bookingId: p.bookingId });
	expect((await lead(email)).stage).toBe('contacted');

	const i = { uri: 'https://api.calendly.com/scheduled_events/FIDNS/invitees/FIDNS1', email: 'fid.calendly.ns@example.org', start: future(-1) };
	await sendCalendly(invitee.created(i));
	await sendCalendly(invitee.noShow(i));
	expect((await lead('fid.calendly.ns@example.org')).stage).toBe('no_show');
	const deleted = calendly('invitee_no_show.deleted', JSON.parse(invitee.noShow(i)).payload);
	expect((await sendCalendly(deleted)).status).toBe(200);
	expect((await lead('fid.calendly.ns@example.org')).stage).toBe('booked');
});

test('a recurring series: "cancel all remaining" cancels that occurrence and every later one; the lead follows', async () => {
	const email = 'fid.series@example.org';
	const rule = { freq: 2, count: 4, interval: 1 };
	const uids = [1, 2, 3, 4].map((n) => `fid-series-${n}`);
	const starts = [3, 10, 17, 24].map((d) => iso(future(d, 8)));
	for (const [n, uid] of uids.entries()) await send('BOOKING_CREATED', { ...bookingPayload({ uid, email, start: starts[n] }), eventTypeId: 77, recurringEvent: rule });
	const all = await send('BOOKING_CANCELLED', { ...bookingPayload({ uid: uids[1], email, start: starts[1].replace('Z', '+00:00') }), eventTypeId: 77, status: 'CANCELLED', cancellationReason: 'Selling the house', cancelledBy: email, recurringEvent: rule });
	expect(all.json).toMatchObject({ status: 'applied', message: expect.stringContaining('2 later occurrences') });
	expect((await bookingsOf(email)).map((b) => b.status)).toEqual(['accepted', 'cancelled', 'cancelled', 'cancelled']);
	const l = await lead(email);
	expect(l.stage).toBe('booked');
	expect(dbMs(l.next_booking_at)).toBe(Date.parse(starts[0]));
	// A cancel-all for a series nobody has seen: 200, that occurrence saved cancelled, nothing else touched.
	const unknown = await send('BOOKING_CANCELLED', { ...bookingPayload({ uid: 'fid-series-unknown', email: 'fid.series2@example.org', start: starts[2] }), status: 'CANCELLED', recurringEvent: rule });
	expect(unknown.status).toBe(200);
	expect((await bookingsOf('fid.series2@example.org')).map((b) => b.status)).toEqual(['cancelled']);
});

test('a paid event type: PAYMENT_INITIATED is a lead awaiting payment; BOOKING_PAID makes it Booked', async () => {
	const email = 'fid.paid@example.org';
	const p = { ...bookingPayload({ uid: 'fid-paid-1', email, start: iso(future(6)) }), price: 4900, currency: 'gbp', paymentId: 55 };
	const initiated = await send('BOOKING_PAYMENT_INITIATED', p);
	expect(initiated.json).toMatchObject({ status: 'applied', created: true });
	expect((await lead(email)).stage).toBe('new');
	expect((await bookingsOf(email))[0].status).toBe('awaiting_payment');
	expect(await eventsOf(Number((await lead(email)).id), 'payment_initiated')).toHaveLength(1);
	expect((await send('BOOKING_PAID', { ...p, paymentData: { id: 55, success: true } })).json).toMatchObject({ message: 'Booking confirmed.' });
	expect((await send('BOOKING_CREATED', p)).status).toBe(200);
	expect((await lead(email)).stage).toBe('booked');
	expect((await bookingsOf(email))[0].status).toBe('accepted');
});

test('routing forms of both tools make a New lead with every answer; no e-mail → ignored, answers in the log', async () => {
	const form = {
		formId: 'fid-form-1',
		formName: 'Survey finder',
		teamId: null,
		responses: {
			'Your email': { value: 'fid.form@example.org', response: 'fid.form@example.org' },
			Postcode: { value: 'LS1 4AP', response: 'LS1 4AP' },
			'Monthly bill': { value: 130, response: 130 },
		},
	};
	const r = await send('FORM_SUBMITTED', form);
	expect(r.json).toMatchObject({ status: 'applied', booking_id: null });
	expect(await lead('fid.form@example.org')).toMatchObject({ stage: 'new', postcode: 'LS1 4AP' });
	expect(Number((await lead('fid.form@example.org')).monthly_bill)).toBe(130);

	const body = calendly('routing_form_submission.created', {
		uri: 'https://api.calendly.com/routing_form_submissions/FIDRFS1',
		routing_form: 'https://api.calendly.com/routing_forms/FIDRF1',
		questions_and_answers: [
			{ question_uuid: 'q1', question: 'Email', answer: 'fid.rf@example.org' },
			{ question_uuid: 'q2', question: 'Do you own the property?', answer: 'Yes' },
		],
		tracking: { utm_source: 'bing', utm_campaign: 'fid-campaign', utm_medium: null, utm_content: null, utm_term: null },
		result: { type: 'event_type', value: 'https://api.calendly.com/event_types/E1' },
		submitter: null,
		submitter_type: null,
	});
	expect((await sendCalendly(body)).json).toMatchObject({ status: 'applied' });
	expect(await lead('fid.rf@example.org')).toMatchObject({ stage: 'new', source: 'calendly', homeowner: '1', first_utm_campaign: 'fid-campaign' });

	const noEmail = await send('FORM_SUBMITTED', { ...form, formId: 'fid-form-2', responses: { Postcode: { value: 'M1 1AE', response: 'M1 1AE' } } });
	expect(noEmail.status).toBe(200);
	expect(noEmail.json.status).toBe('ignored');
	const [logged] = await rows('deliveries', 'id = %d', Number(noEmail.json.delivery_id));
	expect(logged.error).toContain('no e-mail in the form');
	expect(logged.error).toContain('Postcode: M1 1AE');
	expect(logged.body).not.toBeNull();
});

test('answers are kept with the booking and fill blank lead fields; attribution first and latest touch', async () => {
	const email = 'fid.answers@example.org';
	const p = bookingPayload({ uid: 'fid-ans-1', email, start: iso(future(7)) });
	Object.assign(p.responses as Record<string, unknown>, {
		'zip-code': { label: 'ZIP', value: '90210' },
		bill: { label: 'Electricity bill per month', value: '$210' },
		owner: { label: 'Homeowner?', value: 'yes' },
		xss: { label: 'Anything else', value: '<img src=x onerror=alert(1)>' },
	});
	p.metadata = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'fid-spring' };
	expect((await send('BOOKING_CREATED', p)).json).toMatchObject({ status: 'applied' });
	const l = await lead(email);
	expect(l).toMatchObject({ postcode: '90210', homeowner: '1', first_utm_source: 'google', first_utm_campaign: 'fid-spring', last_utm_campaign: 'fid-spring' });
	expect(Number(l.monthly_bill)).toBe(210);
	const [b] = await bookingsOf(email);
	expect(JSON.parse(b.answers)).toContainEqual({ key: 'xss', label: 'Anything else', value: '<img src=x onerror=alert(1)>' });
	expect(b).toMatchObject({ location_type: 'video', location: 'Cal Video' });
	expect(await eventsOf(Number(l.id), 'lead_fields_filled')).toHaveLength(1);

	const again = bookingPayload({ uid: 'fid-ans-2', email, start: iso(future(9)) });
	Object.assign(again.responses as Record<string, unknown>, { 'zip-code': { label: 'ZIP', value: '10001' } });
	again.metadata = { utm_source: 'newsletter', utm_campaign: 'fid-june' };
	await send('BOOKING_CREATED', again);
	expect(await lead(email)).toMatchObject({ postcode: '90210', first_utm_campaign: 'fid-spring', last_utm_source: 'newsletter', last_utm_campaign: 'fid-june' });
});

test('external ids of 191 characters are accepted through the route, 192 refused with a 4xx', async () => {
	const uri = (n: number) => `https://api.calendly.com/scheduled_events/FIDLONG/invitees/${'L'.repeat(n - 59)}`;
	expect(uri(191)).toHaveLength(191);
	const ok = await sendCalendly(invitee.created({ uri: uri(191), email: 'fid.long@example.org', start: future(5) }));
	expect(ok.status).toBe(200);
	expect((await bookingsOf('fid.long@example.org'))[0].external_id).toBe(uri(191));
	const tooLong = await sendCalendly(invitee.created({ uri: uri(192), email: 'fid.long2@example.org', start: future(5) }));
	expect(tooLong.status).toBe(422);
	const cal = await send('BOOKING_CREATED', bookingPayload({ uid: 'c'.repeat(191), email: 'fid.long3@example.org', start: iso(future(5)) }));
	expect(cal.json).toMatchObject({ status: 'applied' });
	expect((await send('BOOKING_CREATED', bookingPayload({ uid: 'c'.repeat(192), email: 'fid.long4@example.org', start: iso(future(5)) }))).status).toBe(422);
});

describe('the quote form keeps attribution', () => {
	const quote = async (fields: Record<string, unknown>) => {
		const stamp = await stack.php<string>('return SolarCapture\\Lead_Capture::form_stamp( time() - 10 );');
		const response = await fetch(`${stack.site.url}/wp-json/solar-capture/v1/quote`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
			body: JSON.stringify({ name: 'Attr Visitor', consent: true, website: '', stamp, ...fields }),
		});
		return { status: response.status, json: await response.json() };
	};
	const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

	test('the page shows what the server sees; the first touch is written once, the latest on every submission', async () => {
		const page = await stack.php<string>(`return get_permalink( wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Attribution', 'post_content' => '[solar_capture_form]' ) ) );`);
		const landing = `${page}${page.includes('?') ? '&' : '?'}utm_source=google&utm_medium=cpc&utm_campaign=spring-roofs`;
		const html = await (await fetch(landing, { headers: { referer: 'https://www.google.com/search?q=solar' } })).text();
		expect(html).toContain('solarCaptureTouch'); // the page script that keeps the visit's first page
		expect(hidden(html, 'sc_utm_source')).toBe('google');
		expect(hidden(html, 'sc_utm_campaign')).toBe('spring-roofs');
		expect(hidden(html, 'sc_referrer')).toBe('https://www.google.com/search?q=solar');
		expect(hidden(html, 'sc_landing_page')).toContain('utm_campaign=spring-roofs');
		const own = await (await fetch(page, { headers: { referer: `${stack.site.url}/another-page/` } })).text();
		expect(hidden(own, 'sc_referrer')).toBe(''); // a page of this site is no source

		const email = 'attr.visitor@example.org';
		const touch = (source: string, campaign: string) => ({
			sc_utm_source: source, sc_utm_medium: 'cpc', sc_utm_campaign: campaign, sc_utm_term: '', sc_utm_content: '',
			sc_landing_page: `https://example.org/solar?utm_source=${source}`, sc_referrer: 'https://www.google.com/',
		});
		expect((await quote({ email, ...touch('google', 'spring-roofs') })).status).toBe(200);
		const first = await lead(email);
		expect(first).toMatchObject({ first_utm_source: 'google', first_utm_campaign: 'spring-roofs', last_utm_source: 'google', first_landing_page: 'https://example.org/solar?utm_source=google', first_referrer: 'https://www.google.com/' });
		expect(first.first_touch_at).toBeTruthy();

		expect((await quote({ email, ...touch('newsletter', 'june') })).status).toBe(200);
		expect(await lead(email)).toMatchObject({ first_utm_source: 'google', first_utm_campaign: 'spring-roofs', first_touch_at: first.first_touch_at, last_utm_source: 'newsletter', last_utm_campaign: 'june', last_landing_page: 'https://example.org/solar?utm_source=newsletter' });

		// Without any attribution a submission changes neither touch.
		expect((await quote({ email })).status).toBe(200);
		expect(await lead(email)).toMatchObject({ first_utm_source: 'google', last_utm_source: 'newsletter' });
	});

	test('a lead a booking made without attribution gets its first touch from the form; hostile values are dropped or clipped', async () => {
		const email = 'attr.booker@example.org';
		expect((await send('BOOKING_CREATED', bookingPayload({ uid: 'attr-booking-1', email, name: 'Attr Booker', start: iso(future(6, 10)) }))).status).toBe(200);
		expect((await lead(email)).first_touch_at).toBeNull();
		const answer = await quote({ email, sc_utm_source: 'x'.repeat(5000), sc_utm_campaign: '=HYPERLINK("https://evil.example")', sc_landing_page: 'javascript:alert(1)', sc_referrer: 'https://ref.example/' + 'a'.repeat(3000) });
		expect(answer.status).toBe(200);
		const row = await lead(email);
		expect(row).toMatchObject({ first_utm_source: 'x'.repeat(191), last_utm_source: 'x'.repeat(191), first_landing_page: '', first_referrer: '', first_utm_campaign: '=HYPERLINK("https://evil.example")' });
		expect(row.first_touch_at).toBeTruthy();

		const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
		const csv = ((await admin.rest('solar-capture/v1/leads/export')).json.raw as string).replace(/^\uFEFF/, '');
		const [header, ...lines] = csv.split('\r\n');
		expect(header).toContain('First touch: campaign');
		expect(header).toContain('Latest touch: landing page');
		const mine = lines.find((l) => l.includes(email))!;
		expect(mine).toContain(`"'=HYPERLINK(""https://evil.example"")"`); // neutralised as every cell
	});
});

test('the lead detail response carries each booking\'s seat, series, location, answers (as text) and who cancelled, and the lead\'s attribution', async () => {
	const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
	const email = 'fid.rest@example.org';
	const start = iso(future(8, 9));
	const p = { ...seat('fid-rest-session', start, email, 'Rest Seat', 'seat-rest'), metadata: { videoCallUrl: 'https://app.cal.com/video/fid-rest', utm_source: 'facebook', utm_campaign: 'fid-rest' } };
	Object.assign((p as Record<string, unknown>).responses as Record<string, unknown>, { extra: { label: 'Anything else', value: '<script>window.__x=1</script>' } });
	const made = await send('BOOKING_CREATED', p);
	expect(made.json).toMatchObject({ status: 'applied' });
	await send('BOOKING_CANCELLED', { ...p, status: 'CANCELLED', cancellationReason: 'Van broke down', cancelledBy: 'bookings@sunny-installs.example' });

	const got = await admin.rest(`solar-capture/v1/leads/${made.json.lead_id}`);
	expect(got.status).toBe(200);
	expect(got.json).toMatchObject({ first_utm_source: 'facebook', first_utm_campaign: 'fid-rest', last_utm_source: 'facebook' });
	const [b] = got.json.bookings;
	expect(b).toMatchObject({
		booking_uid: 'fid-rest-session',
		seat_id: 'seat-rest',
		seats: 6,
		series_id: null,
		location: 'https://app.cal.com/video/fid-rest',
		location_type: 'video',
		status: 'cancelled',
		cancel_reason: 'Van broke down',
		cancelled_by: 'bookings@sunny-installs.example',
		cancelled_by_role: 'host',
		cancel_scope: '',
	});
	expect(b.answers).toContainEqual({ label: 'Anything else', value: '<script>window.__x=1</script>' });
	for (const answer of b.answers) expect(Object.keys(answer)).toEqual(['label', 'value']);

	// The schema declares them (OPTIONS).
	const schema = await admin.rest(`solar-capture/v1/leads/${made.json.lead_id}`, { method: 'OPTIONS' });
	const props = schema.json.schema.properties.bookings.items.properties;
	for (const key of ['booking_uid', 'seat_id', 'seats', 'series_id', 'location', 'location_type', 'answers', 'cancelled_by', 'cancelled_by_role', 'cancel_scope']) expect(props).toHaveProperty(key);
});
