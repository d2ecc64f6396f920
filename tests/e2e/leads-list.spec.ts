// The Leads screen's table against a real site: the empty state, then 45 leads (40 written straight
// into the table, four that only a search on one field finds, and one booked through a signed
// Cal.com delivery by someone in New York while the site runs on Tokyo time). Search, filters,
// sorting and paging all happen on the server; the view is remembered across visits.
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import {
	startAdminSite,
	logIn,
	openAdmin,
	openLeads,
	shot,
	rows,
	expectRows,
	leadCount,
	search,
	seedLeads,
	postCalcomBodies,
	calcomBody,
	setSiteFormats,
	setSiteTimezone,
	siteDateTime,
	dbTime,
	DAY,
	LEADS,
	type SeedLead,
} from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const STAGES = ['new', 'contacted', 'booked', 'reschedule_requested', 'cancelled', 'no_show', 'won', 'lost'];
const SOURCES = ['form', 'calcom', 'calendly', 'orufy', 'generic'];
/** The site's date and time formats (Settings → General) for this file: 24-hour, day first. */
const DATE_FORMAT = 'j F Y';
const TIME_FORMAT = 'H:i';
const BASE = Date.UTC(2025, 2, 1, 12); // 1 March 2025, 12:00 UTC (21:00 in Tokyo, the same day)
const pad = (n: number) => String(n).padStart(2, '0');

// Forty people: stage and source cycle, created one day apart, every fourth with a booking to come, the next with one past.
const PEOPLE: SeedLead[] = Array.from({ length: 40 }, (_, i) => ({
	name: `Person ${pad(i)}`,
	email: `person${pad(i)}@example.net`,
	phone: `+44 7700 900${String(i).padStart(3, '0')}`,
	postcode: `LS${i} 4AB`,
	stage: STAGES[i % 8],
	source: SOURCES[i % 5],
	created_at: dbTime(BASE + i * DAY),
	next_booking_at: i % 4 === 0 ? dbTime(Date.now() + (i + 2) * DAY) : i % 4 === 1 ? dbTime(Date.now() - 2 * DAY) : null,
}));
// Each is found by a search on one field only.
const SPECIAL: SeedLead[] = [
	{ name: 'Marigold Fenwick', email: 'fenwick@example.net', created_at: dbTime(BASE - 10 * DAY) },
	{ name: 'Ozzie Ortega', email: 'zeta-mail@orchard.example', created_at: dbTime(BASE - 10 * DAY) },
	{ name: 'Pat Phone', email: 'pat@example.net', phone: '+44 161 496 0777', created_at: dbTime(BASE - 10 * DAY) },
	{ name: 'Polly Postcode', email: 'polly@example.net', postcode: 'EH99 1SP', created_at: dbTime(BASE - 10 * DAY) },
];
const NINA_START = Date.UTC(new Date().getUTCFullYear() + 1, 2, 3, 15); // 3 March next year, 15:00 UTC: midnight in Tokyo, 10:00 in New York
const TOTAL = PEOPLE.length + SPECIAL.length + 1;

let stack: Stack;
let admin: WpSession;
let seeded = false;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	await setSiteTimezone(stack, 'Asia/Tokyo');
	await setSiteFormats(stack, DATE_FORMAT, TIME_FORMAT);
});

test.afterAll(async () => {
	await stack?.stop();
});

async function ensureSeeded(): Promise<void> {
	if (seeded) return;
	await seedLeads(stack, [...PEOPLE, ...SPECIAL]);
	await postCalcomBodies(stack, [
		calcomBody({ email: 'nina.york@example.org', name: 'Nina York', timeZone: 'America/New_York', start: new Date(NINA_START).toISOString().replace('.000', '') }),
	]);
	seeded = true;
}

const shownNames = (page: Page) => page.locator('.dataviews-view-table tbody tr .solar-capture-lead-name').allInnerTexts();

/** Waits for the list request that carries `param=value` (a filter reached the server). */
function leadsRequest(page: Page, check: (params: URLSearchParams) => boolean) {
	return page.waitForResponse((r) => {
		if (r.request().method() !== 'GET' || !/\/solar-capture\/v1\/leads(\?|$)/.test(r.url().replace(/%2F/g, '/'))) return false;
		return check(new URL(r.url()).searchParams);
	});
}

async function resetFilters(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Reset', exact: true }).click();
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
}

