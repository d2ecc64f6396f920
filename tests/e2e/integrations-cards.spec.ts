// The Integrations screen's provider cards on a real site: one card per booking tool with its
// webhook URL (copied to the clipboard), setup steps, enable switch and booking page; the signing
// secret generated (shown once, then masked, never again after a reload), rotated (the old one
// still verifies), read from an env:NAME reference, and removed; and "Send test delivery", signed
// as each tool signs and posted through the real public route.
import { test, expect, type Page } from '@playwright/test';
import { postCalcom, type Stack, type WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, shot, calcomBody, INTEGRATIONS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const CARDS = [
	{ id: 'calcom', label: 'Cal.com', step: 'Settings → Developer → Webhooks', query: '' },
	{ id: 'calendly', label: 'Calendly', step: 'personal access token', query: '?provider=calendly' },
	{ id: 'orufy', label: 'Orufy Bookings', step: 'Secret Token', query: '?provider=orufy' },
	{ id: 'generic', label: 'Other booking tool (Zapier, Make, n8n, Acuity…)', step: 'Webhooks by Zapier', query: '?provider=generic' },
];

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
const providerOption = (id: string) => stack.php<Record<string, unknown>>(`return json_decode( get_option( 'solar_capture_providers' ), true )['${id}'] ?? array();`);

async function open(page: Page, allowed: RegExp[] = []) {
	const watched = await logIn(page, stack, undefined, undefined, allowed);
	await openAdmin(page, stack, INTEGRATIONS);
	await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
	await expect(page.locator('.solar-capture-provider')).toHaveCount(4);
	return watched;
}

async function sendTest(page: Page, label: string): Promise<void> {
	const answered = page.waitForResponse((r) => r.url().includes('/test') && r.request().method() === 'POST');
	await card(page, label).getByRole('button', { name: 'Send test delivery' }).click();
	await answered;
}

test('one card per provider: webhook URL with a copy button, setup steps, and the test delivery', async ({ page }, info) => {
	const watched = await open(page);
	for (const provider of CARDS) {
		const region = card(page, provider.label);
		await expect(region).toBeVisible();
		await expect(region.getByRole('textbox', { name: 'Webhook URL' })).toHaveValue(`${stack.site.webhookUrl}${provider.query}`);
		await expect(region.getByRole('button', { name: 'Copy', exact: true })).toBeVisible();
		await expect(region.getByRole('checkbox', { name: /^Receive bookings from/ })).toBeVisible();
		await expect(region.getByRole('button', { name: 'Send test delivery' })).toBeVisible();
		const details = region.locator('details.solar-capture-setup-details');
		if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
		await expect(details).toContainText(provider.step);
	}
	// Cal.com's steps name every trigger to tick.
	await expect(card(page, 'Cal.com').locator('details.solar-capture-setup-details')).toContainText('Booking Created, Booking Rescheduled, Booking Cancelled');
	await shot(page, info, 'integrations-cards');
	await shot(page, info, 'integrations-calcom-card', card(page, 'Cal.com'));
	expect(watched.errors).toEqual([]);
});

test('Copy puts the webhook URL on the clipboard', async ({ page, context }, info) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.site.url });
	const watched = await open(page);
	const region = card(page, 'Calendly');
	await region.getByRole('button', { name: 'Copy', exact: true }).click();
	await expect(region.locator('.solar-capture-copy-field__status').first()).toHaveText('Copied');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${stack.site.webhookUrl}?provider=calendly`);
	await shot(page, info, 'integrations-copied', region.locator('.solar-capture-copy-field').first());
	expect(watched.errors).toEqual([]);
});

test('the enable switch turns a provider on and off, and stays so after a reload', async ({ page }, info) => {
	const watched = await open(page);
	const orufy = card(page, 'Orufy Bookings');
	const toggle = orufy.getByRole('checkbox', { name: 'Receive bookings from Orufy Bookings' });
	await expect(toggle).not.toBeChecked();
	await expect(orufy.locator('.solar-capture-pill')).toHaveText('Off');
	await toggle.click();
	await expect(page.locator('.components-snackbar', { hasText: 'Orufy Bookings turned on.' })).toBeVisible();
	await expect(orufy.locator('.solar-capture-pill')).toHaveText('On');
	expect((await providerOption('orufy')).enabled).toBe(true);
	await page.reload();
	await expect(card(page, 'Orufy Bookings').getByRole('checkbox', { name: 'Receive bookings from Orufy Bookings' })).toBeChecked();
	await shot(page, info, 'integrations-orufy-on', card(page, 'Orufy Bookings'));

	// Off, then on again for the next tests.
	await card(page, 'Orufy Bookings').getByRole('checkbox', { name: 'Receive bookings from Orufy Bookings' }).click();
	await expect(page.locator('.components-snackbar', { hasText: 'Orufy Bookings turned off.' })).toBeVisible();
	expect((await providerOption('orufy')).enabled).toBe(false);
	await card(page, 'Orufy Bookings').getByRole('checkbox', { name: 'Receive bookings from Orufy Bookings' }).click();
	await expect(page.locator('.components-snackbar', { hasText: 'Orufy Bookings turned on.' })).toBeVisible();
	expect((await providerOption('orufy')).enabled).toBe(true);
	expect(watched.errors).toEqual([]);
});

test('a generated secret is shown once, then masked, never shown after a reload, and signs test deliveries', async ({ page }, info) => {
	const watched = await open(page);
	const orufy = card(page, 'Orufy Bookings');
	await expect(orufy).toContainText('No signing secret yet.');
	await orufy.getByRole('button', { name: 'Generate secret' }).click();
	const shown = orufy.locator('.solar-capture-new-secret');
	await expect(shown).toContainText('Copy it now: it will not be shown again.');
	const secret = await shown.getByRole('textbox', { name: 'New signing secret' }).inputValue();
	expect(secret.length).toBeGreaterThanOrEqual(32);
	expect((await providerOption('orufy')).secret).toBe(secret);
	await shot(page, info, 'integrations-secret-shown', orufy);

	await orufy.getByRole('button', { name: 'I have copied it, hide the secret' }).click();
	await expect(shown).toHaveCount(0);
	await expect(orufy.locator('.solar-capture-secret__hint')).toHaveText(`••••••••${secret.slice(-4)}`);
	expect(await page.content()).not.toContain(secret);

	// Signed with it (Authorization: Bearer, as Orufy sends it): the real route accepts it.
	await sendTest(page, 'Orufy Bookings');
	await expect(orufy.locator('.components-notice.is-success')).toContainText('The test delivery reached your site as Orufy Bookings would send it.');
	await expect(orufy.locator('.components-notice.is-success')).toContainText('HTTP 200 · Ignored');

	await page.reload();
	await expect(card(page, 'Orufy Bookings').locator('.solar-capture-secret__hint')).toHaveText(`••••••••${secret.slice(-4)}`);
	await expect(card(page, 'Orufy Bookings').locator('.solar-capture-new-secret')).toHaveCount(0);
	expect(await page.content()).not.toContain(secret);
	expect(JSON.stringify((await admin.rest('solar-capture/v1/integrations')).json)).not.toContain(secret);
	await shot(page, info, 'integrations-secret-masked', card(page, 'Orufy Bookings'));
	expect(watched.errors).toEqual([]);
});

test('rotating the secret: a new one is shown once; the previous one keeps working for 24 hours, or stops at once when it leaked', async ({ page }, info) => {
	const watched = await open(page);
	const old = stack.site.secrets.calcom;
	const calcom = card(page, 'Cal.com');
	await expect(calcom.locator('.solar-capture-secret__hint')).toHaveText(`••••••••${old.slice(-4)}`);
	await calcom.getByRole('button', { name: 'Rotate secret' }).click();
	const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
	// A planned change unless the owner says it leaked.
	await expect(dialog.getByRole('radio', { name: /A planned change: it keeps working for 24 hours/ })).toBeChecked();
	await expect(dialog.getByRole('radio', { name: /It leaked: it stops working now/ })).not.toBeChecked();
	await shot(page, info, 'integrations-rotate-confirm');
	await dialog.getByRole('button', { name: 'Generate new secret' }).click();
	const secret = await calcom.getByRole('textbox', { name: 'New signing secret' }).inputValue();
	expect(secret).not.toBe(old);
	await expect(calcom.locator('.components-notice.is-info')).toContainText('The previous secret keeps working until');
	const stored = await providerOption('calcom');
	expect(stored).toMatchObject({ secret, previous_secret: old });
	await shot(page, info, 'integrations-rotated', calcom);

	// Both verify real bookings now; the test delivery uses the new one.
	for (const [key, email] of [
		[old, 'old.secret@example.org'],
		[secret, 'new.secret@example.org'],
	]) {
		const answer = await postCalcom(stack.site, calcomBody({ email }), key);
		expect(answer.status).toBe(200);
		expect(answer.json.status).toBe('applied');
	}
	expect((await postCalcom(stack.site, calcomBody({ email: 'wrong@example.org' }), 'whsec_wrong')).status).toBe(401);
	await sendTest(page, 'Cal.com');
	await expect(calcom.locator('.components-notice.is-success')).toContainText('HTTP 200 · Ignored');
	await calcom.getByRole('button', { name: 'I have copied it, hide the secret' }).click();

	// It leaked: rotated again, the current secret stops at once (and the one before it too).
	await calcom.getByRole('button', { name: 'Rotate secret' }).click();
	const leak = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
	await leak.getByRole('radio', { name: /It leaked: it stops working now/ }).check();
	await shot(page, info, 'integrations-rotate-leaked');
	await leak.getByRole('button', { name: 'Generate new secret' }).click();
	const fresh = await calcom.getByRole('textbox', { name: 'New signing secret' }).inputValue();
	expect(await providerOption('calcom')).toMatchObject({ secret: fresh, previous_secret: null, previous_secret_expires: null });
	await expect(calcom.locator('.components-notice.is-info', { hasText: 'The previous secret keeps working until' })).toHaveCount(0);
	// (The sidecar may hold the settings it read for about a second.)
	for (const key of [secret, old]) await expect.poll(async () => (await postCalcom(stack.site, calcomBody({ email: 'leaked@example.org' }), key)).status, { timeout: 5000 }).toBe(401);
	const answer = await postCalcom(stack.site, calcomBody({ email: 'after.leak@example.org' }), fresh);
	expect(answer.json.status).toBe('applied');
	await calcom.getByRole('button', { name: 'I have copied it, hide the secret' }).click();
	expect(watched.errors).toEqual([]);
});

test('an env:NAME reference replaces the stored secret; a bad name is refused', async ({ page }, info) => {
	const watched = await open(page, [/\/wp-json\/solar-capture\/v1\/integrations\/orufy\/test/]);
	const orufy = card(page, 'Orufy Bookings');
	await orufy.getByRole('button', { name: 'Use an environment variable' }).click();
	const name = orufy.getByLabel('Environment variable name');
	await name.fill('1BAD');
	await orufy.getByRole('button', { name: 'Use this variable' }).click();
	await expect(orufy.locator('.solar-capture-env')).toContainText('Use letters, digits and underscores, not starting with a digit');
	await shot(page, info, 'integrations-env-invalid', orufy.locator('.solar-capture-env'));
	// A name not meant for secrets (the database password's) is refused by the site, and nothing changes.
	const before = (await providerOption('orufy')).secret;
	await name.fill('DB_PASSWORD');
	await orufy.getByRole('button', { name: 'Use this variable' }).click();
	await expect(orufy.locator('.solar-capture-env')).toContainText('DB_PASSWORD cannot hold a webhook secret here');
	expect((await providerOption('orufy')).secret).toBe(before);
	await name.fill('env:ORUFY_WEBHOOK_SECRET');
	await orufy.getByRole('button', { name: 'Use this variable' }).click();
	await expect(orufy).toContainText('The secret is read from the environment variable ORUFY_WEBHOOK_SECRET on the server');
	expect((await providerOption('orufy')).secret).toBe('env:ORUFY_WEBHOOK_SECRET');
	await page.reload();
	await expect(card(page, 'Orufy Bookings')).toContainText('The secret is read from the environment variable ORUFY_WEBHOOK_SECRET');
	await expect(card(page, 'Orufy Bookings').getByRole('button', { name: 'Generate a secret instead' })).toBeVisible();

	// WordPress cannot see the sidecar's variable, so it cannot sign a test: it says so.
	await sendTest(page, 'Orufy Bookings');
	await expect(card(page, 'Orufy Bookings').locator('.components-notice.is-error')).toContainText('which WordPress cannot see');
	await shot(page, info, 'integrations-env-saved', card(page, 'Orufy Bookings'));
	expect(watched.errors).toEqual([]);
});

test('removing the secret asks first; without one, deliveries are refused', async ({ page }, info) => {
	const watched = await open(page);
	const orufy = card(page, 'Orufy Bookings');
	await orufy.getByRole('button', { name: 'Remove secret' }).click();
	let dialog = page.getByRole('dialog', { name: 'Remove the signing secret?' });
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	expect((await providerOption('orufy')).secret).toBe('env:ORUFY_WEBHOOK_SECRET');
	await orufy.getByRole('button', { name: 'Remove secret' }).click();
	dialog = page.getByRole('dialog', { name: 'Remove the signing secret?' });
	await expect(dialog).toContainText('every delivery from Orufy Bookings is refused');
	await shot(page, info, 'integrations-remove-confirm');
	await dialog.getByRole('button', { name: 'Remove secret' }).click();
	await expect(page.locator('.components-snackbar', { hasText: 'Secret removed.' })).toBeVisible();
	await expect(orufy).toContainText('No signing secret yet.');
	expect((await providerOption('orufy')).secret).toBe('');

	await sendTest(page, 'Orufy Bookings');
	const notice = orufy.locator('.components-notice', { hasText: 'The test delivery did not get through.' });
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('Rejected');
	await shot(page, info, 'integrations-secret-removed', orufy);
	expect(watched.errors).toEqual([]);
});

test('the booking page URL is checked, saved and kept', async ({ page }, info) => {
	const watched = await open(page);
	const calcom = card(page, 'Cal.com');
	const field = calcom.getByLabel('Booking page address');
	await field.fill('cal.com/sunny-installs');
	await calcom.getByRole('button', { name: 'Save booking page' }).click();
	await expect(calcom.locator('.solar-capture-booking-url .components-notice.is-error')).toContainText('Enter the full address, starting with https://');
	expect((await providerOption('calcom')).booking_url).toBe('');
	await shot(page, info, 'integrations-booking-invalid', calcom.locator('.solar-capture-booking-url'));
	await field.fill('https://cal.com/sunny-installs/solar-survey');
	await calcom.getByRole('button', { name: 'Save booking page' }).click();
	await expect(page.locator('.components-snackbar', { hasText: 'Booking page saved.' })).toBeVisible();
	expect((await providerOption('calcom')).booking_url).toBe('https://cal.com/sunny-installs/solar-survey');
	await page.reload();
	await expect(card(page, 'Cal.com').getByLabel('Booking page address')).toHaveValue('https://cal.com/sunny-installs/solar-survey');
	expect(watched.errors).toEqual([]);
});

test('Send test delivery goes through the real route: Cal.com’s PING is answered "ignored" and logged', async ({ page }, info) => {
	const watched = await open(page);
	const calcom = card(page, 'Cal.com');
	const answered = page.waitForResponse((r) => r.url().includes('/integrations/calcom/test'));
	await calcom.getByRole('button', { name: 'Send test delivery' }).click();
	const result = await (await answered).json();
	expect(result).toMatchObject({ provider: 'calcom', http_status: 200, status: 'ignored', signed: true, url: stack.site.webhookUrl });
	const notice = calcom.locator('.components-notice.is-success');
	await expect(notice).toContainText('The test delivery reached your site as Cal.com would send it.');
	await expect(notice).toContainText('HTTP 200 · Ignored');
	await expect(notice).toContainText('Test delivery received');
	// Stored as a delivery like any other, and listed under Recent deliveries.
	const row = await stack.php<Record<string, string>>(`global $wpdb; return $wpdb->get_row( $wpdb->prepare( "SELECT provider, trigger_name, status, http_status FROM {$wpdb->prefix}solar_deliveries WHERE id = %d", ${Number(result.delivery_id)} ), ARRAY_A );`);
	expect(row).toMatchObject({ provider: 'calcom', trigger_name: 'PING', status: 'ignored' });
	const first = page.locator('.solar-capture-deliveries tbody tr').first();
	await expect(first).toContainText('PING');
	await expect(first).toContainText('Ignored');
	await shot(page, info, 'integrations-test-delivery', calcom);
	expect(watched.errors).toEqual([]);
});
