// Shared hosting (docs/production.md, "Shared hosting"): the host runs the sidecar as a Node.js app
// and hands it a Unix socket in PORT (as Hestia/Vesta-style panels do; Passenger makes any listen()
// one itself); the plugin's sidecar URL points at it as unix:<path>. Such a sidecar runs with
// REQUIRE_TOKEN=1 (as it does by itself under Passenger, which publishes every app): every call from
// PHP carries the site's token. Deliveries go through the socket; Tools → Site Health says when no
// sidecar is reachable and how many deliveries are waiting.
import * as path from 'node:path';
import { startStack, postCalcom, WpSession, waitUntil, type Stack } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../scripts/lib/site.js');

let stack: Stack;
let admin: WpSession;

interface HealthResult {
	label: string;
	status: 'good' | 'recommended' | 'critical';
	description: string;
	actions: string;
	test: string;
	badge: { label: string };
}

/** Runs Solar Capture's test the way Tools → Site Health does: from WordPress's list of direct tests. */
const siteHealth = () =>
	stack.php<HealthResult & { registered: boolean }>(`
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		$tests = WP_Site_Health::get_tests();
		$test  = $tests['direct']['solar_capture_sidecar'] ?? null;
		return $test ? call_user_func( $test['test'] ) + array( 'registered' => true ) : array( 'registered' => false );
	`);

beforeAll(async () => {
	stack = await startStack({ sidecarSocket: (dir) => path.join(dir, 'nodeapp', 'sidecar.sock'), sidecar: false });
	await stack.startSidecar({ REQUIRE_TOKEN: '1' });
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
});

afterAll(async () => {
	await stack?.stop();
});

test('the sidecar listens on the Unix socket given in PORT, and PHP reaches it through SOLAR_CAPTURE_SIDECAR_URL=unix:…', async () => {
	expect(stack.site.sidecarUrl).toMatch(/^unix:\/.*sidecar\.sock$/);
	const delivery = bookingCreated({ email: 'socket.booker@example.org', name: 'Sam Socket' });
	const response = await postCalcom(stack.site, delivery.body, stack.site.secrets.calcom);
	expect(response.status).toBe(200);
	expect(response.json.status).toBe('applied');
	// The Integrations screen's health line asks the sidecar through the same socket.
	const integrations = await admin.rest('solar-capture/v1/integrations');
	expect(integrations.status).toBe(200);
	expect(integrations.json.sidecar).toMatchObject({ reachable: true, queued: 0, version: expect.any(String) });
	// Nobody else gets an answer from it.
	const stranger = await lib.sidecarGet(stack.site, '/health');
	expect(stranger.status).toBe(401);
});

test('Site Health: good while the sidecar runs', async () => {
	const result = await siteHealth();
	expect(result.registered).toBe(true);
	expect(result).toMatchObject({ status: 'good', test: 'solar_capture_sidecar', badge: { label: 'Solar Capture' } });
	expect(result.label).toMatch(/sidecar is running/);
});

test('Site Health: explains an unreachable sidecar (where it is expected, how to run it) and counts what waits; the deliveries are applied once it is back', async () => {
	await stack.stopSidecar();
	let result = await siteHealth();
	expect(result.status).toBe('recommended');
	expect(result.label).toBe('Solar Capture cannot reach its sidecar');
	expect(result.description).toContain(`<code>${stack.site.sidecarUrl}</code>`);
	expect(result.description).toMatch(/No delivery is waiting/);
	expect(result.description).toMatch(/Setup Node\.js App/);
	expect(result.description).toMatch(/SOLAR_CAPTURE_SIDECAR_URL/);
	expect(result.actions).toContain('page=solar-capture-integrations');

	for (const n of [1, 2]) {
		const delivery = bookingCreated({ email: `waiting.${n}@example.org`, name: `Wai Ting ${n}` });
		expect((await postCalcom(stack.site, delivery.body, stack.site.secrets.calcom)).status).toBe(202);
	}
	result = await siteHealth();
	expect(result.status).toBe('critical');
	expect(result.label).toMatch(/deliveries are waiting/);
	expect(result.description).toMatch(/2 deliveries are stored and waiting \(the oldest since .+\)/);

	// The Site Health screen itself lists the result.
	const screen = await admin.page('wp-admin/site-health.php');
	expect(screen.status).toBe(200);
	expect(screen.text).toContain('Solar Capture cannot reach its sidecar, and booking deliveries are waiting');

	await stack.startSidecar({ REQUIRE_TOKEN: '1', DRAIN_INTERVAL_MS: '200' });
	await waitUntil(async () => ((await admin.rest('solar-capture/v1/leads?search=waiting.')).json.length === 2 ? true : null));
	expect((await siteHealth()).status).toBe('good');
});
