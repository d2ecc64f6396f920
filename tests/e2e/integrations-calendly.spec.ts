// "Register webhook with Calendly" against a local fake of Calendly's documented endpoints: a refused
// token, a registration (GET /users/me, then POST /webhook_subscriptions with url, events,
// organization, user, scope and a new signing_key, which becomes Calendly's secret and signs the
// next test delivery), and registering again, which Calendly answers 409 until the owner asks to
// replace the existing subscription.
import * as crypto from 'node:crypto';
import { test, expect, type Page } from '@playwright/test';
import type { Stack, WpSession } from '../helpers/stack';
import { calendlySignature, future, invitee } from '../fixtures/providers';
import { startAdminSite, logIn, openAdmin, shot, INTEGRATIONS } from './admin-helpers';
import { startFakeCalendly, pointSiteAtFake, type FakeCalendly } from './fake-calendly';

test.describe.configure({ mode: 'serial' });

const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];

let stack: Stack;
let admin: WpSession;
let fake: FakeCalendly;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	fake = await startFakeCalendly();
	pointSiteAtFake(stack.site, fake);
});

test.afterAll(async () => {
	await fake?.close();
	await stack?.stop();
});

const calendlyCard = (page: Page) => page.getByRole('region', { name: 'Calendly', exact: true });
const storedSecret = () => stack.php<string>(`return json_decode( get_option( 'solar_capture_providers' ), true )['calendly']['secret'] ?? '';`);

async function register(page: Page, token: string): Promise<void> {
	const form = calendlyCard(page).locator('form.solar-capture-calendly');
	await form.getByLabel('Calendly personal access token').fill(token);
	await form.getByRole('button', { name: 'Register webhook with Calendly' }).click();
}

test('a refused token is explained, and nothing is stored', async ({ page }, info) => {
	const watched = await logIn(page, stack, undefined, undefined, [/\/wp-json\/solar-capture\/v1\/integrations\/calendly\/register/]);
	await openAdmin(page, stack, INTEGRATIONS);
	const card = calendlyCard(page);
	await expect(card).toBeVisible();
	await expect(card.locator('.solar-capture-pill')).toHaveText('Off');
	// Not connected yet: the setup steps are open, with the registration form inside.
	await expect(card.locator('details.solar-capture-setup-details')).toHaveAttribute('open', '');
	await expect(card).toContainText('personal access token');
	await register(page, 'pat_wrong');
	const error = card.locator('.solar-capture-calendly .components-notice.is-error');
	await expect(error).toContainText('Calendly says the personal access token was refused');
	await expect(card.getByLabel('Calendly personal access token')).toHaveValue('');
	expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /users/me']);
	expect(fake.requests[0].authorization).toBe('Bearer pat_wrong');
	expect(await storedSecret()).toBe('');
	await shot(page, info, 'integrations-calendly-refused', card.locator('.solar-capture-calendly'));
	expect(watched.errors).toEqual([]);
});

