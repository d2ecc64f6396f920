// One lead's page at its own URL (&lead=<id>): contact and solar details, the stage dropdown with
// every stage (saved at once, with Undo), the bookings with provider, status, times and the
// reschedule chain, notes added and deleted, and the timeline with who or what did each thing.
// One flow (find a lead, open it, change its stage, undo) is done with the keyboard only: the arrow
// keys through the stage select save nothing until Enter or leaving the field confirms the stage.
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, openLeads, shot, rows, postCalcomBodies, calcomBody, setSiteTimezone, siteDateTime, phpFormat, iso, DAY, LEADS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const ROBIN = { name: 'Robin Solaris', email: 'robin.solaris@example.org' };
const KIM = { name: 'Kim Keys', email: 'kim.keys@example.org' };
const FIRST_START = Date.UTC(new Date().getUTCFullYear() + 1, 4, 12, 9); // 12 May next year, 09:00 UTC
const SECOND_START = FIRST_START + 3 * DAY + 5 * 3600_000; // moved three days on, 14:00 UTC
const STAGE_LABELS = ['New', 'Contacted', 'Booked', 'Reschedule requested', 'Cancelled', 'No-show', 'Closed Won', 'Closed Lost'];

let stack: Stack;
let admin: WpSession;
let robinId = 0;
let kimId = 0;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	await setSiteTimezone(stack, 'Europe/Berlin');
	// Robin books through Cal.com from New York, then moves the call (a new uid pointing at the old one).
	const [created, kim] = await postCalcomBodies(stack, [
		calcomBody({ uid: 'robin-first', email: ROBIN.email, name: ROBIN.name, timeZone: 'America/New_York', start: iso(FIRST_START) }),
		calcomBody({ uid: 'kim-first', email: KIM.email, name: KIM.name, timeZone: 'Europe/Berlin', start: iso(FIRST_START + DAY) }),
	]);
	await postCalcomBodies(stack, [
		calcomBody({ uid: 'robin-second', email: ROBIN.email, name: ROBIN.name, timeZone: 'America/New_York', start: iso(SECOND_START), trigger: 'BOOKING_RESCHEDULED', rescheduleUid: 'robin-first' }),
	]);
	robinId = created.lead_id;
	kimId = kim.lead_id;
	// The owner fills in the solar details (as the quote form would have).
	const patched = await admin.rest(`solar-capture/v1/leads/${robinId}`, {
		method: 'PATCH',
		body: { phone: '+1 212 555 0142', address: '12 Sunny Row\nBrooklyn', postcode: 'NY 11201', monthly_bill: 142.5, roof_type: 'pitched', homeowner: true, message: 'South-facing roof, two storeys.' },
	});
	expect(patched.status).toBe(200);
});

test.afterAll(async () => {
	await stack?.stop();
});

const leadUrl = (id: number) => `${LEADS}&lead=${id}`;
const stageSelect = (page: Page) => page.getByLabel('Pipeline stage');

test('a lead has its own URL with contact and solar details, and Back returns to the list', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(robinId));
	await expect(page.getByRole('heading', { name: ROBIN.name, level: 1 })).toBeVisible();
	await expect(page.locator('.solar-capture-lead__header .solar-capture-stage')).toHaveText('Booked');

	const contact = page.getByRole('region', { name: 'Contact details' });
	await expect(contact.getByRole('link', { name: ROBIN.email })).toHaveAttribute('href', `mailto:${ROBIN.email}`);
	await expect(contact.getByRole('link', { name: '+1 212 555 0142' })).toHaveAttribute('href', 'tel:+12125550142');
	await expect(contact).toContainText('12 Sunny Row');
	await expect(contact).toContainText('NY 11201');
	const solar = page.getByRole('region', { name: 'Solar details' });
	await expect(solar).toContainText('142.50');
	await expect(solar).toContainText('Pitched');
	await expect(solar).toContainText('Yes, owns the home');
	await expect(solar).toContainText('South-facing roof, two storeys.');
	await expect(page.getByRole('region', { name: 'Stage' })).toContainText('Cal.com');
	await shot(page, info, 'lead-page');

	// Back to the list, and the browser's Back button brings the lead again.
	await page.getByRole('link', { name: 'All leads' }).click();
	await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
	expect(new URL(page.url()).searchParams.get('lead')).toBeNull();
	await page.goBack();
	await expect(page.getByRole('heading', { name: ROBIN.name, level: 1 })).toBeVisible();
	expect(new URL(page.url()).searchParams.get('lead')).toBe(String(robinId));
	// An unknown id says so (the 404 it gets is the one failed resource expected here).
	watched.allow(/\/wp-json\/solar-capture\/v1\/leads\/999999\?/);
	await openAdmin(page, stack, leadUrl(999999));
	await expect(page.locator('.components-notice.is-error')).toContainText('This lead does not exist any more');
	expect(watched.errors).toEqual([]);
});

