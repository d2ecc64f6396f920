// The Integrations screen's health card and Recent deliveries on a real site: the sidecar's
// version (and, once stopped, the unreachable warning while deliveries are still kept), the
// deliveries log with status, reason and a link to the lead, Replay of a failed delivery after the
// missing secret is provided, the warning when the webhook URL redirects (a must-use plugin
// answers it with a 301 while an option is set), and the warning for unsigned deliveries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { postCalcom, type Stack, type WpSession } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, shot, calcomBody, phpString, sleep, INTEGRATIONS, LEADS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const ENV_SECRET = 'whsec_from_the_environment_0123456789';
const REDIRECT_TO = 'https://www.solar.example/wp-json/solar-capture/v1/calcom-webhook';

let stack: Stack;
let admin: WpSession;
let version = '';

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	version = (await (await fetch(`${stack.site.sidecarUrl}/health`)).json()).version;
	// Answers the webhook URL's check (OPTIONS) and GETs with a 301 while the option is set.
	const dir = path.join(stack.site.dir, 'wp-content', 'mu-plugins');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'solar-capture-test-redirect.php'),
		`<?php
// Written by tests/e2e/integrations-health.spec.ts: makes the webhook URL redirect, as a misconfigured host would.
if ( get_option( 'sc_test_redirect_webhook' )
	&& in_array( $_SERVER['REQUEST_METHOD'] ?? '', array( 'OPTIONS', 'GET', 'HEAD' ), true )
	&& str_starts_with( (string) parse_url( $_SERVER['REQUEST_URI'] ?? '', PHP_URL_PATH ), '/wp-json/solar-capture/v1/calcom-webhook' ) ) {
	header( 'Location: ${REDIRECT_TO}', true, 301 );
	exit;
}
`,
	);
});

test.afterAll(async () => {
	await stack?.stop();
});

const health = (page: Page) => page.getByRole('region', { name: 'Health' });
const deliveries = (page: Page) => page.getByRole('region', { name: 'Recent deliveries' });
const deliveryRows = (page: Page) => deliveries(page).locator('tbody tr');

async function setCalcomSecret(secret: string): Promise<void> {
	await stack.php(`
		$providers = json_decode( get_option( 'solar_capture_providers' ), true );
		$providers['calcom']['secret'] = ${phpString(secret)};
		$providers['calcom']['previous_secret'] = null;
		$providers['calcom']['previous_secret_expires'] = null;
		update_option( 'solar_capture_providers', wp_json_encode( $providers ) );
		return true;
	`);
}

async function open(page: Page) {
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, INTEGRATIONS);
	await expect(health(page)).toBeVisible();
	return watched;
}

test('health shows the sidecar running with its version, nothing waiting, and a webhook URL without redirect', async ({ page }, info) => {
	const watched = await open(page);
	await expect(health(page)).toContainText(`Webhook processor: running (version ${version}).`);
	await expect(health(page)).toContainText('No deliveries waiting.');
	await expect(health(page)).toContainText('The webhook URL answers directly, without a redirect.');
	await expect(health(page).locator('.solar-capture-health__line--bad')).toHaveCount(0);
	await expect(deliveries(page)).toContainText('No deliveries yet.');
	await shot(page, info, 'integrations-health-ok', health(page));
	expect(watched.errors).toEqual([]);
});

