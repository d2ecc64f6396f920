// The booking calendar on the site itself: after the quote form (setting "embedded calendar") and as
// the "Solar booking calendar" block and shortcode. Cal.com's embed (bundled from @calcom/embed-core)
// and Calendly's inline embed run for real in Chromium; only the booking tools' own pages are answered
// locally (page.route), built from what they post to the embedding page (Cal.com's embed actions,
// Calendly's documented parent-window events). Nothing leaves the machine.
import { test, expect, type Page, type Browser, type Route } from '@playwright/test';
import type { Stack } from '../helpers/stack';
import { startCaptureSite, leadByEmail, publishPage, sleep, BOOKING_URL, MIN_FILL_MS, type CaptureSite, type LeadRow } from './visitor-helpers';
import { fillLogin } from './login';

test.describe.configure({ mode: 'serial' });

const CALENDLY_URL = 'https://calendly.com/sunny-installs/survey';
/** How long the calendar may take to say it is ready on this site (the default is 15 s). */
const TIMEOUT_MS = 4000;


let site: CaptureSite;
let stack: Stack;
let blockUrl: string;
let shortcodeUrl: string;
/** What the Cal.com test left for the signal route's tests. */
let signalled: { lead: LeadRow; token: string; ticket: string; endpoint: string } | null = null;

const MU_PLUGIN = `<?php
/**
 * Test settings for the booking calendar, written by tests/e2e/booking-calendar.spec.ts. Not part of Solar Capture.
 */
add_filter( 'solar_capture_booking_calendar_timeout', function () { return (int) get_option( 'sc_test_booking_timeout', 15000 ); } );
add_filter(
	'solar_capture_booking_signal_rate_limit',
	function ( $limit ) {
		$test = get_option( 'sc_test_signal_limit', '' );
		return ( '' === $test || false === $test ) ? $limit : (int) $test;
	}
);
`;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	site = await startCaptureSite();
	stack = site.stack;
	const fs = await import('node:fs');
	const path = await import('node:path');
	fs.writeFileSync(path.join(stack.site.dir, 'wp-content', 'mu-plugins', 'solar-capture-test-booking.php'), MU_PLUGIN);
	await stack.php(`update_option( 'sc_test_booking_timeout', ${TIMEOUT_MS} ); update_option( 'sc_test_signal_limit', 1000 ); return true;`);
	const saved = await site.admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'embed' } });
	expect(saved.json.cta_show).toBe('embed');
	blockUrl = await publishPage(stack, 'Book a survey (block)', '<!-- wp:solar-capture/booking-calendar {"title":"Pick a time for your survey"} /-->');
	shortcodeUrl = await publishPage(stack, 'Book a survey (shortcode)', '<!-- wp:paragraph --><p>Choose a time.</p><!-- /wp:paragraph -->\n[solar_capture_booking]');
});

test.afterAll(async () => {
	await site?.stack.stop();
});

// ---------------------------------------------------------------------------------------------
// The booking tools' pages, answered locally.

/**
 * Cal.com's booking page as its embed loads it (`<page>/embed?embed=<namespace>&…`): it posts
 * what Cal.com's embed-iframe posts to its parent ({originator: "CAL", type, namespace,
 * fullType: "CAL:<ns>:<action>", data}) — __iframeReady and __dimensionChanged when it loads,
 * linkReady once the parent has answered with parentKnowsIframeReady — and, when the visitor
 * confirms, bookingSuccessfulV2 and the older bookingSuccessful (Cal.com sends both). It keeps
 * what the parent sent it in window.received.
 */