test('bookings show provider, status, times in both zones and the reschedule chain', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(robinId));
	const bookings = page.locator('.solar-capture-booking');
	await expect(bookings).toHaveCount(2);
	// In the site's zone, in WordPress's default date and time formats ('F j, Y', 'g:i a'): a range on one day names it once.
	const site = (ms: number) => siteDateTime(ms, 'Europe/Berlin', 'F j, Y', 'g:i a');
	const times = {
		newSite: `${site(SECOND_START)} – ${phpFormat('g:i a', SECOND_START + 30 * 60000, 'Europe/Berlin')}`,
		newBooker: siteDateTime(SECOND_START, 'America/New_York', 'F j, Y', 'g:i a'),
		oldSite: `${site(FIRST_START)} – ${phpFormat('g:i a', FIRST_START + 30 * 60000, 'Europe/Berlin')}`,
	};
	// Latest first: the moved call, then the original one.
	const latest = bookings.nth(0);
	await expect(latest.locator('.solar-capture-booking__status')).toHaveText('Confirmed');
	await expect(latest).toContainText(`${times.newSite} (Europe/Berlin)`);
	await expect(latest).toContainText(`${times.newBooker} for the booker (America/New_York)`);
	await expect(latest).toContainText('Booked through Cal.com · ID robin-second');
	await expect(latest).toContainText(`Booked by ${ROBIN.email}`);
	const back = latest.getByRole('link', { name: 'Rescheduled from booking robin-first' });
	const original = bookings.nth(1);
	await expect(original.locator('.solar-capture-booking__status')).toHaveText('Rescheduled');
	await expect(original).toContainText(`${times.oldSite} (Europe/Berlin)`);
	await expect(original).toContainText('Booked through Cal.com · ID robin-first');
	await expect(original.getByRole('link', { name: 'Moved to booking robin-second' })).toHaveAttribute('href', `#${await latest.getAttribute('id')}`);
	await expect(back).toHaveAttribute('href', `#${await original.getAttribute('id')}`);
	await back.click();
	expect(new URL(page.url()).hash).toBe(`#${await original.getAttribute('id')}`);
	await shot(page, info, 'lead-bookings', page.locator('.solar-capture-lead-bookings'));
	expect(watched.errors).toEqual([]);
});

test('the stage dropdown offers every stage, saves at once, and Undo puts it back', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(robinId));
	await expect(stageSelect(page)).toBeEnabled();
	await expect(stageSelect(page)).toHaveValue('booked');
	expect(await stageSelect(page).locator('option').allInnerTexts()).toEqual(STAGE_LABELS);

	const patches: string[] = [];
	page.on('request', (r) => {
		if (r.method() === 'PATCH' || (r.method() === 'POST' && r.headers()['x-http-method-override'] === 'PATCH')) patches.push(r.postData() ?? '');
	});
	let saved = page.waitForResponse((r) => r.url().includes(`/solar-capture/v1/leads/${robinId}`) && r.request().method() !== 'GET');
	await stageSelect(page).selectOption({ label: 'Closed Won' });
	expect((await (await saved).json()).stage).toBe('won');
	const snackbar = page.locator('.components-snackbar', { hasText: `${ROBIN.name} moved to Closed Won.` });
	await expect(snackbar).toBeVisible();
	await expect(page.locator('.solar-capture-lead__header .solar-capture-stage')).toHaveText('Closed Won');
	expect((await admin.rest(`solar-capture/v1/leads/${robinId}`)).json.stage).toBe('won');
	await shot(page, info, 'lead-stage-won');

	saved = page.waitForResponse((r) => r.url().includes(`/solar-capture/v1/leads/${robinId}`) && r.request().method() !== 'GET');
	await snackbar.getByRole('button', { name: 'Undo' }).click();
	await saved;
	await expect(page.locator('.components-snackbar', { hasText: `${ROBIN.name} is back in Booked.` })).toBeVisible();
	await expect(stageSelect(page)).toHaveValue('booked');
	expect((await admin.rest(`solar-capture/v1/leads/${robinId}`)).json.stage).toBe('booked');

	saved = page.waitForResponse((r) => r.url().includes(`/solar-capture/v1/leads/${robinId}`) && r.request().method() !== 'GET');
	await stageSelect(page).selectOption({ label: 'Closed Lost' });
	await saved;
	expect((await admin.rest(`solar-capture/v1/leads/${robinId}`)).json.stage).toBe('lost');
	expect(patches.map((body) => JSON.parse(body).stage)).toEqual(['won', 'booked', 'lost']);
	await page.reload();
	await expect(stageSelect(page)).toHaveValue('lost');
	await expect(page.locator('.solar-capture-lead__header .solar-capture-stage')).toHaveText('Closed Lost');
	// Each change is on the timeline, by the user who made it.
	const changes = page.locator('.solar-capture-event--stage_changed');
	await expect(changes.first()).toContainText('Booked');
	await expect(changes.first()).toContainText('Closed Lost');
	await expect(changes.first()).toContainText('by admin');
	await shot(page, info, 'lead-stage-lost');
	expect(watched.errors).toEqual([]);
});

