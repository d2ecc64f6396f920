// A subdirectory multisite network (the main site at /, a second at /site2/), Solar Capture
// network-activated, one sidecar for both (its own database user with deploy/sidecar-grants*.sql).
// Each site has its own tables, secrets, token, webhook URL and leads; a delivery to site 2's URL lands
// only in site 2; uninstall with "delete data" removes each site's data. nginx (deploy/nginx.conf's
// multisite rules); Apache's network needs WordPress's multisite .htaccess, which is not run here.
import * as crypto from 'node:crypto';
import { startStack, calcomSignature, WpSession, waitUntil, TEST_STACK, TEST_DB, type Stack } from '../../helpers/stack';
import { bookingCreated } from '../../fixtures/calcom';

const onNginx = TEST_STACK === 'nginx' && TEST_DB === 'mariadb' ? describe : describe.skip;

onNginx('a two-site network', () => {
	let stack: Stack;
	let main: WpSession;
	let second: WpSession;
	let url2: string;
	const secret1 = `whsec_${crypto.randomBytes(12).toString('hex')}`;
	const secret2 = `whsec_${crypto.randomBytes(12).toString('hex')}`;

	const post = (siteUrl: string, body: string, secret: string) =>
		fetch(`${siteUrl}/wp-json/solar-capture/v1/calcom-webhook`, { method: 'POST', body, redirect: 'manual', headers: { 'content-type': 'application/json', 'x-cal-signature-256': calcomSignature(body, secret) } }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) }));
	/** Rows of one site's table, read through WordPress (switch_to_blog). */
	const count = (blog: number, table: string, where = '1=1') =>
		stack.php<number>(`global $wpdb; switch_to_blog( ${blog} ); $n = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_${table} WHERE ${where}" ); restore_current_blog(); return $n;`);
	const emails = (blog: number) =>
		stack.php<string[]>(`global $wpdb; switch_to_blog( ${blog} ); $e = $wpdb->get_col( "SELECT email_normalized FROM {$wpdb->prefix}solar_leads ORDER BY id" ); restore_current_blog(); return $e;`);

	beforeAll(async () => {
		stack = await startStack({ multisite: true, secrets: { calcom: secret1 }, sites: [{ path: '/site2/', title: 'Solar North', secrets: { calcom: secret2 } }] });
		url2 = `${stack.site.url}/site2`;
		main = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
		second = await main.on(url2);
	});

	afterAll(async () => {
		await stack?.stop();
	});

	test('the plugin is network-activated and each site has its own tables, token and secret', async () => {
		const state = await stack.php<Record<string, unknown>>(`
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
			global $wpdb;
			$out = array( 'network_active' => is_plugin_active_for_network( 'solar-capture/solar-capture.php' ), 'sites' => array() );
			foreach ( get_sites( array( 'fields' => 'ids' ) ) as $id ) {
				switch_to_blog( $id );
				$out['sites'][] = array(
					'id'     => (int) $id,
					'prefix' => $wpdb->prefix,
					'tables' => $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'solar_' ) . '%' ) ),
					'token'  => get_option( 'solar_capture_internal_token' ),
					'secret' => json_decode( get_option( 'solar_capture_providers' ), true )['calcom']['secret'] ?? null,
				);
				restore_current_blog();
			}
			return $out;`);
		expect(state.network_active).toBe(true);
		const sites = state.sites as Array<{ id: number; prefix: string; tables: string[]; token: string; secret: string }>;
		expect(sites.map((s) => [s.id, s.prefix])).toEqual([[1, 'wp_'], [2, 'wp_2_']]);
		// Every table of Schema::TABLES, on each site with that site's prefix.
		const tables = ['solar_bookings', 'solar_counters', 'solar_deliveries', 'solar_events', 'solar_lead_tokens', 'solar_leads'];
		expect(sites[0].tables.sort()).toEqual(tables.map((t) => `wp_${t}`));
		expect(sites[1].tables.sort()).toEqual(tables.map((t) => `wp_2_${t}`));
		expect(sites[0].token).toMatch(/^[0-9a-f]{64}$/);
		expect(sites[1].token).toMatch(/^[0-9a-f]{64}$/);
		expect(sites[0].token).not.toBe(sites[1].token);
		expect([sites[0].secret, sites[1].secret]).toEqual([secret1, secret2]);
	});

	test('each site shows its own webhook URL on its Integrations screen', async () => {
		const one = await main.rest('solar-capture/v1/integrations');
		const two = await second.rest('solar-capture/v1/integrations');
		expect([one.status, two.status]).toEqual([200, 200]);
		const calcom = (r: typeof one) => r.json.providers.find((p: { id: string }) => p.id === 'calcom');
		expect(calcom(one).webhook_url).toBe(`${stack.site.url}/wp-json/solar-capture/v1/calcom-webhook`);
		expect(calcom(two).webhook_url).toBe(`${url2}/wp-json/solar-capture/v1/calcom-webhook`);
		// Each screen's sidecar line is its own site's queue.
		expect(two.json.sidecar).toMatchObject({ reachable: true, queued: 0 });
	});

	test('a delivery to site 2’s URL, signed with site 2’s secret, lands in site 2 only; site 1’s secret does not work there', async () => {
		const delivery = bookingCreated({ email: 'north.booker@example.org', name: 'Nor Th' });
		const response = await post(url2, delivery.body, secret2);
		expect([response.status, response.json?.status]).toEqual([200, 'applied']);
		expect(await emails(2)).toEqual(['north.booker@example.org']);
		expect(await emails(1)).toEqual([]);
		const leads2 = await second.rest('solar-capture/v1/leads');
		expect(leads2.json.map((l: { email: string }) => l.email)).toEqual(['north.booker@example.org']);
		expect((await main.rest('solar-capture/v1/leads')).json).toEqual([]);

		const crossed = await post(url2, bookingCreated({ email: 'crossed@example.org' }).body, secret1);
		expect(crossed.status).toBe(401);
		const toMain = await post(stack.site.url, bookingCreated({ email: 'main.booker@example.org' }).body, secret1);
		expect([toMain.status, toMain.json?.status]).toEqual([200, 'applied']);
		expect(await emails(1)).toEqual(['main.booker@example.org']);
		expect(await emails(2)).toEqual(['north.booker@example.org']);
	});

	test('a site the network does not have stores nothing anywhere', async () => {
		const before = [await count(1, 'deliveries'), await count(2, 'deliveries')];
		const response = await post(`${stack.site.url}/site3`, bookingCreated().body, secret1);
		expect(response.status).toBe(404);
		expect([await count(1, 'deliveries'), await count(2, 'deliveries')]).toEqual(before);
	});

	test('the sidecar: site 2’s deliveries only with site 2’s token, /sites/2/health is site 2’s queue', async () => {
		const token1 = await stack.php<string>(`return get_option( 'solar_capture_internal_token' );`);
		const id2 = await stack.php<number>(`global $wpdb; switch_to_blog( 2 ); $id = (int) $wpdb->get_var( "SELECT MAX(id) FROM {$wpdb->prefix}solar_deliveries" ); restore_current_blog(); return $id;`);
		const refused = await fetch(`${stack.site.sidecarUrl}/sites/2/deliveries/${id2}/process`, { method: 'POST', headers: { authorization: `Bearer ${token1}` } });
		expect(refused.status).toBe(401);
		for (const wrong of ['3', '0', 'wp_2', '2%20OR%201=1']) expect((await fetch(`${stack.site.sidecarUrl}/sites/${wrong}/health`)).status).toBe(404);
		const health = await (await fetch(`${stack.site.sidecarUrl}/health`)).json();
		expect(health).toMatchObject({ ok: true, sites: { 1: { queued: 0 }, 2: { queued: 0 } } });
	});

	test('with the sidecar down, site 2’s delivery waits (202) and is applied to site 2 when it is back', async () => {
		await stack.stopSidecar();
		const response = await post(url2, bookingCreated({ email: 'north.later@example.org', name: 'La Ter' }).body, secret2);
		expect(response.status).toBe(202);
		expect((await second.rest('solar-capture/v1/integrations')).json.sidecar).toMatchObject({ reachable: false, queued: 1 });
		expect((await main.rest('solar-capture/v1/integrations')).json.sidecar).toMatchObject({ reachable: false, queued: 0 });
		await stack.startSidecar({ DRAIN_INTERVAL_MS: '200' });
		await waitUntil(async () => ((await emails(2)).includes('north.later@example.org') ? true : null));
		expect(await emails(1)).toEqual(['main.booker@example.org']);
	});

	test('uninstall with "delete data" on both sites removes each site’s tables and options', async () => {
		await stack.php(`foreach ( array( 1, 2 ) as $id ) { switch_to_blog( $id ); $s = json_decode( get_option( 'solar_capture_settings' ), true ); $s['delete_data_on_uninstall'] = true; update_option( 'solar_capture_settings', wp_json_encode( $s ) ); restore_current_blog(); } return true;`);
		await stack.stopSidecar();
		await stack.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( 'solar-capture/solar-capture.php', false, true ); return true;`);
		await stack.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; uninstall_plugin( 'solar-capture/solar-capture.php' ); return true;`);
		const left = await stack.php<Array<{ id: number; tables: string[]; options: string[] }>>(`
			global $wpdb;
			$out = array();
			foreach ( array( 1, 2 ) as $id ) {
				switch_to_blog( $id );
				$out[] = array(
					'id'      => $id,
					'tables'  => $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'solar_' ) . '%' ) ),
					'options' => $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'solar_capture_' ) . '%' ) ),
				);
				restore_current_blog();
			}
			return $out;`);
		expect(left).toEqual([
			{ id: 1, tables: [], options: [] },
			{ id: 2, tables: [], options: [] },
		]);
	});
});
