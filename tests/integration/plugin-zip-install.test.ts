// `npm run plugin-zip` (node scripts/plugin-zip.js) → dist/solar-capture.zip, installed into a FRESH
// WordPress whose wp-content/plugins/solar-capture is the unzipped folder (not the development
// tree's symlink), activated there, and a signed Cal.com webhook passed through it end to end with
// the real sidecar reading pipeline.json from the unzipped copy. Then the version guard on that
// install, and WordPress's own "Delete" (uninstall.php, then the files).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { postCalcom, WpSession, waitUntil, type Site } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../scripts/lib/site.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const paths = require('../../scripts/lib/paths.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { run } = require('../../scripts/lib/run.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mariadb = require('../../scripts/lib/mariadb.js');

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN = 'solar-capture/solar-capture.php';

interface ZipSite {
	site: Site;
	pluginDir: string;
	wordpress: ChildProcess | null;
	sidecar: ChildProcess | null;
	php<T = unknown>(code: string): Promise<T>;
}

let work: string;
let zip: string;
let listing: string[];
let zs: ZipSite;

/**
 * A fresh site with the zip's folder as its plugin. scripts/lib/site.js lays every site out with a
 * symlink to the development tree and activates the plugin while installing WordPress; here WordPress
 * is installed with a do-nothing placeholder in the plugin's place (paths.plugin pointed at it for
 * that one call), then the placeholder is deactivated, replaced by the unzipped folder, and the
 * real plugin activated for the first time on this site.
 */
async function createZipSite(dir: string, zipFile: string): Promise<ZipSite> {
	const placeholder = path.join(dir, 'placeholder', 'solar-capture');
	fs.mkdirSync(placeholder, { recursive: true });
	fs.writeFileSync(path.join(placeholder, 'solar-capture.php'), "<?php\n/**\n * Plugin Name: Solar Capture placeholder (replaced by the zip)\n */\n");

	const site: Site = lib.describeSite({
		dir: path.join(dir, 'site'),
		port: await lib.freePort(),
		sidecarPort: await lib.freePort(),
		adminUser: 'admin',
		adminPassword: `pw-${crypto.randomBytes(6).toString('hex')}`,
		secrets: {}, // Nothing pre-seeded: the owner makes the secret on this site.
		// The database the suite runs on (TEST_DB): SQLite, or a database of its own on the MariaDB server.
		db:
			process.env.TEST_DB === 'mariadb' && process.env.TEST_MARIADB
				? await mariadb.createDatabase(JSON.parse(process.env.TEST_MARIADB), `sc_zip_${crypto.randomBytes(5).toString('hex')}`)
				: { client: 'sqlite' },
	});
	const development = paths.plugin;
	paths.plugin = placeholder;
	try {
		await lib.installSite(site);
	} finally {
		paths.plugin = development;
	}

	const php = async <T>(code: string): Promise<T> => {
		const file = path.join(site.dir, `eval-${crypto.randomBytes(4).toString('hex')}.php`);
		fs.writeFileSync(file, `<?php\n${code}\n`);
		try {
			const out: string = await run('php', [path.join(ROOT, 'scripts', 'php', 'eval.php'), file], { env: lib.phpEnv(site) });
			return JSON.parse(out.trim().split('\n').pop() as string) as T;
		} finally {
			fs.rmSync(file, { force: true });
		}
	};

	await php(`require_once ABSPATH . 'wp-admin/includes/plugin.php'; deactivate_plugins( '${PLUGIN}' ); return true;`);
	const plugins = path.join(site.dir, 'wp-content', 'plugins');
	fs.unlinkSync(path.join(plugins, 'solar-capture')); // the symlink to the placeholder
	execFileSync('unzip', ['-q', zipFile, '-d', plugins]);
	return { site, pluginDir: path.join(plugins, 'solar-capture'), wordpress: null, sidecar: null, php };
}

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-zip-test-'));
	zip = path.join(work, 'solar-capture.zip');
	// The same command as `npm run plugin-zip`, written elsewhere so the developer's dist/ is untouched.
	execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'plugin-zip.js'), `--out=${zip}`], { cwd: ROOT, stdio: 'pipe' });
	listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
	zs = await createZipSite(work, zip);
});

afterAll(async () => {
	if (zs) await Promise.all([lib.stopService(zs.sidecar), lib.stopService(zs.wordpress)]);
	const db = zs?.site.db as { client?: string; name?: string } | undefined;
	if (db?.client === 'mysql' && process.env.TEST_MARIADB && !process.env.KEEP_TEST_SITES) {
		await mariadb.dropDatabase(JSON.parse(process.env.TEST_MARIADB), db.name).catch(() => undefined);
	}
	if (work && !process.env.KEEP_TEST_SITES) fs.rmSync(work, { recursive: true, force: true });
});