test('notes are added and deleted, and the timeline shows every event with who caused it', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, leadUrl(robinId));
	const notes = page.getByRole('region', { name: 'Notes' });
	await expect(notes).toContainText('No notes yet.');
	const text = 'Called back: prefers a morning survey.\nHas a south-west roof too.';
	await notes.getByLabel('Add a note').fill(text);
	await notes.getByRole('button', { name: 'Add note' }).click();
	const note = notes.locator('.solar-capture-note');
	await expect(note).toHaveCount(1);
	await expect(note.locator('.solar-capture-note-text')).toHaveText(text);
	await expect(note).toContainText('admin');
	await expect(notes.getByLabel('Add a note')).toHaveValue('');
	const stored = (await admin.rest(`solar-capture/v1/leads/${robinId}`)).json.events.filter((e: { type: string }) => e.type === 'note');
	expect(stored).toHaveLength(1);
	expect(stored[0].data.text).toBe(text);

	const timeline = page.getByRole('region', { name: 'Timeline' });
	await expect(timeline.locator('.solar-capture-event--note')).toContainText(text);
	// Who did what: the booking tool for the booking events, the user for changes made here.
	await expect(timeline.locator('.solar-capture-event--lead_created')).toContainText('by Cal.com');
	await expect(timeline.locator('.solar-capture-event--booking_created').first()).toContainText('by Cal.com');
	await expect(timeline.locator('.solar-capture-event--booking_rescheduled')).toContainText('by Cal.com');
	await expect(timeline.locator('.solar-capture-event--lead_updated')).toContainText('by admin');
	await expect(timeline.locator('.solar-capture-event--note')).toContainText('by admin');
	await shot(page, info, 'lead-note-added');
	await shot(page, info, 'lead-timeline', timeline);

	await note.getByRole('button', { name: /Delete the note of/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete this note?' });
	await expect(dialog).toContainText('Called back: prefers a morning survey.');
	await shot(page, info, 'lead-note-delete-confirm');
	await dialog.getByRole('button', { name: 'Delete note' }).click();
	await expect(dialog).toBeHidden();
	await expect(note).toHaveCount(0);
	await expect(notes).toContainText('No notes yet.');
	const after = (await admin.rest(`solar-capture/v1/leads/${robinId}`)).json.events;
	expect(after.filter((e: { type: string }) => e.type === 'note')).toHaveLength(0);
	expect(after.some((e: { type: string }) => e.type === 'note_deleted')).toBe(true);
	await page.reload();
	await expect(page.getByRole('region', { name: 'Timeline' }).locator('.solar-capture-event--note_deleted')).toContainText('by admin');
	await expect(page.getByRole('region', { name: 'Timeline' })).not.toContainText('prefers a morning survey');
	expect(watched.errors).toEqual([]);
});

