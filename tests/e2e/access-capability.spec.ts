// The manage_solar_leads capability guards every screen and route: an editor (no capability) sees
// no "Solar leads" menu, gets 403 on the three screens and on every admin REST route (before any
// parameter is checked), and changes nothing; a visitor without a session gets 401. Given the
// capability, the same editor gets the menu and the screens.
import { test, expect } from '@playwright/test';
import { WpSession, type Stack } from '../helpers/stack';
import { startAdminSite, logIn, openAdmin, shot, seedLeads, createUser, LEADS, INTEGRATIONS, SETTINGS } from './admin-helpers';

test.describe.configure({ mode: 'serial' });

const EDITOR = { login: 'eddie', password: 'eddie-pw-4821-solar' };

let stack: Stack;
let admin: WpSession;
let leadId = 0;
let editorId = 0;

test.beforeAll(async () => {
	test.setTimeout(90_000);
	({ stack, admin } = await startAdminSite());
	[leadId] = await seedLeads(stack, [{ name: 'Guarded Lead', email: 'guarded@example.org', stage: 'booked' }]);
	editorId = await createUser(stack, EDITOR.login, EDITOR.password, 'editor');
});

test.afterAll(async () => {
	await stack?.stop();
});

const ROUTES: Array<[string, string, unknown?]> = [
	['GET', 'leads'],
	['GET', 'leads?search=guarded&per_page=500&orderby=nonsense'], // invalid parameters: still 403, not 400
	['GET', 'leads/export'],
	['GET', `leads/LEAD`],
	['PATCH', `leads/LEAD`, { stage: 'won' }],
	['DELETE', `leads/LEAD`],
	['POST', `leads/LEAD/notes`, { text: 'sneaky' }],
	['DELETE', `leads/LEAD/notes/1`],
	['POST', 'leads/bulk', { action: 'delete', ids: ['LEAD'] }],
	['POST', 'leads/bulk', { action: 'explode' }],
	['GET', 'deliveries'],
	['POST', 'deliveries/1/replay'],
	['GET', 'integrations'],
	['POST', 'integrations/calcom', { enabled: false }],
	['POST', 'integrations/calcom/secret'],
	['POST', 'integrations/calcom/test'],
	['POST', 'integrations/calendly/register', { token: 'x' }],
	['GET', 'settings'],
	['POST', 'settings', { delete_data_on_uninstall: true }],
];

test('an editor has no Solar leads menu and gets 403 on the three screens', async ({ page }, info) => {
	const watched = await logIn(page, stack, EDITOR.login, EDITOR.password, [/\/wp-admin\/admin\.php\?page=solar-capture-(leads|integrations|settings)$/]);
	await openAdmin(page, stack, 'index.php');
	const menu = page.locator('#adminmenu');
	await expect(menu.getByRole('link', { name: 'Posts', exact: true })).toBeVisible();
	await expect(menu).not.toContainText('Solar leads');
	await expect(page.locator('#adminmenu a[href*="solar-capture"]')).toHaveCount(0);
	await shot(page, info, 'access-editor-dashboard');

	for (const screen of [LEADS, INTEGRATIONS, SETTINGS]) {
		const response = await page.goto(`${stack.site.url}/wp-admin/${screen}`);
		expect(response?.status(), screen).toBe(403);
		await expect(page.locator('body')).toContainText('Sorry, you are not allowed to access this page.');
		await expect(page.locator('#solar-capture-leads-root, #solar-capture-integrations-root, #solar-capture-settings-root')).toHaveCount(0);
		expect(await page.evaluate(() => typeof (window as unknown as { solarCapture?: unknown }).solarCapture)).toBe('undefined');
	}
	await shot(page, info, 'access-editor-403');
	expect(watched.errors).toEqual([]);
});

test('every admin REST route answers 403 to an editor and 401 without a session, and nothing changes', async () => {
	const editor = await new WpSession(stack.site).login(EDITOR.login, EDITOR.password);
	const providersBefore = await stack.php<string>(`return get_option( 'solar_capture_providers' );`);
	const settingsBefore = await stack.php<string>(`return get_option( 'solar_capture_settings' );`);
	for (const [method, route, body] of ROUTES) {
		const path = `solar-capture/v1/${route.replace('LEAD', String(leadId))}`;
		const payload = body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace('"LEAD"', String(leadId)));
		const answer = await editor.rest(path, { method, body: payload });
		expect(answer.status, `${method} ${path} as an editor`).toBe(403);
		expect(answer.json?.code, `${method} ${path}`).toMatch(/^rest_(forbidden|cannot_)/);
		const anonymous = await fetch(`${stack.site.url}/wp-json/${path}`, { method, headers: { 'content-type': 'application/json' }, body: payload === undefined ? undefined : JSON.stringify(payload) });
		expect(anonymous.status, `${method} ${path} without a session`).toBe(401);
	}
	// Nothing moved.
	const lead = await admin.rest(`solar-capture/v1/leads/${leadId}`);
	expect(lead.status).toBe(200);
	expect(lead.json.stage).toBe('booked');
	expect(lead.json.events.filter((e: { type: string }) => e.type === 'note')).toHaveLength(0);
	expect(await stack.php<string>(`return get_option( 'solar_capture_providers' );`)).toBe(providersBefore);
	expect(await stack.php<string>(`return get_option( 'solar_capture_settings' );`)).toBe(settingsBefore);
	// The administrator, for comparison, gets through.
	expect((await admin.rest('solar-capture/v1/leads')).status).toBe(200);
	expect((await admin.rest('solar-capture/v1/settings')).status).toBe(200);
});

test('given the capability, the same editor gets the menu and the Leads screen', async ({ page }, info) => {
	await stack.php(`get_user_by( 'id', ${editorId} )->add_cap( 'manage_solar_leads' ); return true;`);
	try {
		const watched = await logIn(page, stack, EDITOR.login, EDITOR.password);
		const menu = page.locator('#adminmenu');
		await expect(menu.getByRole('link', { name: 'Solar leads' }).first()).toBeVisible();
		await openAdmin(page, stack, LEADS);
		await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
		await expect(page.locator('.dataviews-view-table tbody tr')).toHaveCount(1);
		await expect(page.getByRole('link', { name: 'Guarded Lead' })).toBeVisible();
		await shot(page, info, 'access-editor-with-capability');
		expect(watched.errors).toEqual([]);
	} finally {
		await stack.php(`get_user_by( 'id', ${editorId} )->remove_cap( 'manage_solar_leads' ); return true;`);
	}
});
