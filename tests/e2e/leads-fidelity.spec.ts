// Issue 9 on the lead page: what the booking tools sent, as the owner sees it. Deliveries go through the
// real route (signed, as Cal.com's and Calendly's code builds them): a seat of a Cal.com group session
// with its form answers (one of them markup, which must stay text), a recurring series the host cancels
// "all remaining" of, a Calendly booking with tracking utm_* and an address. The lead page shows the
// answers, the seat, the series, the location, who cancelled and the attribution; on a phone and by
// keyboard too.
import { test, expect, type Browser, type Page } from '@playwright/test';
import type { Stack } from '../helpers/stack';
import { postCalcom } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';
import { calendlySignature, invitee } from '../fixtures/providers';
import { startAdminSite, logIn, openAdmin, shot, iso, DAY, LEADS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const secrets = { calcom: 'whsec_e2e_fidelity_calcom', calendly: 'e2e-fidelity-calendly-key' };
const HOST = 'bookings@sunny-installs.example';
const SAM = { name: 'Sam Seat', email: 'sam.seat@example.org' };
const RHEA = { name: 'Rhea Series', email: 'rhea.series@example.org' };
const CAL = { name: 'Cal Tracker', email: 'cal.tracker@example.org' };
const SESSION_START = Date.UTC(new Date().getUTCFullYear() + 1, 2, 10, 14); // 10 March next year, 14:00 UTC
const SERIES_STARTS = [0, 7, 14, 21].map((d) => iso(SESSION_START + (d + 2) * DAY));
const XSS = '<script>window.__x=1</script>';

let stack: Stack;
const ids: Record<string, number> = {};

async function calcom(trigger: string, payload: Record<string, unknown>): Promise<any> {
	const answer = await postCalcom(stack.site, envelope(trigger, payload), secrets.calcom);
	if (answer.status !== 200 || answer.json?.status !== 'applied') throw new Error(`${trigger} not applied: ${answer.status} ${JSON.stringify(answer.json)}`);
	return answer.json;
}

async function calendly(body: string): Promise<any> {
	const response = await fetch(`${stack.site.webhookUrl}?provider=calendly`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'calendly-webhook-signature': calendlySignature(body, secrets.calendly) },
		body,
	});
	const json = await response.json();
	if (response.status !== 200 || json?.status !== 'applied') throw new Error(`Calendly delivery not applied: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack } = await startAdminSite({ secrets }));

	// Sam takes one of six seats of a Cal Video group session and answers the form's questions.
	const seat = bookingPayload({ uid: 'e2e-session-1', email: SAM.email, name: SAM.name, start: iso(SESSION_START) });
	seat.title = 'Solar open evening';
	seat.attendees = (seat.attendees as unknown[]).slice(0, 1);
	Object.assign(seat, { seatsPerTimeSlot: 6, attendeeSeatId: 'seat-sam-1', metadata: { videoCallUrl: 'https://app.cal.com/video/e2e-session-1' } });
	Object.assign(seat.responses as Record<string, unknown>, {
		'monthly-bill': { label: 'Monthly bill', value: '£140' },
		roof: { label: 'What kind of roof?', value: 'Flat' },
		extra: { label: 'Anything else', value: XSS },
	});
	ids.sam = (await calcom('BOOKING_CREATED', seat)).lead_id;

	// Rhea books a weekly series of four; the host cancels "all remaining" from the third.
	const rule = { freq: 2, count: 4, interval: 1 };
	for (const [n, start] of SERIES_STARTS.entries()) {
		const p: Record<string, unknown> = { ...bookingPayload({ uid: `e2e-series-${n + 1}`, email: RHEA.email, name: RHEA.name, start }), eventTypeId: 77, recurringEvent: rule };
		p.responses = { ...(p.responses as object), location: { label: 'location', value: { value: 'inPerson', optionValue: '12 High Street, Leeds LS1 4AP' } } };
		p.location = '12 High Street, Leeds LS1 4AP';
		const json = await calcom('BOOKING_CREATED', p);
		ids.rhea = json.lead_id;
	}
	const third = { ...bookingPayload({ uid: 'e2e-series-3', email: RHEA.email, name: RHEA.name, start: SERIES_STARTS[2] }), eventTypeId: 77, recurringEvent: rule };
	await calcom('BOOKING_CANCELLED', { ...third, status: 'CANCELLED', cancellationReason: 'The installer is fully booked that month', cancelledBy: HOST });

	// Cal books through Calendly from a Google Ads click, at their own address.
	const created = JSON.parse(invitee.created({ uri: 'https://api.calendly.com/scheduled_events/E2EFID/invitees/E2EFID1', email: CAL.email, name: CAL.name, start: iso(SESSION_START + 5 * DAY) }));
	Object.assign(created.payload, {
		tracking: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring-roofs', utm_term: 'solar panels leeds', utm_content: 'ad-7', c_id: null, salesforce_uuid: null },
		questions_and_answers: [
			{ question: 'Postcode', answer: 'LS6 2AB', position: 0 },
			{ question: 'Do you own the property?', answer: 'Yes', position: 1 },
		],
	});
	created.payload.scheduled_event.location = { type: 'physical', location: '4 Oak Lane, Leeds' };
	ids.cal = (await calendly(JSON.stringify(created))).lead_id;
});

test.afterAll(async () => {
	await stack?.stop();
});

const leadUrl = (id: number) => `${LEADS}&lead=${id}`;
const bookings = (page: Page) => page.getByRole('region', { name: 'Bookings' });

test('a seat of a group session: the session, its places, the join link and the answers as text', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(ids.sam));
	await expect(page.getByRole('heading', { name: SAM.name, level: 1 })).toBeVisible();
	const region = bookings(page);
	await expect(region.locator('.solar-capture-booking__seat')).toContainText('Seat in a group session: Solar open evening');
	await expect(region.locator('.solar-capture-booking__seat')).toContainText('6 places in the session');
	const join = region.getByRole('link', { name: /app\.cal\.com\/video\/e2e-session-1/ });
	await expect(join).toHaveAttribute('href', 'https://app.cal.com/video/e2e-session-1');
	await expect(join).toHaveAttribute('rel', /noopener/);

	const answers = region.locator('.solar-capture-answers');
	await expect(answers.getByRole('heading', { name: 'Answers' })).toBeVisible();
	await expect(answers).toContainText('Monthly bill');
	await expect(answers).toContainText('£140');
	await expect(answers).toContainText('What kind of roof?');
	// The markup answer is its characters, and never ran.
	await expect(answers.locator('dd', { hasText: XSS })).toHaveCount(1);
	expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
	await expect(page.locator('.solar-capture-answers script')).toHaveCount(0);

	// The timeline says the answers filled the lead's blank fields.
	const timeline = page.getByRole('region', { name: 'Timeline' });
	await expect(timeline.locator('.solar-capture-event--lead_fields_filled')).toContainText('Monthly bill: 140');
	await expect(timeline.locator('.solar-capture-event--booking_created')).toContainText('a seat in a group session');
	// Nothing is known about where Sam came from: the panel says so.
	await expect(page.getByRole('region', { name: 'Attribution' })).toContainText('No campaign or referrer is known');
	await shot(page, info, 'lead-seat-answers');
	expect(watched.errors).toEqual([]);
});

test('a recurring series: occurrences numbered, the host\'s cancel-all shows who and why, the address as text', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(ids.rhea));
	await expect(page.getByRole('heading', { name: RHEA.name, level: 1 })).toBeVisible();
	const items = bookings(page).locator('.solar-capture-booking');
	await expect(items).toHaveCount(4);
	for (const n of [1, 2, 3, 4]) await expect(bookings(page).getByText(`Part of a series: ${n} of 4`)).toHaveCount(1);
	const third = items.filter({ hasText: 'Part of a series: 3 of 4' });
	await expect(third.locator('.solar-capture-booking__status')).toHaveText('Cancelled');
	await expect(third.locator('.solar-capture-booking__cancelled-by')).toHaveText(`Cancelled by the host (${HOST})`);
	await expect(third).toContainText('Cancelled with every later occurrence of its series');
	await expect(third.locator('.solar-capture-booking__reason')).toHaveText('Reason: The installer is fully booked that month');
	await expect(items.filter({ hasText: 'Part of a series: 4 of 4' }).locator('.solar-capture-booking__status')).toHaveText('Cancelled');
	await expect(items.filter({ hasText: 'Part of a series: 1 of 4' }).locator('.solar-capture-booking__status')).toHaveText('Confirmed');
	// An address is text, never a link.
	await expect(third.locator('.solar-capture-booking__location')).toContainText('12 High Street, Leeds LS1 4AP');
	await expect(third.locator('.solar-capture-booking__location a')).toHaveCount(0);
	const cancelled = page.getByRole('region', { name: 'Timeline' }).locator('.solar-capture-event--booking_cancelled');
	await expect(cancelled).toContainText(`by the host (${HOST})`);
	await expect(cancelled).toContainText('1 later occurrence of the series cancelled too');
	await shot(page, info, 'lead-series-cancelled-by-host');
	expect(watched.errors).toEqual([]);
});

test('a Calendly booking from a campaign: first and latest touch on the lead, the address, the answers', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(ids.cal));
	await expect(page.getByRole('heading', { name: CAL.name, level: 1 })).toBeVisible();
	const attribution = page.getByRole('region', { name: 'Attribution' });
	for (const touch of ['First touch', 'Latest touch']) await expect(attribution.getByRole('heading', { name: touch })).toBeVisible();
	const first = attribution.locator('.solar-capture-touch').first();
	for (const text of ['Source', 'google', 'Medium', 'cpc', 'Campaign', 'spring-roofs', 'Term', 'solar panels leeds', 'Content', 'ad-7', 'Time']) await expect(first).toContainText(text);
	await expect(attribution.locator('.solar-capture-touch').nth(1)).toContainText('spring-roofs');

	const region = bookings(page);
	await expect(region.locator('.solar-capture-booking__location')).toContainText('4 Oak Lane, Leeds');
	await expect(region.locator('.solar-capture-booking__location a')).toHaveCount(0);
	await expect(region.locator('.solar-capture-answers')).toContainText('Do you own the property?');
	await expect(region.locator('.solar-capture-answers')).toContainText('LS6 2AB');
	await shot(page, info, 'lead-calendly-attribution');
	expect(watched.errors).toEqual([]);
});

test('on a phone (375 px) the answers and the attribution fit the screen, and the join link is reached by keyboard', async ({ browser }, info) => {
	const context = await (browser as Browser).newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	try {
		await logIn(page, stack);
		await openAdmin(page, stack, leadUrl(ids.sam));
		const answers = bookings(page).locator('.solar-capture-answers');
		await expect(answers).toContainText('Monthly bill');
		const widths = await page.evaluate(() => {
			const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().right ?? 0;
			return { answers: box('.solar-capture-answers'), attribution: box('.solar-capture-lead-attribution'), page: document.documentElement.scrollWidth };
		});
		expect(widths.answers).toBeLessThanOrEqual(375);
		expect(widths.attribution).toBeLessThanOrEqual(375);
		expect(widths.page).toBeLessThanOrEqual(375);
		await shot(page, info, 'lead-seat-phone');

		// Keyboard: Tab from the top of the page reaches the join link.
		const join = bookings(page).getByRole('link', { name: /app\.cal\.com\/video/ });
		await join.scrollIntoViewIfNeeded();
		let reached = false;
		await page.locator('body').focus();
		for (let i = 0; i < 150 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await join.evaluate((el) => el === document.activeElement);
		}
		expect(reached).toBe(true);
	} finally {
		await context.close();
	}
});