test('with no leads the screen explains how leads arrive and links to Integrations', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	const empty = page.locator('.solar-capture-empty');
	await expect(empty.getByRole('heading', { name: 'No leads yet' })).toBeVisible();
	await expect(empty).toContainText('Leads arrive here by themselves');
	await expect(empty).toContainText('quote form');
	await expect(empty).toContainText('Cal.com, Calendly, Orufy or another booking tool');
	const link = empty.getByRole('link', { name: 'Connect a booking tool' });
	await expect(link).toHaveAttribute('href', `${stack.site.url}/wp-admin/admin.php?page=solar-capture-integrations`);
	await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveAttribute('aria-disabled', 'true');
	await shot(page, info, 'leads-empty');
	await link.click();
	await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
	expect(watched.errors).toEqual([]);
});

test('the search runs on the server over name, e-mail, phone and postcode', async ({ page }, info) => {
	await ensureSeeded();
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	await expectRows(page, 20);

	for (const [term, name] of [
		['Marigold', 'Marigold Fenwick'], // name
		['orchard.example', 'Ozzie Ortega'], // e-mail
		['496 0777', 'Pat Phone'], // phone
		['EH99', 'Polly Postcode'], // postcode
	]) {
		await search(page, term);
		await expectRows(page, 1);
		await expect(rows(page).first()).toContainText(name);
		await expect(leadCount(page)).toHaveText('1 lead');
		await shot(page, info, `leads-search-${term.replace(/\W+/g, '-')}`, page.locator('.solar-capture-leads__table'));
	}
	// A search matching many: every Person, over two pages.
	await search(page, 'Person');
	await expect(leadCount(page)).toHaveText('40 leads');
	await expectRows(page, 20);
	await search(page, 'nobody-is-called-this');
	await expect(page.getByText('No leads match your search or filters.')).toBeVisible();
	await page.getByRole('button', { name: 'Clear search and filters' }).click();
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	expect(watched.errors).toEqual([]);
});

test('filters by stage, source, created date range and upcoming booking', async ({ page }, info) => {
	await ensureSeeded();
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);

	// Stage: Closed Won or Closed Lost (the primary filter, always shown).
	let request = leadsRequest(page, (p) => p.get('stage') === 'won,lost');
	await page.locator('.dataviews-filters__summary-chip', { hasText: 'Stage' }).click();
	await page.getByRole('option', { name: 'Closed Won' }).click();
	await page.getByRole('option', { name: 'Closed Lost' }).click();
	await page.keyboard.press('Escape');
	await request;
	const wonOrLost = PEOPLE.filter((p) => p.stage === 'won' || p.stage === 'lost').length;
	await expect(leadCount(page)).toHaveText(`${wonOrLost} leads`);
	await expectRows(page, wonOrLost);
	for (const badge of await page.locator('.dataviews-view-table tbody .solar-capture-stage').allInnerTexts()) expect(['Closed Won', 'Closed Lost']).toContain(badge);
	await shot(page, info, 'leads-filter-stage');
	await resetFilters(page);

	// Source: Calendly or Orufy.
	request = leadsRequest(page, (p) => p.get('source') === 'calendly,orufy');
	await page.getByRole('button', { name: 'Add filter' }).click();
	await page.getByRole('menuitem', { name: 'Source' }).click();
	await page.getByRole('option', { name: 'Calendly' }).click();
	await page.getByRole('option', { name: 'Orufy Bookings' }).click();
	await page.keyboard.press('Escape');
	await request;
	const calendlyOrOrufy = PEOPLE.filter((p) => p.source === 'calendly' || p.source === 'orufy').length;
	await expect(leadCount(page)).toHaveText(`${calendlyOrOrufy} leads`);
	await expect(page.locator('.dataviews-filters__summary-chip', { hasText: 'Source' })).toContainText('Calendly');
	await shot(page, info, 'leads-filter-source');
	await resetFilters(page);

	// Created between 5 and 9 March 2025 (days in the site's zone, the end day included): Person 04 to 08.
	await page.getByRole('button', { name: 'Add filter' }).click();
	await page.getByRole('menuitem', { name: 'Created' }).click();
	const popover = page.locator('.dataviews-filters__summary-popover');
	await popover.getByLabel('From').fill('2025-03-05');
	request = leadsRequest(page, (p) => !!p.get('after') && !!p.get('before'));
	await popover.getByLabel('To (inclusive)').fill('2025-03-09');
	const answer = await request;
	const params = new URL(answer.url()).searchParams;
	// Midnight in Tokyo is 15:00 UTC the day before.
	expect(params.get('after')).toBe('2025-03-04T15:00:00Z');
	expect(params.get('before')).toBe('2025-03-09T15:00:00Z');
	await expect(leadCount(page)).toHaveText('5 leads');
	await shot(page, info, 'leads-filter-created');
	await page.keyboard.press('Escape');
	expect((await shownNames(page)).sort()).toEqual(['Person 04', 'Person 05', 'Person 06', 'Person 07', 'Person 08']);
	await resetFilters(page);

	// Has an upcoming booking.
	request = leadsRequest(page, (p) => p.get('upcoming') === 'true');
	await page.getByRole('button', { name: 'Add filter' }).click();
	await page.getByRole('menuitem', { name: 'Upcoming booking' }).click();
	await page.getByRole('option', { name: 'Yes' }).click();
	await page.keyboard.press('Escape');
	await request;
	const upcoming = PEOPLE.filter((p) => p.next_booking_at && Date.parse(`${p.next_booking_at}Z`) > Date.now()).length + 1; // + Nina
	await expect(leadCount(page)).toHaveText(`${upcoming} leads`);
	await expectRows(page, upcoming);
	for (const hint of await page.locator('.dataviews-view-table tbody .solar-capture-next-booking__hint').allInnerTexts()) expect(hint).toMatch(/ from now$/); // WordPress's wording (human_time_diff)
	await shot(page, info, 'leads-filter-upcoming');
	expect(watched.errors).toEqual([]);
});