/** Presses Tab until the focused element matches, failing after `limit` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; name: string; label: string }) => boolean, limit = 150, key = 'Tab'): Promise<void> {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press(key);
		const el = await page.evaluate(() => {
			const a = document.activeElement as HTMLElement | null;
			return { tag: a?.tagName ?? '', name: (a?.textContent ?? '').trim(), label: a?.getAttribute('aria-label') ?? (a?.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent ?? '' : '') };
		});
		if (matches(el)) return;
	}
	throw new Error(`focus never reached the element after ${limit} × ${key}`);
}

test('keyboard only: search, open a lead, step the stage with the arrow keys, undo', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(rows(page)).toHaveCount(2);
	const patches: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes(`/solar-capture/v1/leads/${kimId}`) && r.method() !== 'GET') patches.push(r.postData() ?? '');
	});

	// WordPress's own skip link first, past the toolbar and the admin menu.
	await tabTo(page, (el) => el.tag === 'A' && el.name === 'Skip to main content', 3);
	await page.keyboard.press('Enter');
	await tabTo(page, (el) => el.tag === 'INPUT' && /Search/.test(el.label), 20);
	await page.keyboard.type('Kim');
	await expect(rows(page)).toHaveCount(1);
	await tabTo(page, (el) => el.tag === 'A' && el.name === KIM.name);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: KIM.name, level: 1 })).toBeFocused();
	expect(new URL(page.url()).searchParams.get('lead')).toBe(String(kimId));

	await tabTo(page, (el) => el.tag === 'SELECT' && el.label === 'Pipeline stage');
	await expect(stageSelect(page)).toHaveValue('booked');
	// Booked → Reschedule requested → Cancelled → No-show → Closed Won with the arrow keys only shows
	// the stages: nothing is saved, however long the owner stays on one, until it is confirmed.
	for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
	await expect(stageSelect(page)).toHaveValue('won');
	const pending = page.locator('.solar-capture-stage-picker__pending');
	await expect(pending).toHaveText('Not saved yet: press Enter to move this lead to Closed Won, or Escape to keep Booked.');
	await expect(page.locator('.solar-capture-lead__header .solar-capture-stage')).toHaveText('Booked');
	await shot(page, info, 'lead-keyboard-stage-pending');
	// Checking that nothing happens needs a pause: longer than any save delay the page ever had.
	await page.waitForTimeout(1200);
	expect(patches).toEqual([]);
	expect((await admin.rest(`solar-capture/v1/leads/${kimId}`)).json.stage).toBe('booked');

	// Escape puts the select back; still nothing saved.
	await page.keyboard.press('Escape');
	await expect(stageSelect(page)).toHaveValue('booked');
	await expect(stageSelect(page)).toBeFocused();
	await expect(pending).toBeEmpty();

	// Stepped again and confirmed with Enter: one save, one timeline entry, one Undo.
	let saved = page.waitForResponse((r) => r.url().includes(`/solar-capture/v1/leads/${kimId}`) && r.request().method() !== 'GET');
	for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await saved;
	const snackbar = page.locator('.components-snackbar', { hasText: `${KIM.name} moved to Closed Won.` });
	await expect(snackbar).toBeVisible();
	await expect(page.locator('.solar-capture-lead__header .solar-capture-stage')).toHaveText('Closed Won');
	expect(patches.map((body) => JSON.parse(body).stage)).toEqual(['won']);
	expect((await admin.rest(`solar-capture/v1/leads/${kimId}`)).json.stage).toBe('won');
	const changes = page.locator('.solar-capture-event--stage_changed');
	await expect(changes.first()).toContainText('Closed Won');
	await expect(changes.filter({ hasText: 'Closed Won' })).toHaveCount(1);
	await shot(page, info, 'lead-keyboard-stage');

	await tabTo(page, (el) => el.tag === 'BUTTON' && el.name === 'Undo');
	await page.keyboard.press('Enter');
	await expect(page.locator('.components-snackbar', { hasText: `${KIM.name} is back in Booked.` })).toBeVisible();
	await expect(stageSelect(page)).toHaveValue('booked');
	expect((await admin.rest(`solar-capture/v1/leads/${kimId}`)).json.stage).toBe('booked');

	// Leaving the field confirms what it shows: one step down, then Tab away.
	await tabTo(page, (el) => el.tag === 'SELECT' && el.label === 'Pipeline stage', 150, 'Shift+Tab');
	await page.keyboard.press('ArrowDown');
	await expect(stageSelect(page)).toHaveValue('reschedule_requested');
	saved = page.waitForResponse((r) => r.url().includes(`/solar-capture/v1/leads/${kimId}`) && r.request().method() !== 'GET');
	await page.keyboard.press('Tab');
	await saved;
	await expect(page.locator('.components-snackbar', { hasText: `${KIM.name} moved to Reschedule requested.` })).toBeVisible();
	expect(patches.map((body) => JSON.parse(body).stage)).toEqual(['won', 'booked', 'reschedule_requested']);
	expect((await admin.rest(`solar-capture/v1/leads/${kimId}`)).json.stage).toBe('reschedule_requested');

	// Back to the list with the keyboard; focus lands on the list's heading.
	await tabTo(page, (el) => el.tag === 'A' && /All leads/.test(el.name), 150, 'Shift+Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeFocused();
	expect(watched.errors).toEqual([]);
});