const CALCOM_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Solar survey | Sunny Installs</title></head>
<body style="margin:0;font-family:sans-serif"><main class="main" style="padding:16px;height:480px;box-sizing:border-box">
<h1>Solar survey call</h1><p>30 min · Sunny Installs</p><p>Thursday 3 December, 10:00</p>
<button id="confirm" type="button">Confirm</button></main>
<script>
var ns = new URL(location.href).searchParams.get('embed');
window.received = [];
function post(type, data) { parent.postMessage({ originator: 'CAL', type: type, namespace: ns, fullType: 'CAL:' + ns + ':' + type, data: data }, '*'); }
window.addEventListener('message', function (e) {
	if (!e.data || e.data.originator !== 'CAL') return;
	window.received.push(e.data);
	if (e.data.method === 'parentKnowsIframeReady') post('linkReady', {});
});
post('__iframeReady', { isPrerendering: false });
post('__dimensionChanged', { iframeHeight: 480, iframeWidth: document.documentElement.scrollWidth, isFirstTime: true });
document.getElementById('confirm').addEventListener('click', function () {
	var start = '2026-12-03T10:00:00.000Z', end = '2026-12-03T10:30:00.000Z';
	post('bookingSuccessfulV2', { uid: 'bk_embed_1', title: 'Solar survey call between Sunny Installs and Jamie', startTime: start, endTime: end, eventTypeId: 41, status: 'ACCEPTED', paymentRequired: false, isRecurring: false });
	post('bookingSuccessful', { booking: { uid: 'bk_embed_1', startTime: start, endTime: end }, eventType: { id: 41, slug: 'solar-survey' }, date: start, duration: 30, organizer: { name: 'Sunny Installs', email: 'hello@sunny-installs.example', timeZone: 'Europe/London' }, confirmed: true });
	document.querySelector('main').innerHTML = '<h1>This meeting is scheduled</h1>';
});
</script></body></html>`;

/**
 * Calendly's scheduling page in its inline embed: it posts Calendly's parent-window events
 * ({event: "calendly.…", payload}) — event_type_viewed and page_height when it loads,
 * event_scheduled with the event's and invitee's URIs when the visitor schedules.
 */
const CALENDLY_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Survey - Sunny Installs</title></head>
<body style="margin:0;font-family:sans-serif"><div style="padding:16px"><h1>Solar survey</h1><p>Friday 4 December, 14:00</p>
<button id="schedule" type="button">Schedule Event</button></div>
<script>
function send(event, payload) { parent.postMessage({ event: event, payload: payload }, '*'); }
send('calendly.event_type_viewed', {});
send('calendly.page_height', { height: '820px' });
document.getElementById('schedule').addEventListener('click', function () {
	send('calendly.date_and_time_selected', {});
	send('calendly.event_scheduled', { event: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2' }, invitee: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA' } });
});
</script></body></html>`;

/** A page of someone else's that tries to pass for the booking tool. */
const FORGER_PAGE = `<!doctype html><html><body><script>
parent.postMessage({ originator: 'CAL', type: 'bookingSuccessful', namespace: 'solarcapture1', fullType: 'CAL:solarcapture1:bookingSuccessful', data: {} }, '*');
parent.postMessage({ event: 'calendly.event_scheduled', payload: {} }, '*');
</script></body></html>`;

interface Visit {
	errors: string[];
	shownAt: number;
	/** Requests that reached each booking tool's page. */
	calcom: string[];
	calendly: string[];
}

/**
 * Opens a page with everything outside this site answered locally: the booking tools' pages as
 * above (or as `tools` says), anything else an empty 204.
 */
async function visit(page: Page, url: string, tools: { calcom?: (route: Route) => Promise<void>; calendly?: (route: Route) => Promise<void> } = {}): Promise<Visit> {
	const seen: Visit = { errors: [], shownAt: 0, calcom: [], calendly: [] };
	page.on('pageerror', (error) => seen.errors.push(error.message));
	page.on('console', (message) => {
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) seen.errors.push(message.text());
	});
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.route('https://app.cal.com/**', async (route) => {
		seen.calcom.push(route.request().url());
		if (tools.calcom) return tools.calcom(route);
		return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: CALCOM_PAGE });
	});
	await page.route('https://calendly.com/**', async (route) => {
		seen.calendly.push(route.request().url());
		if (tools.calendly) return tools.calendly(route);
		return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: CALENDLY_PAGE });
	});
	await page.route('https://forger.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: FORGER_PAGE }));
	await page.goto(url);
	seen.shownAt = Date.now();
	return seen;
}

