// Issue 9 in the browser, on a real site with the sidecar: the owner maps booking questions to
// lead fields on the Cal.com card (by keyboard, and at phone width), a real-shaped Cal.com
// delivery with that question through the real route fills the blank lead field and leaves a
// filled one alone; on Leads, "Awaiting payment" and the UTM campaign filter find who they should,
// and the CSV export carries the same filters.
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';
import { startAdminSite, logIn, openAdmin, openLeads, leadCount, postCalcomBodies, seedLeads, shot, iso, DAY, INTEGRATIONS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

let stack: Stack;
let admin: WpSession;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
});

test.afterAll(async () => {
	await stack?.stop();
});

const card = (page: Page, label: string) => page.getByRole('region', { name: label, exact: true });
const calcomMap = () => stack.php<Record<string, string>>(`return json_decode( get_option( 'solar_capture_providers' ), true )['calcom']['answer_map'] ?? null;`);

/** A Cal.com booking whose form asked "Best number to reach you" (a custom phone field). */
function bookingWithNumber(uid: string, email: string, name: string, number: string, extra: Record<string, unknown> = {}): string {
	const p = bookingPayload({ uid, email, name, start: iso(Date.now() + 5 * DAY) });
	Object.assign(p.responses as Record<string, unknown>, {
		'best-number': { label: 'Best number to reach you', value: number },
		postcode: { label: 'Postcode', value: 'LS1 4AP' },
	});
	return envelope('BOOKING_CREATED', { ...p, ...extra });
}

