// uninstall.php on a site of its own, through WordPress's real path: the plugin is deactivated, then
// a fresh PHP process (the plugin no longer loaded, as on the Plugins screen's "Delete") calls
// uninstall_plugin(), which defines WP_UNINSTALL_PLUGIN and includes uninstall.php.
// With "delete data on uninstall" off everything stays (a reinstall finds it); on, everything goes.
import * as fs from 'node:fs';
import { startStack, postCalcom, WpSession, type Stack } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

jest.setTimeout(180_000);

const PLUGIN = 'solar-capture/solar-capture.php';
const TABLES = ['wp_solar_leads', 'wp_solar_bookings', 'wp_solar_events', 'wp_solar_deliveries', 'wp_solar_lead_tokens', 'wp_solar_counters'];
const OPTIONS = ['solar_capture_internal_token', 'solar_capture_providers', 'solar_capture_schema_version', 'solar_capture_settings'];

interface Inventory {
	tables: string[];
	options: string[];
	transients: string[];
	rows: Record<string, number>;
	capable_roles: string[];
	active: boolean;
}

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
});

afterAll(async () => {
	await stack?.stop();
});

/** What Solar Capture has left in the site: its tables, options, transients, row counts and capability. */
function inventory(): Promise<Inventory> {
	return stack.php<Inventory>(`
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$tables = array();
		foreach ( ${JSON.stringify(TABLES).replace(/^\[/, 'array(').replace(/\]$/, ')')} as $table ) {
			if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) === $table ) {
				$tables[] = $table;
			}
		}
		$rows = array();
		foreach ( $tables as $table ) {
			$rows[ $table ] = (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" );
		}
		$options    = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s ORDER BY option_name", $wpdb->esc_like( 'solar_capture_' ) . '%' ) );
		$transients = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s ORDER BY option_name", $wpdb->esc_like( '_transient_solar_capture_' ) . '%', $wpdb->esc_like( '_transient_timeout_solar_capture_' ) . '%' ) );
		$capable    = array();
		foreach ( wp_roles()->role_objects as $name => $role ) {
			if ( $role->has_cap( 'manage_solar_leads' ) ) {
				$capable[] = $name;
			}
		}
		return array(
			'tables'        => $tables,
			'options'       => $options,
			'transients'    => $transients,
			'rows'          => (object) $rows,
			'capable_roles' => $capable,
			'active'        => is_plugin_active( '${PLUGIN}' ),
		);
	`);
}

