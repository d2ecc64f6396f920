// Bulk actions on the Leads table: change the stage of selected leads (and undo it), delete
// selected leads after a confirmation, and export CSV — a real download holding every lead that
// matches the search and filters (more than one page), with a BOM, a header row, UTF-8 text and
// spreadsheet formulas defused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { parseCsv } from '../helpers/csv';
import type { Stack, WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openLeads, shot, rows, expectRows, leadCount, search, seedLeads, dbTime, DAY, type SeedLead } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const pad = (n: number) => String(n).padStart(2, '0');
const BASE = Date.UTC(2025, 5, 1, 9);
// 28 plain "Bulk Lead" rows, two with text a spreadsheet must get right, and ten others that no search for "bulk" finds.
const BULK: SeedLead[] = [
	...Array.from({ length: 28 }, (_, i) => ({
		name: `Bulk Lead ${pad(i + 1)}`,
		email: `bulk${pad(i + 1)}@example.net`,
		stage: i % 2 ? 'contacted' : 'new',
		source: 'form',
		created_at: dbTime(BASE + i * DAY),
	})),
	{ name: 'Zoë Ångström, "Sunny" Ōsaka', email: 'bulk-utf8@example.net', phone: '+46 8 123 456', postcode: 'SE-111 22', stage: 'new', created_at: dbTime(BASE + 40 * DAY) },
	{ name: '=HYPERLINK("http://evil.example","x")', email: 'bulk-formula@example.net', postcode: '+44 1', stage: 'new', created_at: dbTime(BASE + 41 * DAY) },
];
const OTHERS: SeedLead[] = Array.from({ length: 10 }, (_, i) => ({ name: `Other Person ${pad(i)}`, email: `other${pad(i)}@example.org`, stage: 'booked', created_at: dbTime(BASE + i * DAY) }));
const TOTAL = BULK.length + OTHERS.length;

let stack: Stack;
let admin: WpSession;
let ids: number[] = [];

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	ids = await seedLeads(stack, [...BULK, ...OTHERS]);
});

test.afterAll(async () => {
	await stack?.stop();
});

/** The file's columns: the exported fields of plugin/lead-fields.json, in order (times in UTC). */
const FIELDS = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'plugin', 'lead-fields.json'), 'utf8')) as { fields: Array<{ label: string; type: string; exported: boolean }> }).fields;
const HEADER = FIELDS.filter((f) => f.exported).map((f) => (f.type === 'time' ? `${f.label} (UTC)` : f.label));
// What an owner opening the file sees first.
const FIRST_COLUMNS = ['ID', 'Name', 'E-mail', 'Phone', 'Postcode', 'Address', 'Monthly bill', 'Roof type', 'Homeowner', 'Message', 'Source', 'Stage', 'Stage name', 'Stage changed (UTC)', 'Next booking (UTC)', 'Created (UTC)', 'Updated (UTC)'];

async function download(page: Page, click: () => Promise<void>): Promise<{ bytes: Buffer; name: string; url: string }> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	const bytes = fs.readFileSync((await file.path()) as string);
	return { bytes, name: file.suggestedFilename(), url: file.url() };
}

function checkCsv(bytes: Buffer, expected: SeedLead[]): string[][] {
	expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
	const text = bytes.subarray(3).toString('utf8');
	expect(text).toContain('\r\n');
	const table = parseCsv(text);
	expect(table[0]).toEqual(HEADER);
	expect(table[0].slice(0, FIRST_COLUMNS.length)).toEqual(FIRST_COLUMNS);
	const body = table.slice(1);
	expect(body).toHaveLength(expected.length);
	const emailColumn = HEADER.indexOf('E-mail');
	expect(body.map((row) => row[emailColumn]).sort()).toEqual(expected.map((lead) => lead.email).sort());
	for (const row of body) expect(row).toHaveLength(HEADER.length);
	return table;
}

