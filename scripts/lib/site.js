'use strict';
// A Solar Capture site: its own wp-config.php and wp-content (database, plugins), on a shared core
// (WordPress 6.8 or the newest 7.x), served by php -S (the built-in stack) or by nginx/Apache with
// PHP-FPM (scripts/lib/servers.js), with the sidecar beside it. Used by npm start, the tests and the benchmarks.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const net = require('node:net');
const http = require('node:http');
const { run, startService, stopService } = require('./run');
const paths = require('./paths');
const servers = require('./servers');
const { coreDir } = require('./wordpress');

const random = (bytes = 24) => crypto.randomBytes(bytes).toString('base64url');
const php = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A free TCP port on the loopback interface. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function symlink(target, link) {
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(target, link);
}

/**
 * Describes a site. db is { client: 'sqlite' } or { client: 'mysql', host, port, socket, name, user, password,
 * sidecar?: { user, password } }. stack: 'builtin' (php -S), 'nginx' or 'apache' (with PHP-FPM).
 * release: 'stable' (WordPress 6.8) or 'newest' (7.x). multisite: a subdirectory network (sites at
 * / and /site2/), the plugin network-activated.
 */
function describeSite({ dir, port, sidecarPort, db = { client: 'sqlite' }, adminUser = 'admin', adminPassword, secrets = {}, stack = 'builtin', release = 'stable', multisite = false, sites = [{ path: '/site2/', title: 'Second site', secrets: {} }], sidecarSocket = null }) {
	if (!servers.STACKS.includes(stack)) throw new Error(`Unknown stack "${stack}": use ${servers.STACKS.join(', ')}`);
	const url = `http://127.0.0.1:${port}`;
	return {
		dir,
		port,
		sidecarPort,
		url,
		adminUrl: `${url}/wp-admin/`,
		restUrl: `${url}/wp-json/`,
		webhookUrl: `${url}/wp-json/solar-capture/v1/calcom-webhook`,
		// A Unix socket instead of a port, as hosting panels give Node.js apps: PHP reaches it as unix:<path>.
		sidecarSocket,
		sidecarUrl: sidecarSocket ? `unix:${sidecarSocket}` : `http://127.0.0.1:${sidecarPort}`,
		db,
		stack,
		release,
		multisite,
		// The network's other sites (multisite only): path, title, provider secrets.
		sites: multisite ? sites : [],
		core: coreDir(release),
		docroot: stack === 'builtin' ? coreDir(release) : servers.layout({ dir }).docroot,
		tablePrefix: 'wp_',
		sqlitePath: path.join(dir, 'wp-content', 'database', '.ht.sqlite'),
		contentDir: path.join(dir, 'wp-content'),
		config: path.join(dir, 'wp-config.php'),
		logs: path.join(dir, 'logs'),
		adminUser,
		adminPassword,
		secrets,
	};
}