test('sorts on a column and pages through the results with totals', async ({ page }, info) => {
	await ensureSeeded();
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	await expect(page.getByLabel('Current page').locator('option')).toHaveCount(3);
	await expect(page.locator('.dataviews-pagination')).toContainText('of 3');

	// Name, A to Z.
	let request = leadsRequest(page, (p) => p.get('orderby') === 'name' && p.get('order') === 'asc');
	await page.getByRole('button', { name: 'Name', exact: true }).click();
	await page.getByRole('menuitemradio', { name: 'Sort ascending' }).click();
	const first = await request;
	await page.keyboard.press('Escape');
	expect(first.headers()['x-wp-total']).toBe(String(TOTAL));
	expect(first.headers()['x-wp-totalpages']).toBe('3');
	const all = (await admin.rest(`solar-capture/v1/leads?orderby=name&order=asc&per_page=100`)).json.map((lead: { name: string }) => lead.name);
	expect(all).toHaveLength(TOTAL);
	expect([...all].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(all);
	await expect.poll(() => shownNames(page)).toEqual(all.slice(0, 20));
	await shot(page, info, 'leads-sorted-by-name');

	// Page 2 and 3 of the same order.
	request = leadsRequest(page, (p) => p.get('page') === '2' && p.get('orderby') === 'name');
	await page.getByRole('button', { name: 'Next page' }).click();
	await request;
	await expect.poll(() => shownNames(page)).toEqual(all.slice(20, 40));
	await expect(page.getByLabel('Current page')).toHaveValue('2');
	request = leadsRequest(page, (p) => p.get('page') === '3');
	await page.getByLabel('Current page').selectOption('3');
	await request;
	await expect.poll(() => shownNames(page)).toEqual(all.slice(40));
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	await shot(page, info, 'leads-page-3');

	// Descending by e-mail, 50 a page: everything on one page.
	await page.getByRole('button', { name: 'E-mail', exact: true }).click();
	request = leadsRequest(page, (p) => p.get('orderby') === 'email' && p.get('order') === 'desc');
	await page.getByRole('menuitemradio', { name: 'Sort descending' }).click();
	await request;
	await page.keyboard.press('Escape');
	await page.getByRole('button', { name: 'View options' }).click();
	request = leadsRequest(page, (p) => p.get('per_page') === '50');
	await page.getByRole('radio', { name: '50' }).click();
	await request;
	await page.keyboard.press('Escape');
	await expectRows(page, TOTAL);
	const emails = await page.locator('.dataviews-view-table tbody .solar-capture-lead-email').allInnerTexts();
	expect(emails).toEqual([...emails].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
	await expect(page.getByRole('button', { name: 'Next page' })).toHaveCount(0);
	expect(watched.errors).toEqual([]);
});

test('the view (sort, filters, rows per page) is remembered between visits', async ({ page }, info) => {
	await ensureSeeded();
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);

	await page.getByRole('button', { name: 'Name', exact: true }).click();
	await page.getByRole('menuitemradio', { name: 'Sort descending' }).click();
	await page.keyboard.press('Escape');
	await page.locator('.dataviews-filters__summary-chip', { hasText: 'Stage' }).click();
	await page.getByRole('option', { name: 'New' }).click();
	await page.getByRole('option', { name: 'Contacted' }).click();
	await page.keyboard.press('Escape');
	await page.getByRole('button', { name: 'View options' }).click();
	await page.getByRole('radio', { name: '10', exact: true }).click();
	await page.keyboard.press('Escape');
	// New or Contacted, Z to A, ten a page: two pages.
	const matching = [...PEOPLE, ...SPECIAL].filter((p) => (p.stage ?? 'new') === 'new' || p.stage === 'contacted').map((p) => p.name);
	const expected = [...matching].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, 10);
	await expect(leadCount(page)).toHaveText(`${matching.length} leads`);
	await expect.poll(() => shownNames(page)).toEqual(expected);
	await expect(page.locator('.dataviews-pagination')).toContainText('of 2');

	// Leave and come back, then reload: the same view, asked of the server again.
	await openAdmin(page, stack, 'index.php');
	const request = leadsRequest(page, (p) => p.get('stage') === 'new,contacted' && p.get('orderby') === 'name' && p.get('order') === 'desc' && p.get('per_page') === '10');
	await openAdmin(page, stack, LEADS);
	await request;
	await expect.poll(() => shownNames(page)).toEqual(expected);
	await page.reload();
	await expect(leadCount(page)).toHaveText(`${matching.length} leads`);
	await expect(page.locator('.dataviews-filters__summary-chip', { hasText: 'Stage' })).toContainText('New, Contacted');
	await expect.poll(() => shownNames(page)).toEqual(expected);
	await expect(page.locator('.dataviews-pagination')).toContainText('of 2');
	await shot(page, info, 'leads-view-remembered');

	// And it can be put back.
	await page.getByRole('button', { name: 'Reset columns, sorting and filters' }).click();
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	await expectRows(page, 20);
	expect(watched.errors).toEqual([]);
});