test('the zip holds only the plugin: one solar-capture/ folder with PHP, pipeline.json, build, languages, readme.txt, uninstall.php', () => {
	expect(listing.every((entry) => entry.startsWith('solar-capture/'))).toBe(true);
	for (const needed of [
		'solar-capture/solar-capture.php',
		'solar-capture/uninstall.php',
		'solar-capture/readme.txt',
		'solar-capture/pipeline.json',
		'solar-capture/includes/Plugin.php',
		'solar-capture/includes/Frontend/Quote_Form.php',
		'solar-capture/build/leads.js',
		'solar-capture/build/leads.asset.php',
		'solar-capture/build/integrations.js',
		'solar-capture/build/settings.js',
		// The quote-form block, built from admin-ui/src/blocks/quote-form (its view script also serves the shortcode).
		'solar-capture/build/blocks/quote-form/view.js',
		'solar-capture/build/blocks/quote-form/style-index.css',
		'solar-capture/build/blocks/quote-form/index.js',
		'solar-capture/build/blocks/quote-form/block.json',
		// The booking calendar block, with Cal.com's embed (@calcom/embed-core) as a chunk of its own.
		'solar-capture/includes/Frontend/Booking_Calendar.php',
		'solar-capture/build/blocks/booking-calendar/block.json',
		'solar-capture/build/blocks/booking-calendar/view.js',
		'solar-capture/build/blocks/booking-calendar/calcom-embed.js',
		'solar-capture/languages/solar-capture.pot',
	]) {
		expect(listing).toContain(needed);
	}
	const unwanted = listing.filter((entry) =>
		/(^|\/)(node_modules|tests?|src|admin-ui|sidecar|scripts|\.wp)(\/|$)|(^|\/)\.[^/]+|\.(map|tsx?)$|(^|\/)(package(-lock)?\.json|tsconfig\.json)$/.test(entry.replace(/^solar-capture\//, '')),
	);
	expect(unwanted).toEqual([]);
	// Exactly the shipped part of plugin/: nothing left out either.
	const files = listing.filter((entry) => !entry.endsWith('/')).map((entry) => entry.replace(/^solar-capture\//, ''));
	expect(files.filter((f) => f.endsWith('.php')).length).toBe(
		execFileSync('find', ['includes', 'build', '-name', '*.php'], { cwd: path.join(ROOT, 'plugin'), encoding: 'utf8' }).trim().split('\n').length + 2,
	);
	// The header WordPress reads.
	const header = fs.readFileSync(path.join(ROOT, 'plugin', 'solar-capture.php'), 'utf8');
	expect(header).toMatch(/^ \* Requires at least: +6\.8$/m);
	expect(header).toMatch(/^ \* Requires PHP: +8\.0$/m);
	expect(header).toMatch(/^ \* Text Domain: +solar-capture$/m);
});

test('activated on a fresh site from the unzipped folder, it creates its tables and runs from that folder', async () => {
	expect(fs.lstatSync(zs.pluginDir).isSymbolicLink()).toBe(false);
	expect(fs.existsSync(path.join(zs.pluginDir, 'build', 'leads.js'))).toBe(true);
	const before = await zs.php<{ tables: string | null }>(`global $wpdb; return array( 'tables' => $wpdb->get_var( "SHOW TABLES LIKE '{$wpdb->prefix}solar_leads'" ) );`);
	expect(before.tables).toBeNull();

	const activated = await zs.php<string | null>(`
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$result = activate_plugin( '${PLUGIN}' );
		return is_wp_error( $result ) ? $result->get_error_message() : null;
	`);
	expect(activated).toBeNull();
	const state = await zs.php<{ active: boolean; dir: string; name: string; tables: string[]; token: string; cap: boolean }>(`
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$data = get_plugin_data( WP_PLUGIN_DIR . '/${PLUGIN}', false, false );
		return array(
			'active' => is_plugin_active( '${PLUGIN}' ),
			'dir'    => realpath( SOLAR_CAPTURE_DIR ),
			'name'   => $data['Name'] . ' ' . $data['Version'] . ' / ' . $data['RequiresWP'] . ' / ' . $data['RequiresPHP'] . ' / ' . $data['TextDomain'],
			'tables' => $wpdb->get_col( "SHOW TABLES LIKE '{$wpdb->prefix}solar\\\\_%'" ),
			'token'  => get_option( 'solar_capture_internal_token' ),
			'cap'    => get_role( 'administrator' )->has_cap( 'manage_solar_leads' ),
		);
	`);
	expect(state.active).toBe(true);
	expect(state.dir).toBe(fs.realpathSync(zs.pluginDir));
	expect(state.name).toBe('Solar Capture 0.1.0 / 6.8 / 8.0 / solar-capture');
	expect(state.tables.sort()).toEqual(['wp_solar_bookings', 'wp_solar_counters', 'wp_solar_deliveries', 'wp_solar_events', 'wp_solar_lead_tokens', 'wp_solar_leads']);
	expect(state.token).toMatch(/^[0-9a-f]{64}$/);
	expect(state.cap).toBe(true);
});

test('a signed Cal.com webhook goes through the installed zip and the real sidecar (pipeline.json from the unzipped copy), and the quote form works', async () => {
	zs.wordpress = await lib.startWordPress(zs.site);
	zs.sidecar = await lib.startSidecar(zs.site, { env: { PIPELINE_FILE: path.join(zs.pluginDir, 'pipeline.json') } });

	// The owner generates the Cal.com secret on the Integrations screen (its REST route) and sets the booking page.
	const admin = await new WpSession(zs.site).login(zs.site.adminUser, zs.site.adminPassword);
	const secret = await admin.rest('solar-capture/v1/integrations/calcom/secret', { method: 'POST' });
	expect(secret.status).toBe(200);
	expect(secret.json.secret).toMatch(/^whsec_/);
	await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { enabled: true, booking_url: 'https://cal.com/sunny/survey' } });

	// Health as the Integrations screen shows it.
	const integrations = await admin.rest('solar-capture/v1/integrations');
	expect(integrations.json.sidecar.reachable).toBe(true);

	// A plain booking: a new lead, Booked.
	const first = bookingCreated({ email: 'zip.booker@example.org', name: 'Zip Booker' });
	const applied = await postCalcom(zs.site, first.body, secret.json.secret);
	expect(applied.status).toBe(200);
	expect(applied.json).toMatchObject({ status: 'applied', created: true });
	const lead = await admin.rest(`solar-capture/v1/leads/${applied.json.lead_id}`);
	expect(lead.json).toMatchObject({ email: 'zip.booker@example.org', stage: 'booked', source: 'calcom' });

	// A wrong signature is refused by the same install.
	const forged = await postCalcom(zs.site, bookingCreated().body, 'whsec_not_the_secret');
	expect(forged.status).toBe(401);

	// The form from the zip's assets on a real page, then a booking carrying its token with another address.
	const page = await zs.php<string>(`return get_permalink( wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Quote', 'post_content' => '[solar_capture_form]' ) ) );`);
	const html = await (await fetch(page)).text();
	expect(html).toContain('/wp-content/plugins/solar-capture/build/blocks/quote-form/view.js');
	expect((await fetch(`${zs.site.url}/wp-content/plugins/solar-capture/build/blocks/quote-form/view.js`)).status).toBe(200);
	const stamp = html.match(/name="stamp" value="([^"]+)"/)![1];
	await new Promise((r) => setTimeout(r, 3300));
	const quote = await fetch(`${zs.site.url}/wp-json/solar-capture/v1/quote`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'Zip Visitor', email: 'zip.visitor@example.org', consent: true, stamp, website: '' }),
	});
	const answer = await quote.json();
	expect(quote.status).toBe(200);
	const token = new URL(answer.booking_url).searchParams.get('metadata[sc_lead]')!;
	expect(token).toMatch(/^[0-9a-f]{32}$/);
	const booked = await postCalcom(zs.site, bookingCreated({ leadToken: token, email: 'someone.else@example.net' }).body, secret.json.secret);
	expect(booked.status).toBe(200);
	const visitor = await admin.rest(`solar-capture/v1/leads/${booked.json.lead_id}`);
	expect(visitor.json).toMatchObject({ email: 'zip.visitor@example.org', stage: 'booked', source: 'form' });

	// The admin screens load from the zip's build/.
	const leadsPage = await fetch(`${zs.site.url}/wp-admin/admin.php?page=solar-capture-leads`, { headers: { cookie: (admin as any).cookieHeader() } });
	const leadsHtml = await leadsPage.text();
	expect(leadsPage.status).toBe(200);
	expect(leadsHtml).toContain('/wp-content/plugins/solar-capture/build/leads.js');
	expect(leadsHtml).not.toContain('npm run build');
	expect(fs.existsSync(path.join(zs.site.logs, 'php-debug.log')) ? fs.readFileSync(path.join(zs.site.logs, 'php-debug.log'), 'utf8') : '').not.toMatch(/PHP (Fatal|Parse) error/);
});