async function sendQuote(page: Page, shownAt: number, name: string, email: string): Promise<void> {
	const form = page.locator('.solar-capture-form form').first();
	await form.getByLabel('Your name').fill(name);
	await form.getByLabel('E-mail').fill(email);
	await form.getByRole('checkbox').check();
	const left = shownAt + MIN_FILL_MS + 300 - Date.now();
	if (left > 0) await sleep(left);
	await form.locator('button[type="submit"]').click();
	await expect(page.locator('.solar-capture-form__thanks')).toBeVisible();
}

const calendar = (page: Page) => page.locator('.solar-capture-booking').first();
/** The lead a booking-link token was issued for (Token_Repository). */
const tokenLead = (token: string) => stack.php<number | null>(`return SolarCapture\\Plugin::instance()->tokens()->lead_of( '${token.replace(/[^0-9a-f]/g, '')}' );`);
const browserBookings = async (leadId: string | number) => (await site.admin.rest(`solar-capture/v1/leads/${leadId}`)).json.events.filter((e: { type: string }) => e.type === 'browser_booking');

async function useProvider(id: 'calcom' | 'calendly'): Promise<void> {
	const other = id === 'calcom' ? 'calendly' : 'calcom';
	expect((await site.admin.rest(`solar-capture/v1/integrations/${other}`, { method: 'POST', body: { booking_url: '' } })).status).toBe(200);
	expect((await site.admin.rest(`solar-capture/v1/integrations/${id}`, { method: 'POST', body: { enabled: true, booking_url: id === 'calcom' ? BOOKING_URL : CALENDLY_URL } })).status).toBe(200);
}

// ---------------------------------------------------------------------------------------------