test('stage badges, and the next booking in the site time zone with the booker’s own zone on hover', async ({ page }, info) => {
	await ensureSeeded();
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(page.locator('.solar-capture-leads__footer')).toContainText('Times are shown in the site’s time zone (Asia/Tokyo).');

	// A labelled badge per stage.
	await search(page, 'Person 06');
	await expect(rows(page).first().locator('.solar-capture-stage')).toHaveText('Closed Won');
	await expect(rows(page).first().locator('.solar-capture-stage')).toHaveClass(/solar-capture-stage--won/);
	await expect(rows(page).first().locator('.solar-capture-stage')).toHaveClass(/group-closed/);
	await search(page, 'Person 03');
	await expect(rows(page).first().locator('.solar-capture-stage')).toHaveText('Reschedule requested');

	await search(page, 'Nina');
	await expectRows(page, 1);
	const row = rows(page).first();
	await expect(row.locator('.solar-capture-stage')).toHaveText('Booked');
	// In the site's zone and its date and time formats (Settings → General); the booker's zone in the same formats.
	const expected = { site: siteDateTime(NINA_START, 'Asia/Tokyo', DATE_FORMAT, TIME_FORMAT), booker: siteDateTime(NINA_START, 'America/New_York', DATE_FORMAT, TIME_FORMAT) };
	const time = row.locator('.solar-capture-next-booking time');
	await expect(time).toHaveText(expected.site);
	await expect(time).toHaveAttribute('datetime', new Date(NINA_START).toISOString());
	await time.hover();
	const tooltip = page.getByRole('tooltip');
	await expect(tooltip).toContainText(`${expected.site} in the site’s time zone (Asia/Tokyo)`);
	await expect(tooltip).toContainText(`${expected.booker} for the booker (America/New_York)`);
	await shot(page, info, 'leads-next-booking-hover');

	// The lead's page shows both too.
	await row.getByRole('link', { name: 'Nina York' }).click();
	const booking = page.locator('.solar-capture-booking').first();
	await expect(booking).toContainText('(Asia/Tokyo)');
	await expect(booking).toContainText(expected.site);
	await expect(booking).toContainText(`${expected.booker} for the booker (America/New_York)`);
	await shot(page, info, 'lead-booking-zones', page.locator('.solar-capture-lead-bookings'));
	expect(watched.errors).toEqual([]);
});