async function leadByEmail(email: string): Promise<Record<string, any>> {
	const found = await admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent(email)}`);
	return (await admin.rest(`solar-capture/v1/leads/${found.json[0].id}`)).json;
}

test('the Cal.com card maps a booking question to a lead field by keyboard; a delivery fills only a blank field', async ({ page }, info) => {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, INTEGRATIONS);
	const calcom = card(page, 'Cal.com');
	const form = calcom.getByRole('form', { name: 'Booking answers' });
	await expect(form).toContainText('No questions mapped: the defaults above apply.');

	// The defaults the sidecar uses, from lead-fields.json.
	await form.getByText('Questions without a row below are matched by their label').click();
	await expect(form).toContainText('Phone: a question like “Phone”, “Mobile number”, “Telephone”');
	await expect(form).toContainText('Postcode: a question like “Postcode”, “ZIP code”, “Postal code”');
	await expect(form).toContainText('Message: only through a row below');

	// Keyboard only: "Add a question" moves focus into the new row's question.
	const add = form.getByRole('button', { name: 'Add a question' });
	await add.focus();
	await page.keyboard.press('Enter');
	const q1 = form.getByRole('textbox', { name: 'Question 1' });
	await expect(q1).toBeFocused();
	await page.keyboard.type('Best number to reach you');
	await expect(form).toContainText('Without this row: not used.');
	await page.keyboard.press('Tab');
	await expect(form.getByRole('combobox', { name: 'Lead field for question 1' })).toBeFocused();
	await form.getByRole('combobox', { name: 'Lead field for question 1' }).selectOption('phone');

	// A second row: "Postcode" would fill the postcode by default; the owner says "not used".
	await add.click();
	await form.getByRole('textbox', { name: 'Question 2' }).fill('Postcode');
	await expect(form).toContainText('Without this row: Postcode.');
	await form.getByRole('combobox', { name: 'Lead field for question 2' }).selectOption({ label: 'Do not use this answer' });

	// The same question twice is refused before saving; removing the row moves focus on.
	await add.click();
	await form.getByRole('textbox', { name: 'Question 3' }).fill('  best NUMBER to reach you ');
	await expect(form.getByRole('alert')).toHaveText('This question is already listed above.');
	await form.getByRole('button', { name: 'Save booking answers' }).click();
	await expect(form.locator('.components-notice.is-error')).toContainText('Fix the questions marked below, then save again.');
	expect(await calcomMap()).toBeNull();
	await form.getByRole('button', { name: 'Remove question 3' }).click();
	await expect(form.getByRole('textbox', { name: 'Question 3' })).toHaveCount(0);
	await expect(form.getByRole('textbox', { name: 'Question 2' })).toBeFocused();
	await expect(form.locator('.components-notice.is-error')).toHaveCount(0);
	await shot(page, info, 'answer-map-rows', form);

	const saved = page.waitForResponse((r) => r.url().includes('integrations/calcom') && r.request().method() === 'POST');
	await form.getByRole('button', { name: 'Save booking answers' }).click();
	expect((await saved).status()).toBe(200);
	await expect(page.locator('.components-snackbar', { hasText: 'Booking answers saved.' })).toBeVisible();
	expect(await calcomMap()).toEqual({ 'Best number to reach you': 'phone', Postcode: '' });
	await expect(form.getByRole('button', { name: 'Save booking answers' })).toBeDisabled();

	// Kept after a reload.
	await page.reload();
	const again = card(page, 'Cal.com').getByRole('form', { name: 'Booking answers' });
	await expect(again.getByRole('textbox', { name: 'Question 1' })).toHaveValue('Best number to reach you');
	await expect(again.getByRole('combobox', { name: 'Lead field for question 1' })).toHaveValue('phone');
	await expect(again.getByRole('combobox', { name: 'Lead field for question 2' })).toHaveValue('');

	// A new lead: the mapped answer fills the blank phone; "Postcode" is not used.
	await postCalcomBodies(stack, [bookingWithNumber('am-new-1', 'answer.map@example.org', 'Ana Map', '07700 900111')]);
	expect(await leadByEmail('answer.map@example.org')).toMatchObject({ phone: '07700 900111', postcode: '' });
	// A lead whose phone the owner already has: the answer never overwrites it.
	await seedLeads(stack, [{ name: 'Kim Known', email: 'kim.known@example.org', phone: '0131 496 0777' }]);
	await postCalcomBodies(stack, [bookingWithNumber('am-known-1', 'kim.known@example.org', 'Kim Known', '07700 900999')]);
	expect(await leadByEmail('kim.known@example.org')).toMatchObject({ phone: '0131 496 0777' });

	// At phone width the rows stack and nothing runs off the screen.
	await page.setViewportSize({ width: 375, height: 800 });
	const row = again.locator('.solar-capture-answer-map__row').first();
	await row.scrollIntoViewIfNeeded();
	const box = (await row.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(375);
	const question = (await again.getByRole('textbox', { name: 'Question 1' }).boundingBox())!;
	const field = (await again.getByRole('combobox', { name: 'Lead field for question 1' }).boundingBox())!;
	expect(field.y).toBeGreaterThan(question.y + question.height - 1);
	await shot(page, info, 'answer-map-phone', again);
	expect(watched.errors).toEqual([]);
});

test('Leads: "Awaiting payment" and the UTM campaign filter, and the export with the same filters', async ({ page }, info) => {
	const start = iso(Date.now() + 6 * DAY);
	const paid = { price: 4900, currency: 'gbp', paymentId: 91 };
	const left = bookingPayload({ uid: 'am-pay-left', email: 'pay.left@example.org', name: 'Pat Left', start });
	left.metadata = { utm_source: 'google', utm_campaign: 'spring sale, 2026' };
	await postCalcomBodies(stack, [envelope('BOOKING_PAYMENT_INITIATED', { ...left, ...paid })]);

	const watched = await logIn(page, stack);
	await openLeads(page, stack);
	await expect(leadCount(page)).toHaveText('3 leads');

	let request = page.waitForResponse((r) => new URL(r.url()).searchParams.get('awaiting_payment') === 'true');
	await page.getByRole('button', { name: 'Add filter' }).click();
	await page.getByRole('menuitem', { name: 'Awaiting payment' }).click();
	await page.getByRole('option', { name: 'Yes' }).click();
	await page.keyboard.press('Escape');
	await request;
	await expect(leadCount(page)).toHaveText('1 lead');
	await expect(page.locator('.dataviews-view-table tbody tr')).toContainText('Pat Left');
	await shot(page, info, 'leads-filter-awaiting-payment');
	await page.getByRole('button', { name: 'Reset', exact: true }).click();
	await expect(leadCount(page)).toHaveText('3 leads');

	request = page.waitForResponse((r) => new URL(r.url()).searchParams.get('utm_campaign[0]') === 'spring sale, 2026');
	await page.getByRole('button', { name: 'Add filter' }).click();
	await page.getByRole('menuitem', { name: 'UTM campaign' }).click();
	await page.getByRole('option', { name: 'spring sale, 2026' }).click();
	await page.keyboard.press('Escape');
	await request;
	await expect(leadCount(page)).toHaveText('1 lead');
	const href = (await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!;
	expect(new URL(href).searchParams.get('utm_campaign[0]')).toBe('spring sale, 2026');
	const csv = await (await page.request.get(href)).text();
	expect(csv).toContain('pay.left@example.org');
	expect(csv).not.toContain('kim.known@example.org');
	await shot(page, info, 'leads-filter-utm-campaign');
	expect(watched.errors).toEqual([]);
});