test('after the quote form, the Cal.com calendar: prefilled, carrying the lead token, in the site\'s colours', async ({ page }, testInfo) => {
	const seen = await visit(page, site.pageUrl);
	await sendQuote(page, seen.shownAt, 'Jamie Rivera', 'jamie.embed@example.org');
	const lead = (await leadByEmail(stack, 'jamie.embed@example.org'))!;
	expect(lead.stage).toBe('new');

	// The booking step is the calendar: Cal.com's embed built its iframe from our booking link.
	const booking = calendar(page);
	await expect(booking).toHaveAttribute('data-state', 'ready');
	const frame = booking.locator('iframe.cal-embed');
	await expect(frame).toBeVisible();
	const src = new URL((await frame.getAttribute('src'))!);
	expect(`${src.origin}${src.pathname}`).toBe('https://app.cal.com/sunny-installs/solar-survey/embed');
	expect(src.searchParams.get('embed')).toMatch(/^solarcapture\d+$/);
	expect(src.searchParams.get('name')).toBe('Jamie Rivera');
	expect(src.searchParams.get('email')).toBe('jamie.embed@example.org');
	// The token is the one issued for this quote request (never the lead's own): it leads to this lead.
	const token = src.searchParams.get('metadata[sc_lead]')!;
	expect(token).toMatch(/^[0-9a-f]{32}$/);
	expect(token).not.toBe(lead.lead_token);
	expect(await tokenLead(token)).toBe(Number(lead.id));
	// The same token as the booking link in the same answer (the fallback link), from one function.
	const link = new URL((await booking.locator('.solar-capture-booking__link a').getAttribute('href'))!);
	expect(link.searchParams.get('metadata[sc_lead]')).toBe(token);
	expect(`${link.origin}${link.pathname}`).toBe(BOOKING_URL);
	// While the calendar shows, the big button gives way to a small "open the booking page" link.
	await expect(booking.locator('.solar-capture-booking__fallback')).toBeHidden();
	await expect(booking.locator('.solar-capture-booking__alt a')).toBeVisible();
	expect(seen.calcom).toHaveLength(1);

	// The site's colours: the theme's button colour (Twenty Twenty-Five: its "contrast" colour) as Cal.com's brand colour.
	const colors = await stack.php<Record<string, string>>(`return SolarCapture\\Frontend\\Site_Colors::get();`);
	expect(colors.brand).toBe('#111111');
	const cal = page.frameLocator('iframe.cal-embed');
	await expect(cal.getByRole('heading', { name: 'Solar survey call' })).toBeVisible();
	const calFrame = page.frames().find((f) => f.url().startsWith('https://app.cal.com/'))!;
	const received = await calFrame.evaluate(() => (window as any).received as Array<{ method: string; arg: any }>);
	expect(received.map((m) => m.method)).toEqual(expect.arrayContaining(['parentKnowsIframeReady', 'ui']));
	expect(received.find((m) => m.method === 'ui')!.arg).toEqual({ cssVarsPerTheme: { light: { 'cal-brand': '#111111', 'cal-brand-text': '#ffffff' } } });
	await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('calcom-embedded-after-form.png') });
	await page.screenshot({ path: testInfo.outputPath('calcom-embedded-page.png'), fullPage: true });

	// A "booking made" message from anyone but that iframe changes nothing: the page itself, another site's frame.
	await page.evaluate((ns) => window.postMessage({ originator: 'CAL', type: 'bookingSuccessful', namespace: ns, fullType: `CAL:${ns}:bookingSuccessful`, data: {} }, '*'), src.searchParams.get('embed'));
	await page.evaluate(() => {
		const forger = document.createElement('iframe');
		forger.src = 'https://forger.example/';
		document.body.appendChild(forger);
	});
	await page.waitForTimeout(500);
	await expect(booking.locator('.solar-capture-booking__thanks')).toBeEmpty();
	await expect(booking).not.toHaveAttribute('data-booked', 'true');
	expect(await browserBookings(lead.id)).toHaveLength(0);

	// The visitor confirms in the calendar: the thank-you on the page, focused for screen readers.
	const signal = page.waitForRequest((r) => r.url().includes('/solar-capture/v1/booking-signal'));
	await cal.getByRole('button', { name: 'Confirm' }).click();
	const thanks = booking.locator('.solar-capture-booking__thanks');
	await expect(thanks).toHaveText('Thank you, your survey call is booked! Cal.com is sending you the confirmation by e-mail.');
	await expect(thanks).toBeFocused();
	await expect(thanks).toHaveAttribute('role', 'status');
	await expect(booking.locator('.solar-capture-booking__alt')).toBeHidden();
	const sent = JSON.parse((await signal).postData()!);
	expect(sent).toMatchObject({ token, provider: 'calcom' });
	await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('calcom-booked-thanks.png') });

	// The lead's timeline notes it, once (Cal.com posts two "booking made" actions); the stage stays: only the webhook moves it.
	await expect.poll(async () => (await browserBookings(lead.id)).length).toBe(1);
	const detail = (await site.admin.rest(`solar-capture/v1/leads/${lead.id}`)).json;
	expect(detail.stage).toBe('new');
	expect(detail.bookings).toHaveLength(0);
	const entry = (await browserBookings(lead.id))[0];
	expect(entry).toMatchObject({ actor: 'form', data: { provider: 'calcom' } });
	expect(Object.keys(entry.data)).toEqual(['provider']);
	signalled = { lead, token, ticket: sent.ticket, endpoint: (await signal).url() };
	expect(seen.errors).toEqual([]);
});

test('the owner sees the browser\'s report on the lead\'s timeline, as waiting for the provider', async ({ page }, testInfo) => {
	expect(signalled).not.toBeNull();
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(`${stack.site.url}/wp-admin/admin.php?page=solar-capture-leads&lead=${signalled!.lead.id}`);
	await fillLogin(page, stack.site.adminUser, stack.site.adminPassword);
	const item = page.locator('.solar-capture-event--browser_booking');
	await expect(item).toContainText('Booked in the browser, waiting for the provider’s confirmation', { timeout: 20_000 });
	await expect(page.getByText('jamie.embed@example.org').first()).toBeVisible();
	await item.screenshot({ path: testInfo.outputPath('timeline-browser-booking.png') });
});