/** Deactivates the plugin, then deletes it the way the Plugins screen does (without removing the files). */
async function uninstall(): Promise<void> {
	await stack.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( '${PLUGIN}' ); return true;`);
	const ran = await stack.php<{ uninstallable: boolean; defined: boolean }>(`
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$uninstallable = is_uninstallable_plugin( '${PLUGIN}' );
		uninstall_plugin( '${PLUGIN}' );
		return array( 'uninstallable' => $uninstallable, 'defined' => defined( 'WP_UNINSTALL_PLUGIN' ) );
	`);
	// The plugin ships uninstall.php, and WordPress ran it (WP_UNINSTALL_PLUGIN is defined by uninstall_plugin()).
	expect(ran).toEqual({ uninstallable: true, defined: true });
}

async function seed(): Promise<void> {
	// A lead from a booking (the sidecar applies it), a note, a quote-form rate-limit counter and the webhook-check transient.
	const booked = bookingCreated({ email: 'kept.lead@example.org', name: 'Kept Lead' });
	const answer = await postCalcom(stack.site, booked.body, stack.site.secrets.calcom);
	expect(answer.status).toBe(200);
	const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
	const note = await admin.rest(`solar-capture/v1/leads/${answer.json.lead_id}/notes`, { method: 'POST', body: { text: 'Keep me' } });
	expect(note.status).toBeLessThan(300);
	await stack.php(`set_transient( 'solar_capture_rate_' . md5( '203.0.113.9' ), 3, 600 ); set_transient( 'solar_capture_webhook_check', array( 'status' => 200 ), 600 ); return true;`);
}

test('with "delete data on uninstall" off (the default), deleting the plugin keeps tables, options and the capability', async () => {
	await seed();
	const before = await inventory();
	expect(before.tables).toEqual(TABLES);
	expect(before.options).toEqual(expect.arrayContaining(OPTIONS));
	expect(before.capable_roles).toEqual(['administrator']);
	const settings = JSON.parse(await stack.php<string>(`return get_option( 'solar_capture_settings' );`));
	expect(settings.delete_data_on_uninstall).toBe(false);

	await uninstall();

	const after = await inventory();
	expect(after.active).toBe(false);
	expect(after.tables).toEqual(TABLES);
	expect(after.rows).toEqual(before.rows);
	expect(after.rows.wp_solar_leads).toBe(1);
	expect(after.options).toEqual(before.options);
	expect(after.transients).toEqual(before.transients);
	expect(after.capable_roles).toEqual(['administrator']);

	// Installed again, the plugin finds everything where it was: same secret, same lead.
	await stack.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; $r = activate_plugin( '${PLUGIN}' ); return is_wp_error( $r ) ? $r->get_error_message() : true;`);
	const again = await inventory();
	expect(again.active).toBe(true);
	expect(again.rows).toEqual(before.rows);
	const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
	const leads = await admin.rest('solar-capture/v1/leads');
	expect(leads.json.map((l: { email: string }) => l.email)).toEqual(['kept.lead@example.org']);
	const replay = bookingCreated({ email: 'second@example.org' });
	expect((await postCalcom(stack.site, replay.body, stack.site.secrets.calcom)).status).toBe(200);
});

test('with "delete data on uninstall" on, deleting the plugin removes its tables, options, transients and capability', async () => {
	// The owner ticks the box on the Settings screen (its REST route), and gives an editor the capability.
	const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
	const saved = await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { delete_data_on_uninstall: true } });
	expect(saved.status).toBe(200);
	expect(saved.json.delete_data_on_uninstall).toBe(true);
	await stack.php(`get_role( 'editor' )->add_cap( 'manage_solar_leads' ); return true;`);
	const before = await inventory();
	expect(before.capable_roles.sort()).toEqual(['administrator', 'editor']);
	expect(before.transients.length).toBeGreaterThan(0);

	await uninstall();

	const after = await inventory();
	expect(after).toEqual({ tables: [], options: [], transients: [], rows: {}, capable_roles: [], active: false });
	// WordPress itself is untouched and still answers.
	const home = await fetch(`${stack.site.url}/wp-json/`);
	expect(home.status).toBe(200);
	const users = await stack.php<number>(`return count( get_users() );`);
	expect(users).toBeGreaterThan(0);
	// The route is gone with the plugin.
	const gone = await fetch(stack.site.webhookUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
	expect(gone.status).toBe(404);
});

