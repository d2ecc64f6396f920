'use strict';
// A Solar Capture site: its own wp-config.php and wp-content (database, plugins), on the shared core,
// served by php -S, with the sidecar beside it. Used by npm start, the tests and the benchmarks.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const net = require('node:net');
const { run, startService, stopService } = require('./run');
const paths = require('./paths');

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
 * Describes a site. db is { client: 'sqlite' } or { client: 'mysql', host, port, socket, name, user, password }.
 */
function describeSite({ dir, port, sidecarPort, db = { client: 'sqlite' }, adminUser = 'admin', adminPassword, secrets = {} }) {
	const url = `http://127.0.0.1:${port}`;
	return {
		dir,
		port,
		sidecarPort,
		url,
		adminUrl: `${url}/wp-admin/`,
		restUrl: `${url}/wp-json/`,
		webhookUrl: `${url}/wp-json/solar-capture/v1/calcom-webhook`,
		sidecarUrl: `http://127.0.0.1:${sidecarPort}`,
		db,
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
 * WordPress core is shared (${paths.core}); this site's wp-content is beside this file.
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

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', ${php(`${paths.core}/`)} );
}
require_once ABSPATH . 'wp-settings.php';
`,
	);
}

function layContent(site) {
	for (const dir of ['plugins', 'uploads', 'database', 'mu-plugins']) fs.mkdirSync(path.join(site.contentDir, dir), { recursive: true });
	fs.mkdirSync(site.logs, { recursive: true });
	symlink(paths.plugin, path.join(site.contentDir, 'plugins', 'solar-capture'));
	symlink(path.join(paths.core, 'wp-content', 'themes'), path.join(site.contentDir, 'themes'));
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

/** The environment php and the sidecar run with. */
function phpEnv(site) {
	return {
		SOLAR_CAPTURE_SITE_CONFIG: site.config,
		SOLAR_CAPTURE_CONTENT_DIR: site.contentDir,
		SOLAR_CAPTURE_SIDECAR_URL: site.sidecarUrl,
	};
}

function sidecarEnv(site) {
	const env = {
		SIDECAR_HOST: '127.0.0.1',
		SIDECAR_PORT: String(site.sidecarPort),
		TABLE_PREFIX: site.tablePrefix,
		DB_CLIENT: site.db.client,
	};
	if (site.db.client === 'sqlite') env.SQLITE_PATH = site.sqlitePath;
	else
		Object.assign(env, {
			DB_HOST: site.db.host || '127.0.0.1',
			DB_PORT: String(site.db.port || 3306),
			DB_SOCKET: site.db.socket || '',
			DB_NAME: site.db.name,
			DB_USER: site.db.user,
			DB_PASSWORD: site.db.password || '',
		});
	return env;
}

/** Writes the configuration and content folder, installs WordPress and activates the plugin (idempotent). */
async function installSite(site) {
	fs.mkdirSync(site.dir, { recursive: true });
	layContent(site);
	writeConfig(site);
	const out = await run('php', [paths.installer], {
		env: {
			...phpEnv(site),
			SC_SITE_URL: site.url,
			SC_ADMIN_USER: site.adminUser,
			SC_ADMIN_PASSWORD: site.adminPassword,
			SC_ADMIN_EMAIL: 'admin@example.com',
			SC_SECRETS: JSON.stringify(site.secrets || {}),
		},
	});
	const last = out.trim().split('\n').pop();
	return JSON.parse(last);
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

/** php -S with several workers and the router, in its own process group. */
async function startWordPress(site, { workers = 4, inherit = false } = {}) {
	await assertPortFree(site.port, 'WordPress', 'WP_PORT');
	fs.mkdirSync(site.logs, { recursive: true });
	const child = startService(
		'wordpress',
		'php',
		['-d', 'opcache.enable_cli=1', '-d', 'opcache.validate_timestamps=1', '-d', 'opcache.revalidate_freq=0', '-d', 'memory_limit=256M', '-S', `127.0.0.1:${site.port}`, '-t', paths.core, paths.router],
		{ env: { ...phpEnv(site), PHP_CLI_SERVER_WORKERS: String(workers) }, logFile: path.join(site.logs, 'php-server.log'), inherit },
	);
	try {
		await waitFor(`${site.url}/wp-json/`, { ok: (r) => r.status === 200 });
	} catch (error) {
		await stopService(child);
		throw new Error(`${error.message}; see ${path.join(site.logs, 'php-debug.log')}`);
	}
	return child;
}

/** The sidecar (built to sidecar/dist), in its own process group. */
async function startSidecar(site, { inherit = false, env = {} } = {}) {
	await assertPortFree(site.sidecarPort, 'the sidecar', 'SIDECAR_PORT');
	fs.mkdirSync(site.logs, { recursive: true });
	const child = startService('sidecar', process.execPath, [paths.sidecarMain], {
		env: { ...sidecarEnv(site), ...env },
		logFile: path.join(site.logs, 'sidecar.log'),
		inherit,
	});
	const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the sidecar exited with code ${code}; see ${path.join(site.logs, 'sidecar.log')}`))));
	exited.catch(() => {});
	try {
		await Promise.race([waitFor(`${site.sidecarUrl}/health`, { ok: (r) => r.status === 200 }), exited]);
	} catch (error) {
		await stopService(child);
		throw error;
	}
	return child;
}

module.exports = { describeSite, installSite, startWordPress, startSidecar, stopService, freePort, waitFor, phpEnv, sidecarEnv, random };