function writeConfig(site) {
	const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
	const existing = fs.existsSync(site.config) ? fs.readFileSync(site.config, 'utf8') : '';
	const salts = keys
		.map((key) => {
			const kept = existing.match(new RegExp(`define\\( '${key}', '([^']+)' \\);`));
			return `define( '${key}', ${php(kept ? kept[1] : random(48))} );`;
		})
		.join('\n');
	const db =
		site.db.client === 'mysql'
			? `define( 'DB_NAME', ${php(site.db.name)} );
define( 'DB_USER', ${php(site.db.user)} );
define( 'DB_PASSWORD', ${php(site.db.password || '')} );
define( 'DB_HOST', ${php(site.db.socket ? `localhost:${site.db.socket}` : `${site.db.host}:${site.db.port}`)} );`
			: `define( 'DB_DIR', ${php(path.dirname(site.sqlitePath))} );
define( 'DB_FILE', ${php(path.basename(site.sqlitePath))} );
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', '' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '' );`;
	fs.writeFileSync(
		site.config,
		`<?php
/**
 * This site's configuration, written by Solar Capture's set-up (scripts/lib/site.js).
 * WordPress core is shared (${site.core}); this site's wp-content is beside this file.
 * Database: ${site.db.client === 'mysql' ? 'MySQL/MariaDB' : `SQLite, ${site.sqlitePath}`}.
 */
${db}
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$table_prefix = ${php(site.tablePrefix)};

${salts}

define( 'WP_HOME', ${php(site.url)} );
define( 'WP_SITEURL', ${php(site.url)} );
define( 'WP_CONTENT_DIR', ${php(site.contentDir)} );
define( 'WP_CONTENT_URL', ${php(`${site.url}/wp-content`)} );
define( 'SOLAR_CAPTURE_SIDECAR_URL', getenv( 'SOLAR_CAPTURE_SIDECAR_URL' ) ?: ${php(site.sidecarUrl)} );

// Offline-friendly: no calls home, no background updates, cron run by hand.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', getenv( 'WP_ACCESSIBLE_HOSTS' ) ?: '' );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', ${php(path.join(site.logs, 'php-debug.log'))} );
${site.multisite && site.networkReady ? multisiteConstants(site) : site.multisite ? "define( 'WP_ALLOW_MULTISITE', true );\n" : ''}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', ${php(`${site.core}/`)} );
}
require_once ABSPATH . 'wp-settings.php';
`,
	);
}

/** A subdirectory network on this site's host (the port included: WordPress keeps it in the domain). */
function multisiteConstants(site) {
	return `define( 'WP_ALLOW_MULTISITE', true );
define( 'MULTISITE', true );
define( 'SUBDOMAIN_INSTALL', false );
define( 'DOMAIN_CURRENT_SITE', ${php(new URL(site.url).host)} );
define( 'PATH_CURRENT_SITE', '/' );
define( 'SITE_ID_CURRENT_SITE', 1 );
define( 'BLOG_ID_CURRENT_SITE', 1 );
`;
}

function layContent(site) {
	for (const dir of ['plugins', 'uploads', 'database', 'mu-plugins']) fs.mkdirSync(path.join(site.contentDir, dir), { recursive: true });
	fs.mkdirSync(site.logs, { recursive: true });
	symlink(paths.plugin, path.join(site.contentDir, 'plugins', 'solar-capture'));
	symlink(path.join(site.core, 'wp-content', 'themes'), path.join(site.contentDir, 'themes'));
	const dropin = path.join(site.contentDir, 'db.php');
	if (site.db.client === 'sqlite') {
		const pluginDir = path.join(site.contentDir, 'plugins', 'sqlite-database-integration');
		symlink(paths.sqlitePlugin, pluginDir);
		const template = fs.readFileSync(path.join(paths.sqlitePlugin, 'db.copy'), 'utf8');
		fs.writeFileSync(
			dropin,
			template
				.replaceAll('{SQLITE_IMPLEMENTATION_FOLDER_PATH}', pluginDir)
				.replaceAll('{SQLITE_PLUGIN}', 'sqlite-database-integration/load.php'),
		);
	} else {
		fs.rmSync(dropin, { force: true });
	}
}

/** The environment php (CLI, php -S, PHP-FPM's pool) runs with. */
function phpEnv(site) {
	return {
		SOLAR_CAPTURE_SITE_CONFIG: site.config,
		SOLAR_CAPTURE_CONTENT_DIR: site.contentDir,
		SOLAR_CAPTURE_SIDECAR_URL: site.sidecarUrl,
		SOLAR_CAPTURE_CORE: site.core,
		// The host a network made by the set-up is known by (its domain keeps the port).
		...(site.multisite ? { SOLAR_CAPTURE_NETWORK_HOST: new URL(site.url).host } : {}),
	};
}