test('the signal the browser sent, sent again by anyone: the same answer, still one entry, the stage unmoved', async () => {
	// The route's whole contract (every kind of wrong request, expiry, the rate limit) is in
	// tests/integration/booking-signal.test.ts, on both databases; here, the ticket this browser got.
	const { lead, token, ticket, endpoint } = signalled!;
	const post = async (body: unknown) => {
		const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.status, body: await response.text() };
	};
	const again = await post({ token, ticket, provider: 'calcom' });
	expect(again).toEqual({ status: 202, body: '{"status":"received"}' });
	expect(await post({ token, ticket: `${ticket.split('.')[0]}.${'0'.repeat(32)}`, provider: 'calcom' })).toEqual(again);
	expect(await browserBookings(lead.id)).toHaveLength(1);
	expect((await leadByEmail(stack, 'jamie.embed@example.org'))!.stage).toBe('new');
});

test('the block and the shortcode show the calendar on any page, without prefill or token', async ({ page }, testInfo) => {
	const seen = await visit(page, blockUrl);
	await expect(page.getByRole('heading', { name: 'Pick a time for your survey' })).toBeVisible();
	const booking = page.locator('.wp-block-solar-capture-booking-calendar.solar-capture-booking');
	await expect(booking).toHaveAttribute('data-state', 'ready');
	const src = new URL((await booking.locator('iframe.cal-embed').getAttribute('src'))!);
	expect(`${src.origin}${src.pathname}`).toBe('https://app.cal.com/sunny-installs/solar-survey/embed');
	expect([...src.searchParams.keys()].filter((k) => k !== 'embed' && k !== 'embedType' && !k.startsWith('ui.') && k !== 'guest')).toEqual([]);
	// No ticket: a booking here shows the thank-you and tells the site nothing.
	await expect(booking).not.toHaveAttribute('data-ticket', /./);
	let signals = 0;
	page.on('request', (r) => {
		if (r.url().includes('/booking-signal')) signals++;
	});
	await page.frameLocator('iframe.cal-embed').getByRole('button', { name: 'Confirm' }).click();
	await expect(booking.locator('.solar-capture-booking__thanks')).toContainText('your survey call is booked');
	await page.waitForTimeout(300);
	expect(signals).toBe(0);
	await page.screenshot({ path: testInfo.outputPath('block-calendar.png'), fullPage: true });
	expect(seen.errors).toEqual([]);

	const registered = await stack.php<{ name: string; title: string; view: string[]; attributes: string[] }>(`
		$type = WP_Block_Type_Registry::get_instance()->get_registered( 'solar-capture/booking-calendar' );
		return array( 'name' => $type->name, 'title' => $type->title, 'view' => $type->view_script_handles, 'attributes' => array_keys( $type->attributes ) );
	`);
	expect(registered).toMatchObject({ name: 'solar-capture/booking-calendar', title: 'Solar booking calendar', attributes: expect.arrayContaining(['title']) });
	// The block editor's preview (ServerSideRender, through the REST API) says what the page will show.
	const preview = await site.admin.rest('wp/v2/block-renderer/solar-capture/booking-calendar?context=edit&attributes%5Btitle%5D=Book%20here');
	expect(preview.status).toBe(200);
	expect(preview.json.rendered).toContain('<h2 class="solar-capture-booking__title">Book here</h2>');
	expect(preview.json.rendered).toContain('The Cal.com booking calendar shows here on the published page.');

	const short = await page.context().newPage();
	const shortSeen = await visit(short, shortcodeUrl);
	await expect(short.locator('.solar-capture-booking')).toHaveAttribute('data-state', 'ready');
	await expect(short.locator('.solar-capture-booking iframe.cal-embed')).toBeVisible();
	expect(shortSeen.errors).toEqual([]);
	await short.close();
});