describe('on a multisite network', () => {
	let network: Stack;
	const sitesPhp = (body: string) => `
		global $wpdb;
		$out = array();
		foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $blog ) {
			switch_to_blog( $blog );
			${body}
			restore_current_blog();
		}
		return $out;
	`;

	beforeAll(async () => {
		network = await startStack({ sidecar: false });
		// Turn the fresh single site into a network (what Tools → Network Setup does), with three sites.
		const made = await network.php<string>(`
			require_once ABSPATH . 'wp-admin/includes/upgrade.php';
			require_once ABSPATH . 'wp-admin/includes/network.php';
			define( 'WP_INSTALLING_NETWORK', true );
			foreach ( $wpdb->tables( 'ms_global' ) as $table => $prefixed ) { $wpdb->$table = $prefixed; }
			install_network();
			$result = populate_network( 1, '127.0.0.1', 'admin@example.com', 'Solar network', '/', false );
			return is_wp_error( $result ) ? $result->get_error_message() : 'ok';
		`);
		expect(made).toBe('ok');
		const configFile = network.site.config as string;
		const config = fs.readFileSync(configFile, 'utf8');
		fs.writeFileSync(
			configFile,
			config.replace(
				"if ( ! defined( 'ABSPATH' ) )",
				"define( 'MULTISITE', true );\ndefine( 'SUBDOMAIN_INSTALL', false );\ndefine( 'DOMAIN_CURRENT_SITE', '127.0.0.1' );\ndefine( 'PATH_CURRENT_SITE', '/' );\ndefine( 'SITE_ID_CURRENT_SITE', 1 );\ndefine( 'BLOG_ID_CURRENT_SITE', 1 );\nif ( ! defined( 'ABSPATH' ) )",
			),
		);
		// A second site, network activation (tables on every site), then a third site made afterwards.
		const activated = await network.php<unknown>(`
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
			$second = wp_insert_site( array( 'domain' => '127.0.0.1', 'path' => '/north/', 'title' => 'North' ) );
			$result = activate_plugin( '${PLUGIN}', '', true );
			$third  = wp_insert_site( array( 'domain' => '127.0.0.1', 'path' => '/south/', 'title' => 'South' ) );
			return array( is_multisite(), is_wp_error( $second ) || is_wp_error( $third ) || is_wp_error( $result ), is_plugin_active_for_network( '${PLUGIN}' ) );
		`);
		expect(activated).toEqual([true, false, true]);
	});

	afterAll(async () => {
		await network?.stop();
	});

	test('each site keeps or loses its own data by its own setting', async () => {
		// Sites 1 and 3 chose "delete data on uninstall"; site 2 did not. Each has a lead.
		await network.php(
			sitesPhp(`
				SolarCapture\\Settings::update_settings( array( 'delete_data_on_uninstall' => 2 !== $blog ) );
				$wpdb->insert( $wpdb->prefix . 'solar_leads', array( 'email' => "lead$blog@example.org", 'email_normalized' => "lead$blog@example.org", 'lead_token' => md5( (string) $blog ), 'created_at' => '2026-01-01 00:00:00', 'updated_at' => '2026-01-01 00:00:00' ) );
			`),
		);
		const before = await network.php<Record<string, { tables: number; options: number; cap: boolean }>>(
			sitesPhp(`
				$out[ $blog ] = array(
					'tables'  => count( $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'solar_' ) . '%' ) ) ),
					'options' => count( $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'solar_capture_' ) . '%' ) ) ),
					'cap'     => get_role( 'administrator' )->has_cap( 'manage_solar_leads' ),
				);
			`),
		);
		expect(before).toEqual({ 1: { tables: 6, options: 4, cap: true }, 2: { tables: 6, options: 4, cap: true }, 3: { tables: 6, options: 4, cap: true } });

		// Deactivated for the network and on the main site (where installing the site had activated it), as WordPress requires before Delete.
		await network.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( '${PLUGIN}', false, true ); deactivate_plugins( '${PLUGIN}' ); return is_plugin_active( '${PLUGIN}' );`);
		await network.php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; uninstall_plugin( '${PLUGIN}' ); return true;`);

		const after = await network.php<Record<string, { tables: number; options: number; cap: boolean; leads: number | null }>>(
			sitesPhp(`
				$tables = $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'solar_' ) . '%' ) );
				$out[ $blog ] = array(
					'tables'  => count( $tables ),
					'options' => count( $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'solar_capture_' ) . '%' ) ) ),
					'cap'     => get_role( 'administrator' )->has_cap( 'manage_solar_leads' ),
					'leads'   => $tables ? (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_leads" ) : null,
				);
			`),
		);
		expect(after).toEqual({
			1: { tables: 0, options: 0, cap: false, leads: null },
			2: { tables: 6, options: 4, cap: true, leads: 1 },
			3: { tables: 0, options: 0, cap: false, leads: null },
		});
	});
});