/** NAME=value lines of an environment file such as deploy/sidecar.env.example (comments skipped). */
function parseEnvFile(file) {
	const out = {};
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const match = line.match(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
		if (match) out[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
	}
	return out;
}

/**
 * The sidecar's environment. On the production stacks it is deploy/sidecar.env.example, as a server
 * would have it in /etc/solar-capture/sidecar.env, with only this site's port, database and paths put in.
 */
function sidecarEnv(site) {
	const db =
		site.db.client === 'sqlite'
			? { DB_CLIENT: 'sqlite', SQLITE_PATH: site.sqlitePath }
			: {
					DB_CLIENT: 'mysql',
					DB_HOST: site.db.host || '127.0.0.1',
					DB_PORT: String(site.db.port || 3306),
					DB_NAME: site.db.name,
					DB_USER: site.db.sidecar ? site.db.sidecar.user : site.db.user,
					DB_PASSWORD: (site.db.sidecar ? site.db.sidecar.password : site.db.password) || '',
				};
	// A socket is handed over the way hosting panels do it: in PORT.
	const listen = site.sidecarSocket ? { PORT: site.sidecarSocket } : { SIDECAR_PORT: String(site.sidecarPort) };
	if (site.stack === 'builtin') {
		return {
			SIDECAR_HOST: '127.0.0.1',
			...listen,
			TABLE_PREFIX: site.tablePrefix,
			...db,
			...(site.db.client === 'mysql' ? { DB_SOCKET: site.db.socket || '' } : {}),
		};
	}
	const example = parseEnvFile(path.join(paths.deploy, 'sidecar.env.example'));
	if (site.db.client === 'sqlite') for (const name of ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD']) delete example[name];
	delete example.SIDECAR_PORT;
	return {
		...example,
		...listen,
		TABLE_PREFIX: site.tablePrefix,
		...db,
		PIPELINE_FILE: example.PIPELINE_FILE.replace(servers.PRODUCTION.docroot, site.docroot),
	};
}

/** Writes the configuration and content folder, installs WordPress and activates the plugin (idempotent). */
async function installSite(site) {
	fs.mkdirSync(site.dir, { recursive: true });
	layContent(site);
	if (site.stack !== 'builtin') servers.layDocroot(site);
	site.networkReady = site.multisite && fs.existsSync(site.config) && fs.readFileSync(site.config, 'utf8').includes("'MULTISITE', true");
	writeConfig(site);
	const env = {
		...phpEnv(site),
		SC_SITE_URL: site.url,
		SC_ADMIN_USER: site.adminUser,
		SC_ADMIN_PASSWORD: site.adminPassword,
		SC_ADMIN_EMAIL: 'admin@example.com',
		SC_SECRETS: JSON.stringify(site.secrets || {}),
		// Apache reads WordPress's rewrite rules from the document root's .htaccess: WordPress writes them.
		SC_HTACCESS: site.stack === 'apache' ? path.join(site.docroot, '.htaccess') : '',
		SC_MULTISITE: site.multisite ? '1' : '',
		SC_SITES: JSON.stringify(site.sites),
	};
	const last = (out) => JSON.parse(out.trim().split('\n').pop());
	const result = last(await run('php', [paths.installer], { env }));
	if (site.multisite && !site.networkReady) {
		// The network: WordPress's tables for it (install_network, populate_network), then the
		// multisite constants in wp-config.php, then the installer again for the sites and the plugin.
		last(await run('php', [paths.installer], { env: { ...env, SC_NETWORK_STEP: 'populate' } }));
		site.networkReady = true;
		writeConfig(site);
		Object.assign(result, last(await run('php', [paths.installer], { env })));
	}
	return result;
}

async function waitFor(url, { timeoutMs = 20000, ok = (r) => r.status < 500 } = {}) {
	const until = Date.now() + timeoutMs;
	let last;
	while (Date.now() < until) {
		try {
			const response = await fetch(url, { redirect: 'manual' });
			if (ok(response)) return response;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error.cause ? error.cause.code || error.message : error.message;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${last})`);
}

/** Fails with a clear message when something already listens on the port (an earlier npm start, say). */
function assertPortFree(port, what, variable) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', () =>
			reject(new Error(`Port ${port} (${what}) is already in use: is another npm start still running? Stop it, or choose another port with ${variable}=<port>.`)),
		);
		server.listen(port, '127.0.0.1', () => server.close(resolve));
	});
}

/**
 * WordPress, served as the site's stack says: php -S with several workers and the router (built-in),
 * or PHP-FPM behind nginx/Apache (a ServiceGroup of both). In its own process group(s).
 */
async function startWordPress(site, { workers = 4, inherit = false } = {}) {
	await assertPortFree(site.port, 'WordPress', 'WP_PORT');
	fs.mkdirSync(site.logs, { recursive: true });
	const child =
		site.stack === 'builtin'
			? startService(
					'wordpress',
					'php',
					['-d', 'opcache.enable_cli=1', '-d', 'opcache.validate_timestamps=1', '-d', 'opcache.revalidate_freq=0', '-d', 'memory_limit=256M', '-S', `127.0.0.1:${site.port}`, '-t', site.core, paths.router],
					{ env: { ...phpEnv(site), PHP_CLI_SERVER_WORKERS: String(workers) }, logFile: path.join(site.logs, 'php-server.log'), inherit },
				)
			: await servers.startWebStack(site, { env: phpEnv(site) });
	try {
		await waitFor(`${site.url}/wp-json/`, { ok: (r) => r.status === 200 });
	} catch (error) {
		await stopService(child);
		const log = site.stack === 'builtin' ? 'php-debug.log' : `${site.stack === 'apache' ? 'apache' : 'nginx'}-error.log, php-fpm.log and php-debug.log`;
		throw new Error(`${error.message}; see ${log} in ${site.logs}`);
	}
	return child;
}

/** GET a path of the sidecar (on its port or its Unix socket): { status, json }; rejects when nothing answers. */
function sidecarGet(site, route, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const target = site.sidecarSocket ? { socketPath: site.sidecarSocket } : { host: '127.0.0.1', port: site.sidecarPort };
		const req = http.request({ ...target, path: route, timeout: timeoutMs }, (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => {
				let json = null;
				try {
					json = JSON.parse(body);
				} catch {
					/* not JSON */
				}
				resolve({ status: res.statusCode, json });
			});
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end();
	});
}

/** The sidecar (built to sidecar/dist), in its own process group. */
async function startSidecar(site, { inherit = false, env = {} } = {}) {
	if (!site.sidecarSocket) await assertPortFree(site.sidecarPort, 'the sidecar', 'SIDECAR_PORT');
	else fs.mkdirSync(path.dirname(site.sidecarSocket), { recursive: true });
	fs.mkdirSync(site.logs, { recursive: true });
	const child = startService('sidecar', process.execPath, [paths.sidecarMain], {
		env: { ...sidecarEnv(site), ...env },
		logFile: path.join(site.logs, 'sidecar.log'),
		inherit,
	});
	const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the sidecar exited with code ${code}; see ${path.join(site.logs, 'sidecar.log')}`))));
	exited.catch(() => {});
	const ready = async () => {
		const until = Date.now() + 20000;
		let last = '';
		while (Date.now() < until) {
			try {
				// 401: up, and guarding every route (REQUIRE_TOKEN).
				const { status } = await sidecarGet(site, '/health');
				if (status === 200 || status === 401) return;
				last = `HTTP ${status}`;
			} catch (error) {
				last = error.code || error.message;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`the sidecar at ${site.sidecarUrl} did not answer within 20 s (${last})`);
	};
	try {
		await Promise.race([ready(), exited]);
	} catch (error) {
		await stopService(child);
		throw error;
	}
	return child;
}

module.exports = { describeSite, installSite, startWordPress, startSidecar, sidecarGet, stopService, freePort, waitFor, phpEnv, sidecarEnv, parseEnvFile, random };