test('Export CSV downloads every lead matching the search, not only the page, in UTF-8 with a BOM and a header row', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText(`${TOTAL} leads`);
	await search(page, 'bulk');
	await expect(leadCount(page)).toHaveText(`${BULK.length} leads`);
	await expectRows(page, 20); // one page of 20 shown; the export must hold all 30
	await shot(page, info, 'leads-bulk-search');

	const file = await download(page, () => page.getByRole('link', { name: 'Export CSV' }).click());
	expect(file.name).toMatch(/\.csv$/);
	const query = new URL(file.url).searchParams;
	expect(query.get('search')).toBe('bulk');
	expect(query.get('_wpnonce')).toBeTruthy();
	const table = checkCsv(file.bytes, BULK);
	const byEmail = new Map(table.slice(1).map((row) => [row[2], row]));
	// UTF-8 and quoting survive; formulas are defused with a leading apostrophe.
	expect(byEmail.get('bulk-utf8@example.net')![1]).toBe('Zoë Ångström, "Sunny" Ōsaka');
	expect(byEmail.get('bulk-formula@example.net')![1]).toBe(`'=HYPERLINK("http://evil.example","x")`);
	expect(byEmail.get('bulk-formula@example.net')![4]).toBe(`'+44 1`);
	expect(byEmail.get('bulk01@example.net')![12]).toBe('New');
	expect(byEmail.get('bulk02@example.net')![12]).toBe('Contacted');
	fs.writeFileSync(info.outputPath('leads-export.csv'), file.bytes);

	// With a stage filter on top, through the bulk action's dialog (the selection does not narrow it).
	await page.locator('.dataviews-filters__summary-chip', { hasText: 'Stage' }).click();
	await page.getByRole('option', { name: 'Contacted' }).click();
	await page.keyboard.press('Escape');
	const contacted = BULK.filter((lead) => lead.stage === 'contacted');
	await expect(leadCount(page)).toHaveText(`${contacted.length} leads`);
	await rows(page).first().getByRole('checkbox').check();
	await page.getByRole('button', { name: 'Export CSV' }).first().click();
	const dialog = page.getByRole('dialog', { name: 'Export leads as CSV' });
	await expect(dialog).toContainText(`all ${contacted.length} leads that match your current search and filters (not only the selected ones)`);
	await shot(page, info, 'leads-bulk-export-dialog');
	const filtered = await download(page, () => dialog.getByRole('link', { name: 'Download CSV' }).click());
	expect(new URL(filtered.url).searchParams.get('stage')).toBe('contacted');
	checkCsv(filtered.bytes, contacted);
	expect(watched.errors).toEqual([]);
});