test('version guard: a too-old PHP or WordPress gets a notice, not a fatal error', async () => {
	// The guard function, called with made-up versions.
	const checks = await zs.php<Record<string, unknown>>(`
		return array(
			'php74'   => solar_capture_requirements_problem( '7.4.33', '6.8.1' ),
			'wp65'    => solar_capture_requirements_problem( '8.2.0', '6.5.5' ),
			'rc'      => solar_capture_requirements_problem( '8.0.0', '6.8-RC1' ),
			'now'     => solar_capture_requirements_problem(),
			'met'     => solar_capture_requirements_met( '8.3.0', '7.0' ),
			'notice'  => solar_capture_requirements_notice_html( '7.4.33', '6.8.1' ),
			'wpnote'  => solar_capture_requirements_notice_html( '8.2.0', '6.5.5' ),
			'none'    => solar_capture_requirements_notice_html( '8.2.0', '6.8.0' ),
		);
	`);
	expect(checks).toMatchObject({ php74: 'php', wp65: 'wp', rc: '', now: '', met: true, none: '' });
	expect(checks.notice).toContain('Solar Capture needs PHP 8.0 or newer, and this site runs PHP 7.4.33, so Solar Capture is not running.');
	expect(checks.notice).toMatch(/^<div class="notice notice-error/);
	expect(checks.wpnote).toContain('needs WordPress 6.8 or newer, and this site runs WordPress 6.5.5');

	// The real thing: a must-use plugin makes this WordPress report 6.5.5 while a flag file exists.
	const flag = path.join(zs.site.dir, 'pretend-old-wordpress');
	fs.writeFileSync(
		path.join(zs.site.dir, 'wp-content', 'mu-plugins', 'pretend-old-wordpress.php'),
		`<?php\n// Test only: pretend to be WordPress 6.5.5 while ${flag} exists.\nif ( file_exists( dirname( WP_CONTENT_DIR ) . '/pretend-old-wordpress' ) ) { $GLOBALS['wp_version'] = '6.5.5'; }\n`,
	);
	fs.writeFileSync(flag, '');
	try {
		// Deactivated, then activated on "6.5.5": no fatal, the plugin stays inert.
		const activation = await zs.php<{ error: string | null; active: boolean; routes: boolean }>(`
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
			deactivate_plugins( '${PLUGIN}' );
			$result = activate_plugin( '${PLUGIN}' );
			return array( 'error' => is_wp_error( $result ) ? $result->get_error_message() : null, 'active' => is_plugin_active( '${PLUGIN}' ), 'routes' => class_exists( 'SolarCapture\\\\Plugin', false ) );
		`);
		expect(activation).toEqual({ error: null, active: true, routes: false });

		const admin = await new WpSession(zs.site).login(zs.site.adminUser, zs.site.adminPassword);
		const plugins = await fetch(`${zs.site.url}/wp-admin/plugins.php`, { headers: { cookie: (admin as any).cookieHeader() } });
		const pluginsHtml = await plugins.text();
		expect(plugins.status).toBe(200);
		expect(pluginsHtml).toContain('Solar Capture needs WordPress 6.8 or newer, and this site runs WordPress 6.5.5, so Solar Capture is not running.');
		expect(pluginsHtml).not.toMatch(/critical error|Fatal error/i);
		// Nothing of the plugin runs: its REST routes are not there.
		const route = await fetch(`${zs.site.url}/wp-json/solar-capture/v1/settings`);
		expect(route.status).toBe(404);
	} finally {
		fs.rmSync(flag, { force: true });
	}

	// WordPress "updated": the next request runs the plugin again, nothing lost.
	const admin = await new WpSession(zs.site).login(zs.site.adminUser, zs.site.adminPassword);
	const settings = await waitUntil(async () => {
		const response = await admin.rest('solar-capture/v1/settings');
		return response.status === 200 ? response : null;
	});
	expect(settings.json.cta_show).toBe('after_submit');
	const leads = await admin.rest('solar-capture/v1/leads');
	expect(leads.json.length).toBe(2);
});

test('WordPress\'s own Delete removes the installed folder and, when the owner chose so, the data', async () => {
	const admin = await new WpSession(zs.site).login(zs.site.adminUser, zs.site.adminPassword);
	await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { delete_data_on_uninstall: true } });
	const deleted = await zs.php<{ result: unknown; tables: string[]; options: string[] }>(`
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/file.php';
		deactivate_plugins( '${PLUGIN}' );
		$result = delete_plugins( array( '${PLUGIN}' ) );
		return array(
			'result'  => is_wp_error( $result ) ? $result->get_error_message() : $result,
			'tables'  => $wpdb->get_col( "SHOW TABLES LIKE '{$wpdb->prefix}solar\\\\_%'" ),
			'options' => $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'solar_capture%'" ),
		);
	`);
	expect(deleted).toEqual({ result: true, tables: [], options: [] });
	expect(fs.existsSync(zs.pluginDir)).toBe(false);
});
