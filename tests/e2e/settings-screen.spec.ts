// The Settings screen on a real site: how the booking step shows (embedded calendar, button, only in
// the e-mail, never) and the button's text (with the default as placeholder), the notification e-mail (a wrong address is refused with a message, in
// the browser and by the server), keep or delete data on uninstall; everything saved is there
// after a reload and in the stored option.
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, shot, SETTINGS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const EMBEDDED = 'Embedded booking calendar, right after the quote form is sent';
const AFTER_FORM = 'A button to the booking page, right after the quote form is sent';
const EMAIL_ONLY = 'Only in the confirmation e-mail sent to the visitor';
const KEEP = /^Keep all leads, bookings and settings/;
const DELETE = /^Delete everything/;

let stack: Stack;
let admin: WpSession;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
});

test.afterAll(async () => {
	await stack?.stop();
});

const stored = () => stack.php<Record<string, unknown>>(`return json_decode( (string) get_option( 'solar_capture_settings', '{}' ), true ) ?: array();`);
const emailField = (page: Page) => page.getByLabel('E-mail new leads and bookings to');
const buttonText = (page: Page) => page.getByLabel('Button text');

async function open(page: Page, allowed: RegExp[] = []) {
	const watched = await logIn(page, stack, undefined, undefined, allowed);
	await openAdmin(page, stack, SETTINGS);
	await expect(page.locator('.solar-capture-settings__form')).toBeVisible();
	return watched;
}

async function save(page: Page): Promise<void> {
	const saved = page.waitForResponse((r) => r.url().includes('/solar-capture/v1/settings') && r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await saved;
}

test('shows the current settings with their defaults', async ({ page }, info) => {
	const watched = await open(page);
	const current = (await admin.rest('solar-capture/v1/settings')).json;
	await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
	const labels: Record<string, string> = { embed: EMBEDDED, after_submit: AFTER_FORM, email: EMAIL_ONLY, never: 'Never' };
	await expect(page.getByRole('radio', { name: labels[current.cta_show] })).toBeChecked();
	await expect(buttonText(page)).toHaveAttribute('placeholder', current.cta_text_default);
	await expect(page.getByText(`Leave empty to use “${current.cta_text_default}”.`)).toBeVisible();
	await expect(emailField(page)).toHaveAttribute('placeholder', 'admin@example.com');
	await expect(page.getByRole('radio', { name: current.delete_data_on_uninstall ? DELETE : KEEP })).toBeChecked();
	await expect(page.getByRole('link', { name: 'Set the booking page' })).toHaveAttribute('href', `${stack.site.url}/wp-admin/admin.php?page=solar-capture-integrations`);
	await shot(page, info, 'settings-defaults');
	expect(watched.errors).toEqual([]);
});

test('a wrong e-mail address is refused with a message; the rest saves and survives a reload', async ({ page }, info) => {
	const watched = await open(page);
	const posts: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('/solar-capture/v1/settings') && r.method() === 'POST') posts.push(r.postData() ?? '');
	});
	await page.getByRole('radio', { name: EMAIL_ONLY }).check();
	await buttonText(page).fill('Pick a time for your roof survey');
	await emailField(page).fill('sales@solar');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Enter a full e-mail address such as you@example.com, or leave the field empty.')).toBeVisible();
	await expect(page.locator('.components-notice.is-error')).toContainText('The settings were not saved: check the notification e-mail address.');
	await expect(emailField(page)).toHaveAttribute('aria-invalid', 'true');
	expect(posts).toEqual([]);
	expect((await stored()).notification_email ?? '').toBe('');
	await shot(page, info, 'settings-invalid-email');

	await emailField(page).fill('sales@sunny-installs.example');
	await page.getByRole('checkbox', { name: 'Also e-mail when a booking is made, moved or cancelled' }).uncheck();
	await page.getByRole('radio', { name: DELETE }).check();
	await expect(page.locator('.components-notice.is-warning')).toContainText('Deleting the plugin will erase your leads');
	await expect(page.getByText('You have unsaved changes.')).toBeVisible();
	await save(page);
	await expect(page.locator('.components-notice.is-success')).toContainText('Settings saved.');
	await expect(page.getByText('You have unsaved changes.')).toHaveCount(0);
	expect(await stored()).toMatchObject({ cta_show: 'email', cta_text: 'Pick a time for your roof survey', notification_email: 'sales@sunny-installs.example', notify_on_booking: false, delete_data_on_uninstall: true });
	await shot(page, info, 'settings-saved');

	await page.reload();
	await expect(page.getByRole('radio', { name: EMAIL_ONLY })).toBeChecked();
	await expect(buttonText(page)).toHaveValue('Pick a time for your roof survey');
	await expect(emailField(page)).toHaveValue('sales@sunny-installs.example');
	await expect(page.getByRole('checkbox', { name: 'Also e-mail when a booking is made, moved or cancelled' })).not.toBeChecked();
	await expect(page.getByRole('radio', { name: DELETE })).toBeChecked();
	await shot(page, info, 'settings-after-reload');

	// Never: the text is not used (its field is disabled); back to keeping data.
	await page.getByRole('radio', { name: 'Never' }).check();
	await expect(buttonText(page)).toBeDisabled();
	await page.getByRole('radio', { name: KEEP }).check();
	await save(page);
	await expect(page.locator('.components-notice.is-success')).toContainText('Settings saved.');
	await page.reload();
	await expect(page.getByRole('radio', { name: 'Never' })).toBeChecked();
	await expect(page.getByRole('radio', { name: KEEP })).toBeChecked();
	expect(await stored()).toMatchObject({ cta_show: 'never', delete_data_on_uninstall: false });
	expect(watched.errors).toEqual([]);
});