test('when Cal.com\'s embed script cannot load, the visitor gets the booking link at once', async ({ page }, testInfo) => {
	await page.route('**/blocks/booking-calendar/calcom-embed.js*', (route) => route.abort('blockedbyclient'));
	const started = Date.now();
	await visit(page, blockUrl);
	const booking = calendar(page);
	await expect(booking).toHaveAttribute('data-state', 'failed');
	expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
	await expect(booking.locator('.solar-capture-booking__failed')).toHaveText('The booking calendar could not be loaded here. You can pick a time on the booking page:');
	const link = booking.locator('.solar-capture-booking__link a');
	await expect(link).toBeVisible();
	await expect(link).toHaveAttribute('href', BOOKING_URL);
	await expect(link).toHaveText('Book your free survey call');
	await expect(booking.locator('.solar-capture-booking__widget')).toBeHidden();
	await booking.screenshot({ path: testInfo.outputPath('fallback-script-blocked.png') });
});

test('offline, or Cal.com never answers: after the time-out the link, never an empty box', async ({ page }, testInfo) => {
	const seen = await visit(page, blockUrl, { calcom: (route) => route.abort('internetdisconnected') });
	const booking = calendar(page);
	// While it waits there is always a way to book: the loading line and the booking page's link.
	await expect(booking).toHaveAttribute('data-state', 'loading');
	await expect(booking.locator('.solar-capture-booking__alt a')).toBeVisible();
	await expect(booking).toHaveAttribute('data-state', 'failed', { timeout: TIMEOUT_MS + 5000 });
	await expect(booking.locator('.solar-capture-booking__link a')).toBeVisible();
	await expect(booking.locator('.solar-capture-booking__widget')).toBeHidden();
	expect(seen.calcom.length).toBeGreaterThan(0);
	await booking.screenshot({ path: testInfo.outputPath('fallback-offline.png') });
});

test('without JavaScript the calendar is the booking link; without a booking page visitors see nothing and the owner sees why', async ({ browser }, testInfo) => {
	const context = await (browser as Browser).newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await visit(page, blockUrl);
		const booking = calendar(page);
		await expect(booking.locator('.solar-capture-booking__link a')).toBeVisible();
		await expect(booking.locator('.solar-capture-booking__link a')).toHaveAttribute('href', BOOKING_URL);
		await expect(booking.locator('.solar-capture-booking__widget')).toBeHidden();
		await expect(booking.locator('.solar-capture-booking__failed')).toBeHidden();
		await booking.screenshot({ path: testInfo.outputPath('nojs-link.png') });
	} finally {
		await context.close();
	}

	await site.admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { booking_url: '' } });
	try {
		const html = await (await fetch(blockUrl)).text();
		expect(html).not.toMatch(/<div class="solar-capture-booking/);
		expect(html).not.toContain('no booking page is set');
		// Someone who can set the booking page (the administrator) sees how, where the calendar would be.
		const owner = await stack.php<string>(`wp_set_current_user( 1 ); return do_shortcode( '[solar_capture_booking]' );`);
		expect(owner).toContain('Solar booking calendar: no booking page is set yet, so visitors see nothing here.');
		expect(owner).toContain('page=solar-capture-integrations');
	} finally {
		await useProvider('calcom');
	}
});

test('other booking tools (no inline widget): the booking link', async ({ page }) => {
	await site.admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { booking_url: '' } });
	await site.admin.rest('solar-capture/v1/integrations/generic', { method: 'POST', body: { enabled: true, booking_url: 'https://book.example.net/sunny' } });
	try {
		await visit(page, blockUrl);
		const booking = calendar(page);
		await expect(booking.locator('.solar-capture-booking__link a')).toHaveAttribute('href', 'https://book.example.net/sunny');
		await expect(booking).not.toHaveAttribute('data-provider', /./);
		await expect(booking.locator('.solar-capture-booking__widget')).toHaveCount(0);
	} finally {
		await site.admin.rest('solar-capture/v1/integrations/generic', { method: 'POST', body: { enabled: false, booking_url: '' } });
		await useProvider('calcom');
	}
});

