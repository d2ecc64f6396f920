// Markup and script in lead names (arriving through a signed Cal.com webhook) and in a note (typed
// in the lead page) are shown as text on the list and on the lead page, and nothing runs:
// window.__xss stays undefined, no <img>/<script> appears in the screens, no dialog opens and no
// request for "x" is made.
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, openLeads, shot, rows, postCalcomBodies, calcomBody, LEADS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const NOTE = `Note with ${IMG} and ${SCRIPT} & "quotes"`;

let stack: Stack;
let admin: WpSession;
let imgId = 0;
let scriptId = 0;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	const [img, script] = await postCalcomBodies(stack, [calcomBody({ email: 'img.xss@example.org', name: IMG }), calcomBody({ email: 'script.xss@example.org', name: SCRIPT })]);
	imgId = img.lead_id;
	scriptId = script.lead_id;
	// Stored as sent: the screens, not the storage, must keep it inert.
	expect((await admin.rest(`solar-capture/v1/leads/${imgId}`)).json.name).toBe(IMG);
});

test.afterAll(async () => {
	await stack?.stop();
});

async function nothingRan(page: Page): Promise<void> {
	expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
	expect(await page.locator('#wpbody-content img[src="x"], #wpbody-content img[onerror]').count()).toBe(0);
	expect(await page.locator('#wpbody-content script:not([src])').evaluateAll((nodes) => nodes.filter((n) => (n.textContent ?? '').includes('__xss')).length)).toBe(0);
}

test('names with markup are text on the list and on the lead page; a note with markup is text too', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	const requests: string[] = [];
	page.on('request', (r) => requests.push(r.url()));

	await openLeads(page, stack);
	await expect(rows(page)).toHaveCount(2);
	const list = page.locator('.dataviews-view-table');
	await expect(list.getByRole('link', { name: IMG, exact: true })).toBeVisible();
	await expect(list.getByRole('link', { name: SCRIPT, exact: true })).toBeVisible();
	await expect(list.locator('.solar-capture-lead-name', { hasText: IMG })).toHaveText(IMG);
	await nothingRan(page);
	await shot(page, info, 'xss-list');

	// The lead page: heading, contact details, the booking's title, the delete dialog's question.
	await list.getByRole('link', { name: IMG, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(IMG);
	await expect(page.getByRole('region', { name: 'Contact details' })).toContainText(IMG);
	await expect(page.locator('.solar-capture-booking').first()).toContainText(`Solar survey call between Sunny Installs and ${IMG}`);
	await page.getByRole('button', { name: 'Delete lead' }).click();
	await expect(page.getByRole('dialog')).toContainText(`Delete ${IMG}?`);
	await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
	await nothingRan(page);

	// A note typed with markup, shown in the notes, on the timeline and after a reload.
	const notes = page.getByRole('region', { name: 'Notes' });
	await notes.getByLabel('Add a note').fill(NOTE);
	await notes.getByRole('button', { name: 'Add note' }).click();
	await expect(notes.locator('.solar-capture-note-text')).toHaveText(NOTE);
	await expect(page.getByRole('region', { name: 'Timeline' }).locator('.solar-capture-event--note .solar-capture-note-text')).toHaveText(NOTE);
	// A stage change announces the name in a snackbar: text as well.
	await page.getByLabel('Pipeline stage').selectOption('contacted');
	await expect(page.locator('.components-snackbar', { hasText: `${IMG} moved to Contacted.` })).toBeVisible();
	await nothingRan(page);
	await shot(page, info, 'xss-lead-img');
	const stored = (await admin.rest(`solar-capture/v1/leads/${imgId}`)).json.events.find((e: { type: string }) => e.type === 'note');
	expect(stored.data.text).toBe(NOTE);

	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(IMG);
	await expect(page.getByRole('region', { name: 'Notes' }).locator('.solar-capture-note-text')).toHaveText(NOTE);
	await nothingRan(page);

	// The other lead, opened by its own URL.
	await openAdmin(page, stack, `${LEADS}&lead=${scriptId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SCRIPT);
	await expect(page.getByRole('region', { name: 'Contact details' })).toContainText(SCRIPT);
	await nothingRan(page);
	await shot(page, info, 'xss-lead-script');

	// Back on the list after all that: still text, and no request ever went for the image "x".
	await page.getByRole('link', { name: 'All leads' }).click();
	await expect(page.locator('.dataviews-view-table').getByRole('link', { name: SCRIPT, exact: true })).toBeVisible();
	await nothingRan(page);
	expect(requests.filter((url) => /\/x(\?|$)/.test(new URL(url).pathname + new URL(url).search))).toEqual([]);
	expect(watched.errors).toEqual([]);
});