test('an address the server refuses is reported as an error notice, and nothing changes', async ({ page }, info) => {
	const watched = await open(page, [/\/wp-json\/solar-capture\/v1\/settings/]);
	const before = await stored();
	// Looks like an address to the screen's own check; WordPress says no (two dots in a row).
	await emailField(page).fill('sales@sunny..example');
	await save(page);
	const error = page.locator('.components-notice.is-error');
	await expect(error).toBeVisible();
	await expect(error).toContainText('Enter a valid notification e-mail address');
	expect(await stored()).toEqual(before);
	await shot(page, info, 'settings-server-refused');
	// And straight through the REST API.
	const answer = await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { notification_email: 'not-an-address' } });
	expect(answer.status).toBe(400);
	// Emptied, the field falls back to the site's address.
	await emailField(page).fill('');
	await save(page);
	await expect(page.locator('.components-notice.is-success')).toContainText('Settings saved.');
	expect((await stored()).notification_email).toBe('');
	expect(watched.errors).toEqual([]);
});

test('the booking step can be the embedded booking calendar; a value saved by the first settings page keeps meaning the button', async ({ page }, info) => {
	// What a site set before the calendar existed: "after_submit" is still the button.
	await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'after_submit' } });
	const watched = await open(page);
	await expect(page.getByRole('radio', { name: AFTER_FORM })).toBeChecked();
	await page.getByRole('radio', { name: EMBEDDED }).check();
	await expect(buttonText(page)).toBeEnabled();
	await save(page);
	await expect(page.locator('.components-notice.is-success')).toContainText('Settings saved.');
	expect((await stored()).cta_show).toBe('embed');
	await page.reload();
	await expect(page.getByRole('radio', { name: EMBEDDED })).toBeChecked();
	await shot(page, info, 'settings-embedded-calendar');
	// The REST API takes the four values and nothing else.
	expect((await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'popup' } })).status).toBe(400);
	expect((await admin.rest('solar-capture/v1/settings')).json.cta_show).toBe('embed');
	expect(watched.errors).toEqual([]);
});