test('Calendly after the quote form: its inline embed, prefilled, utm_content = the quote request token, its "event scheduled" shows the thank-you', async ({ page }, testInfo) => {
	await useProvider('calendly');
	try {
		const seen = await visit(page, site.pageUrl);
		await sendQuote(page, seen.shownAt, 'Casey Calendly', 'casey.calendly@example.org');
		const lead = (await leadByEmail(stack, 'casey.calendly@example.org'))!;
		const booking = calendar(page);
		await expect(booking).toHaveAttribute('data-state', 'ready');
		const frame = booking.locator('iframe.solar-capture-booking__frame');
		const src = new URL((await frame.getAttribute('src'))!);
		expect(`${src.origin}${src.pathname}`).toBe(CALENDLY_URL);
		expect(Object.fromEntries(src.searchParams)).toEqual({
			name: 'Casey Calendly',
			email: 'casey.calendly@example.org',
			utm_content: src.searchParams.get('utm_content'),
			embed_domain: new URL(stack.site.url).host,
			embed_type: 'Inline',
			primary_color: '111111',
			text_color: '111111',
			background_color: 'ffffff',
		});
		const token = src.searchParams.get('utm_content')!;
		expect(token).not.toBe(lead.lead_token);
		expect(await tokenLead(token)).toBe(Number(lead.id));
		// Calendly says how tall its page is.
		await expect(frame).toHaveCSS('height', '820px');
		await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('calendly-embedded-after-form.png') });

		await page.frameLocator('iframe.solar-capture-booking__frame').getByRole('button', { name: 'Schedule Event' }).click();
		await expect(booking.locator('.solar-capture-booking__thanks')).toHaveText('Thank you, your survey call is booked! Calendly is sending you the confirmation by e-mail.');
		await expect.poll(async () => (await browserBookings(lead.id)).length).toBe(1);
		expect((await browserBookings(lead.id))[0].data).toEqual({ provider: 'calendly' });
		expect((await leadByEmail(stack, 'casey.calendly@example.org'))!.stage).toBe('new');
		expect(seen.errors).toEqual([]);
	} finally {
		await useProvider('calcom');
	}
});

test('on a phone (375 px) the calendar fits the screen, and it works by keyboard', async ({ browser }, testInfo) => {
	const context = await (browser as Browser).newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
	try {
		const page = await context.newPage();
		const seen = await visit(page, blockUrl);
		const booking = calendar(page);
		await expect(booking).toHaveAttribute('data-state', 'ready');
		const widths = await page.evaluate(() => ({
			page: document.documentElement.scrollWidth,
			calendar: document.querySelector('.solar-capture-booking')!.getBoundingClientRect().width,
			frame: document.querySelector('.solar-capture-booking iframe')!.getBoundingClientRect().width,
		}));
		expect(widths.page).toBeLessThanOrEqual(375);
		expect(widths.calendar).toBeLessThanOrEqual(375);
		expect(widths.frame).toBeGreaterThan(250);
		await expect(page.frameLocator('iframe.cal-embed').getByRole('button', { name: 'Confirm' })).toBeVisible();
		await booking.screenshot({ path: testInfo.outputPath('phone-calendar.png') });

		// By keyboard: Tab reaches the calendar's frame and the link to the booking page.
		const reached: string[] = [];
		for (let i = 0; i < 40 && !reached.includes('alt'); i++) {
			await page.keyboard.press('Tab');
			reached.push(
				await page.evaluate(() => {
					const el = document.activeElement;
					if (el?.closest('.solar-capture-booking__alt')) return 'alt';
					if (el?.tagName === 'IFRAME' && el.closest('.solar-capture-booking')) return 'frame';
					return el?.tagName ?? '';
				}),
			);
		}
		expect(reached).toContain('frame');
		expect(reached).toContain('alt');
		expect(seen.errors).toEqual([]);
	} finally {
		await context.close();
	}
});