test('bulk change stage moves the selected leads, records it on each timeline, and can be undone', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await search(page, 'Bulk Lead 0');
	await expectRows(page, 9);
	// Sorted newest first: Bulk Lead 09, 08, 07…
	const picked = ['Bulk Lead 09', 'Bulk Lead 08', 'Bulk Lead 07'];
	for (const name of picked) await rows(page).filter({ hasText: name }).getByRole('checkbox').check();
	await shot(page, info, 'leads-bulk-selected');

	await page.getByRole('button', { name: 'Change stage' }).first().click();
	const dialog = page.getByRole('dialog', { name: 'Change stage' });
	await expect(dialog).toContainText('Leads: Bulk Lead 09, Bulk Lead 08, Bulk Lead 07');
	const options = await dialog.getByLabel('New stage').locator('option').allInnerTexts();
	expect(options).toEqual(['Choose a stage…', 'New', 'Contacted', 'Booked', 'Reschedule requested', 'Cancelled', 'No-show', 'Closed Won', 'Closed Lost']);
	await dialog.getByLabel('New stage').selectOption({ label: 'Closed Won' });
	await shot(page, info, 'leads-bulk-stage-dialog');
	const saved = page.waitForResponse((r) => r.url().includes('/solar-capture/v1/leads/bulk') && r.request().method() === 'POST');
	await dialog.getByRole('button', { name: 'Change stage of 3 leads' }).click();
	const answer = await (await saved).json();
	expect(answer).toMatchObject({ updated: 3 });
	const snackbar = page.locator('.components-snackbar', { hasText: '3 leads moved to Closed Won.' });
	await expect(snackbar).toBeVisible();
	for (const name of picked) await expect(rows(page).filter({ hasText: name }).locator('.solar-capture-stage')).toHaveText('Closed Won');
	await expect(rows(page).filter({ hasText: 'Bulk Lead 06' }).locator('.solar-capture-stage')).toHaveText('Contacted');
	await shot(page, info, 'leads-bulk-stage-done');

	const id09 = ids[8];
	const lead = await admin.rest(`solar-capture/v1/leads/${id09}`);
	expect(lead.json.stage).toBe('won');
	const event = lead.json.events.find((e: { type: string }) => e.type === 'stage_changed');
	expect(event.data).toMatchObject({ from: 'new', to: 'won', bulk: true });
	expect(event.actor).toMatch(/^user:\d+$/);

	// Undo puts each lead back in its own earlier stage (09 and 07 were New, 08 Contacted).
	await snackbar.getByRole('button', { name: 'Undo' }).click();
	await expect(page.locator('.components-snackbar', { hasText: 'Stage change undone.' })).toBeVisible();
	await expect(rows(page).filter({ hasText: 'Bulk Lead 09' }).locator('.solar-capture-stage')).toHaveText('New');
	await expect(rows(page).filter({ hasText: 'Bulk Lead 08' }).locator('.solar-capture-stage')).toHaveText('Contacted');
	const stages = await Promise.all([8, 7, 6].map(async (i) => (await admin.rest(`solar-capture/v1/leads/${ids[i]}`)).json.stage));
	expect(stages).toEqual(['new', 'contacted', 'new']);
	expect(watched.errors).toEqual([]);
});

test('bulk delete asks first; Cancel keeps the leads, confirming deletes them for good', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await search(page, 'Bulk Lead 1');
	await expectRows(page, 10);
	const picked = ['Bulk Lead 19', 'Bulk Lead 18'];
	for (const name of picked) await rows(page).filter({ hasText: name }).getByRole('checkbox').check();

	await page.getByRole('button', { name: 'Delete' }).first().click();
	let dialog = page.getByRole('dialog', { name: 'Delete leads' });
	await expect(dialog).toContainText('Delete these leads: Bulk Lead 19, Bulk Lead 18?');
	await expect(dialog).toContainText('This cannot be undone');
	await shot(page, info, 'leads-bulk-delete-confirm');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expectRows(page, 10);
	expect((await admin.rest(`solar-capture/v1/leads/${ids[18]}`)).status).toBe(200);

	await page.getByRole('button', { name: 'Delete' }).first().click();
	dialog = page.getByRole('dialog', { name: 'Delete leads' });
	await dialog.getByRole('button', { name: 'Delete 2 leads' }).click();
	await expect(page.locator('.components-snackbar', { hasText: '2 leads deleted.' })).toBeVisible();
	await expectRows(page, 8);
	await expect(leadCount(page)).toHaveText('8 leads');
	for (const name of picked) await expect(rows(page).filter({ hasText: name })).toHaveCount(0);
	await shot(page, info, 'leads-bulk-deleted');
	expect((await admin.rest(`solar-capture/v1/leads/${ids[18]}`)).status).toBe(404);
	expect((await admin.rest(`solar-capture/v1/leads/${ids[17]}`)).status).toBe(404);
	const total = await admin.rest('solar-capture/v1/leads?per_page=1');
	expect(total.headers.get('x-wp-total')).toBe(String(TOTAL - 2));
	expect(watched.errors).toEqual([]);
});