test('registering subscribes the webhook URL with a new signing key, which then verifies deliveries', async ({ page }, info) => {
	fake.requests.length = 0;
	const watched = await logIn(page, stack);
	await openAdmin(page, stack, INTEGRATIONS);
	const card = calendlyCard(page);
	await register(page, fake.token);
	await expect(card.locator('.solar-capture-calendly .components-notice.is-success')).toContainText('Registered with Calendly and the signing key is saved.');
	await expect(card.getByLabel('Calendly personal access token')).toHaveValue('');

	// The documented requests, in order, with the documented body.
	expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /users/me', 'POST /webhook_subscriptions']);
	for (const request of fake.requests) expect(request.authorization).toBe(`Bearer ${fake.token}`);
	const post = fake.requests[1];
	expect(post.contentType).toMatch(/^application\/json/);
	const webhookUrl = `${stack.site.webhookUrl}?provider=calendly`;
	expect(Object.keys(post.body).sort()).toEqual(['events', 'organization', 'scope', 'signing_key', 'url', 'user']);
	expect(post.body).toMatchObject({ url: webhookUrl, events: EVENTS, organization: fake.organizationUri, user: fake.userUri, scope: 'user' });
	const key: string = post.body.signing_key;
	expect(key.length).toBeGreaterThanOrEqual(32);

	// Stored as Calendly's secret (never shown), the provider switched on.
	expect(await storedSecret()).toBe(key);
	await expect(card.locator('.solar-capture-pill')).toHaveText('On');
	await expect(card.locator('.solar-capture-secret__hint')).toHaveText(`••••••••${key.slice(-4)}`);
	expect(await page.content()).not.toContain(key);
	await shot(page, info, 'integrations-calendly-registered', card);

	// The key signs: the card's test delivery, and an invitee.created signed as Calendly would.
	await card.getByRole('button', { name: 'Send test delivery' }).click();
	await expect(card.locator('.components-notice.is-success', { hasText: 'The test delivery' })).toContainText('The test delivery reached your site as Calendly would send it.');
	const body = invitee.created({ uri: `https://api.calendly.com/scheduled_events/EV1/invitees/${crypto.randomUUID()}`, email: 'cal.booker@example.org', start: future(4) });
	const answer = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'calendly-webhook-signature': calendlySignature(body, key) }, body });
	expect(answer.status).toBe(200);
	expect((await answer.json()).status).toBe('applied');

	// After a reload: registered, the subscription's address shown, the key still hidden.
	await page.reload();
	await expect(calendlyCard(page)).toContainText(`Registered: ${[...fake.subscriptions.keys()][0]}`);
	expect(await page.content()).not.toContain(key);
	expect(JSON.stringify((await admin.rest('solar-capture/v1/integrations')).json)).not.toContain(key);
	expect(watched.errors).toEqual([]);
});

test('registering again meets Calendly’s 409 and offers to replace the subscription', async ({ page }, info) => {
	fake.requests.length = 0;
	const before = await storedSecret();
	const watched = await logIn(page, stack, undefined, undefined, [/\/wp-json\/solar-capture\/v1\/integrations\/calendly\/register/]);
	await openAdmin(page, stack, INTEGRATIONS);
	const card = calendlyCard(page);
	await card.locator('summary', { hasText: 'How to connect Calendly' }).click();
	await register(page, fake.token);
	const error = card.locator('.solar-capture-calendly .components-notice.is-error');
	await expect(error).toContainText('Calendly already has a webhook subscription for this site');
	expect(await storedSecret()).toBe(before);
	await shot(page, info, 'integrations-calendly-409', card.locator('.solar-capture-calendly'));

	await error.getByRole('button', { name: 'Replace the existing subscription' }).click();
	await expect(card.getByRole('checkbox', { name: 'Replace an existing subscription for this site' })).toBeChecked();
	fake.requests.length = 0;
	const old = [...fake.subscriptions.keys()][0];
	await register(page, fake.token);
	await expect(card.locator('.solar-capture-calendly .components-notice.is-success')).toContainText('the old subscription was replaced');
	expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
		'GET /users/me',
		'POST /webhook_subscriptions',
		'GET /webhook_subscriptions',
		`DELETE ${new URL(old).pathname}`,
		'POST /webhook_subscriptions',
	]);
	expect(fake.requests[2].query).toMatchObject({ organization: fake.organizationUri, user: fake.userUri, scope: 'user' });
	expect(fake.subscriptions.has(old)).toBe(false);
	expect(fake.subscriptions.size).toBe(1);
	const key = fake.requests[4].body.signing_key;
	expect(key).not.toBe(before);
	expect(await storedSecret()).toBe(key);
	await expect(card.locator('.solar-capture-secret__hint')).toHaveText(`••••••••${key.slice(-4)}`);
	await shot(page, info, 'integrations-calendly-replaced', card);
	expect(watched.errors).toEqual([]);
});