test('recent deliveries list status, reason and the lead; a failed one is replayed once its secret exists', async ({ page }, info) => {
	// An applied booking, a delivery with a wrong signature…
	const applied = await postCalcom(stack.site, calcomBody({ email: 'applied@example.org', name: 'Ada Applied' }), stack.site.secrets.calcom);
	expect(applied.json.status).toBe('applied');
	const rejected = await postCalcom(stack.site, calcomBody({ email: 'forged@example.org' }), 'whsec_not_the_secret');
	expect(rejected.status).toBe(401);
	// …and one that fails: the secret is read from an environment variable the sidecar does not have.
	await setCalcomSecret('env:MISSING_WEBHOOK_SECRET');
	await sleep(1200);
	const failed = await postCalcom(stack.site, calcomBody({ email: 'fay.failed@example.org', name: 'Fay Failed' }), ENV_SECRET);
	expect(failed.status).toBe(202);
	expect(failed.json.status).toBe('failed');
	const failedId: number = failed.json.delivery_id;
	// Keep the drain from retrying it on its own, then give the sidecar the variable.
	await stack.php(`global $wpdb; $wpdb->update( $wpdb->prefix . 'solar_deliveries', array( 'attempts' => 99 ), array( 'id' => ${failedId} ) ); return true;`);
	await stack.stopSidecar();
	await stack.startSidecar({ MISSING_WEBHOOK_SECRET: ENV_SECRET });

	const watched = await open(page);
	await expect(deliveryRows(page)).toHaveCount(3);
	await expect(health(page)).toContainText('1 failed delivery is kept for replay');
	const [failedRow, rejectedRow, appliedRow] = [deliveryRows(page).nth(0), deliveryRows(page).nth(1), deliveryRows(page).nth(2)];
	await expect(appliedRow).toContainText('Cal.com');
	await expect(appliedRow).toContainText('BOOKING_CREATED');
	await expect(appliedRow.locator('.solar-capture-delivery-status')).toHaveText('Applied');
	await expect(appliedRow).toContainText('HTTP 200');
	await expect(appliedRow.getByRole('link', { name: `Lead #${applied.json.lead_id}` })).toHaveAttribute('href', `${stack.site.url}/wp-admin/${LEADS}&lead=${applied.json.lead_id}`);
	await expect(appliedRow.getByRole('button', { name: /Replay/ })).toHaveCount(0);
	await expect(rejectedRow.locator('.solar-capture-delivery-status')).toHaveText('Rejected');
	await expect(rejectedRow).toContainText('HTTP 401');
	await expect(rejectedRow.locator('.solar-capture-deliveries__reason')).toContainText(/signature/i);
	await expect(rejectedRow.getByRole('button', { name: /Replay/ })).toHaveCount(0);
	await expect(failedRow.locator('.solar-capture-delivery-status')).toHaveText('Failed');
	await expect(failedRow.locator('.solar-capture-deliveries__reason')).toContainText('MISSING_WEBHOOK_SECRET');
	await expect(failedRow.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
	await shot(page, info, 'integrations-deliveries-failed', deliveries(page));

	const replayed = page.waitForResponse((r) => r.url().includes(`/deliveries/${failedId}/replay`));
	await failedRow.getByRole('button', { name: `Replay delivery #${failedId}` }).click();
	expect((await (await replayed).json()).status).toBe('applied');
	await expect(deliveries(page).locator('.components-notice.is-success')).toContainText(`Delivery #${failedId} replayed: Applied.`);
	await expect(deliveryRows(page).nth(0).locator('.solar-capture-delivery-status')).toHaveText('Applied');
	const leadLink = deliveryRows(page).nth(0).getByRole('link', { name: /^Lead #\d+$/ });
	await expect(leadLink).toBeVisible();
	await expect(health(page)).not.toContainText('failed delivery');
	await shot(page, info, 'integrations-deliveries-replayed', deliveries(page));
	const listed = (await admin.rest('solar-capture/v1/deliveries?per_page=5')).json.find((d: { id: number }) => d.id === failedId);
	expect(listed).toMatchObject({ status: 'applied', trigger: 'BOOKING_CREATED' });
	expect(listed).not.toHaveProperty('body');

	// The link opens the lead the replay made.
	await leadLink.click();
	await expect(page.getByRole('heading', { name: 'Fay Failed', level: 1 })).toBeVisible();
	await setCalcomSecret(stack.site.secrets.calcom);
	expect(watched.errors).toEqual([]);
});

test('accepting unsigned deliveries without a secret is warned about in the card and in Health', async ({ page }, info) => {
	const watched = await open(page);
	const generic = page.getByRole('region', { name: 'Other booking tool (Zapier, Make, n8n, Acuity…)', exact: true });
	await generic.getByRole('checkbox', { name: 'Receive bookings from your booking tool' }).click();
	await expect(generic.locator('.solar-capture-pill')).toHaveText('On');
	await expect(health(page)).not.toContainText('Unsigned deliveries are accepted');
	await generic.getByRole('checkbox', { name: 'Accept unsigned deliveries (testing only)' }).click();
	await expect(generic.locator('.solar-capture-unsigned-warning')).toContainText('accepted without any signature check');
	const warning = health(page).locator('.components-notice.is-warning', { hasText: 'Unsigned deliveries are accepted for' });
	await expect(warning).toContainText('Unsigned deliveries are accepted for: Other booking tool (Zapier, Make, n8n, Acuity…).');
	// An unsigned test delivery now gets through.
	await generic.getByRole('button', { name: 'Send test delivery' }).click();
	await expect(generic.locator('.components-notice.is-success')).toContainText('HTTP 200 · Ignored');
	await page.reload();
	await expect(health(page).locator('.components-notice.is-warning', { hasText: 'Unsigned deliveries are accepted for' })).toBeVisible();
	await shot(page, info, 'integrations-unsigned-warning', health(page));

	const card = page.getByRole('region', { name: 'Other booking tool (Zapier, Make, n8n, Acuity…)', exact: true });
	await card.getByRole('checkbox', { name: 'Accept unsigned deliveries (testing only)' }).click();
	await expect(health(page).locator('.components-notice.is-warning', { hasText: 'Unsigned deliveries are accepted for' })).toHaveCount(0);
	expect(watched.errors).toEqual([]);
});

test('a webhook URL that redirects is warned about after Check again, and the warning clears', async ({ page }, info) => {
	const watched = await open(page);
	await expect(health(page)).toContainText('The webhook URL answers directly');
	await stack.php(`update_option( 'sc_test_redirect_webhook', 1 ); return true;`);
	// Cached for five minutes: a reload still shows the old answer, Check again asks anew.
	await page.reload();
	await expect(health(page)).toContainText('The webhook URL answers directly');
	const rechecked = page.waitForResponse((r) => /\/solar-capture\/v1\/integrations\?(.*&)?recheck=(1|true)/.test(decodeURIComponent(r.url())));
	await health(page).getByRole('button', { name: 'Check again' }).click();
	await rechecked;
	const warning = health(page).locator('.solar-capture-redirect-warning');
	await expect(warning).toContainText('Your webhook URL redirects. Cal.com does not follow redirects, so its bookings would be lost.');
	await expect(warning).toContainText(`The site answers HTTP 301 for ${stack.site.webhookUrl}`);
	await expect(warning.locator('code')).toHaveText(REDIRECT_TO);
	await shot(page, info, 'integrations-redirect-warning', health(page));

	await stack.php(`delete_option( 'sc_test_redirect_webhook' ); return true;`);
	await health(page).getByRole('button', { name: 'Check again' }).click();
	await expect(warning).toHaveCount(0);
	await expect(health(page)).toContainText('The webhook URL answers directly');
	expect(watched.errors).toEqual([]);
});

test('with the sidecar stopped, Health says so and a test delivery is kept until it runs again', async ({ page }, info) => {
	await stack.stopSidecar();
	try {
		const watched = await open(page);
		const line = health(page).locator('.solar-capture-health__line--bad');
		await expect(line).toContainText('Webhook processor: not reachable.');
		await expect(line).toContainText('Deliveries are still received and kept safely');
		await expect(line).toContainText(`The sidecar is not running at ${stack.site.sidecarUrl}`);
		const calcom = page.getByRole('region', { name: 'Cal.com', exact: true });
		await calcom.getByRole('button', { name: 'Send test delivery' }).click();
		const kept = calcom.locator('.components-notice.is-warning', { hasText: 'The test delivery' });
		await expect(kept).toContainText('The test delivery reached your site and is kept, but was not processed yet.');
		await expect(kept).toContainText('HTTP 202 · Queued');
		await health(page).getByRole('button', { name: 'Check again' }).click();
		await expect(health(page)).toContainText('1 delivery waiting to be processed.');
		await expect(deliveryRows(page).nth(0).locator('.solar-capture-delivery-status')).toHaveText('Queued');
		await expect(deliveryRows(page).nth(0)).toContainText('Waiting for the webhook processor.');
		await shot(page, info, 'integrations-sidecar-down', health(page));
		await shot(page, info, 'integrations-sidecar-down-page');

		// Started again, it drains the queue.
		await stack.startSidecar({ MISSING_WEBHOOK_SECRET: ENV_SECRET });
		await expect(async () => {
			await health(page).getByRole('button', { name: 'Check again' }).click();
			await expect(health(page)).toContainText(`Webhook processor: running (version ${version}).`, { timeout: 1000 });
			await expect(health(page)).toContainText('No deliveries waiting.', { timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		expect(watched.errors).toEqual([]);
	} finally {
		if (!stack.sidecar) await stack.startSidecar({ MISSING_WEBHOOK_SECRET: ENV_SECRET });
	}
});
