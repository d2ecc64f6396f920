'use strict';
// npm start: set everything up, then run WordPress and the sidecar until Ctrl-C.
// SOLAR_CAPTURE_STACK picks how: builtin (default: php -S on SQLite), nginx or apache (in front of
// PHP-FPM with opcache, on MariaDB, configured by deploy/, the sidecar with deploy/sidecar.env.example's
// settings and supervised as deploy/solar-capture-sidecar.service says).
const fs = require('node:fs');
const path = require('node:path');
const { setup } = require('./lib/setup');
const { step, paint } = require('./lib/log');
const paths = require('./lib/paths');
const site = require('./lib/site');
const servers = require('./lib/servers');

const PROVIDER_SECRETS = {
	calcom: 'CALCOM_WEBHOOK_SECRET',
	calendly: 'CALENDLY_WEBHOOK_SECRET',
	orufy: 'ORUFY_WEBHOOK_SECRET',
	generic: 'GENERIC_WEBHOOK_SECRET',
};

const STACK = process.env.SOLAR_CAPTURE_STACK || 'builtin';
const production = STACK !== 'builtin';
// Each stack has a site of its own: .wp/site (built-in, SQLite), .wp/site-nginx, .wp/site-apache.
const siteDir = production ? path.join(paths.wp, `site-${STACK}`) : paths.defaultSite;

/** Credentials chosen on the first start are kept (in the site's folder, mode 600) so later starts print the same ones. */
function credentials() {
	const file = path.join(siteDir, 'credentials.json');
	const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	const chosen = {
		adminUser: process.env.ADMIN_USER || saved.adminUser || 'admin',
		adminPassword: process.env.ADMIN_PASSWORD || saved.adminPassword || site.random(12),
		secrets: { ...(saved.secrets || {}) },
	};
	chosen.secrets.calcom = process.env.CALCOM_WEBHOOK_SECRET || chosen.secrets.calcom || `whsec_${site.random(24)}`;
	for (const [provider, name] of Object.entries(PROVIDER_SECRETS)) {
		if (process.env[name]) chosen.secrets[provider] = process.env[name];
	}
	fs.mkdirSync(siteDir, { recursive: true });
	fs.writeFileSync(file, JSON.stringify(chosen, null, 2), { mode: 0o600 });
	return chosen;
}

function port(name, fallback) {
	const value = Number(process.env[name] || fallback);
	if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, got "${process.env[name]}"`);
	return value;
}

/** How the systemd unit restarts the sidecar: Restart= and RestartSec= of deploy/solar-capture-sidecar.service. */
function unitRestart() {
	const unit = fs.readFileSync(path.join(paths.deploy, 'solar-capture-sidecar.service'), 'utf8');
	const restart = (unit.match(/^Restart=(\S+)/m) || [])[1];
	const seconds = Number((unit.match(/^RestartSec=(\d+)/m) || [])[1]);
	if (restart !== 'always' || !Number.isFinite(seconds)) throw new Error('deploy/solar-capture-sidecar.service no longer says Restart=always and RestartSec=<seconds>: update scripts/start.js');
	return seconds * 1000;
}

const services = {};
let mariadb = null;

async function stopAll() {
	await site.stopService(services.sidecar);
	await site.stopService(services.wordpress);
	if (mariadb) await mariadb.stop();
}

async function main() {
	const started = Date.now();
	if (!servers.STACKS.includes(STACK)) throw new Error(`SOLAR_CAPTURE_STACK must be one of ${servers.STACKS.join(', ')}, not "${STACK}"`);
	await setup(production ? { mariadb: true, webServers: true } : {});
	const chosen = credentials();
	let db = { client: 'sqlite' };
	if (production) {
		const { startMariaDb, createDatabase } = require('./lib/mariadb');
		await step(`MariaDB (its data in ${path.relative(paths.root, path.join(siteDir, 'mariadb'))})`, async () => {
			mariadb = await startMariaDb(path.join(siteDir, 'mariadb'));
			db = await createDatabase(mariadb, 'wordpress');
			return `port ${mariadb.port}, socket ${mariadb.socket}`;
		});
	}
	const current = site.describeSite({
		dir: siteDir,
		port: port('WP_PORT', 8881),
		sidecarPort: port('SIDECAR_PORT', 8787),
		stack: STACK,
		db,
		...chosen,
	});
	await step('WordPress site (install, activate Solar Capture)', async () => {
		const result = await site.installSite(current);
		return `${result.installed ? 'installed' : 'already installed'}, WordPress ${result.wordpress}`;
	});
	if (production) {
		const { createSidecarUser } = require('./lib/mariadb');
		// deploy/sidecar-grants.sql, as docs/production.md has you run it (user solar_sidecar).
		await step("The sidecar's database user (deploy/sidecar-grants.sql)", async () => {
			db.sidecar = await createSidecarUser(mariadb, db, { user: 'solar_sidecar' });
			return 'solar_sidecar: SELECT, INSERT, UPDATE on the solar tables, SELECT on options';
		});
	}

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal ? `${signal}: ` : ''}stopping WordPress and the sidecar…`);
		await stopAll();
		console.log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => stop('Ctrl-C'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	// Run through npm, a SIGTERM may reach npm and not us: when our parent goes, stop as well.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) stop('parent process exited');
	}, 1000).unref();

	const how = production ? `${STACK} + PHP-FPM ${servers.phpVersion()} with opcache` : 'php -S, 4 workers';
	await step(`WordPress on ${current.url} (${how})`, async () => {
		services.wordpress = await site.startWordPress(current);
		services.wordpress.on('exit', (code) => {
			if (!stopping) {
				console.error(`WordPress (${how}) exited unexpectedly (code ${code}); see ${current.logs}/`);
				stop();
			}
		});
	});

	// The sidecar is supervised as a process manager would: an unexpected exit is logged and it is
	// restarted. Built-in: after 1 s, backing off to 30 s while it keeps failing. Production stacks: as the
	// systemd unit says (Restart=always, RestartSec=2, never giving up). Deliveries that arrive meanwhile are queued.
	const fixedDelay = production ? unitRestart() : null;
	let delay = 1000;
	const lastLogLine = () => {
		try {
			return fs.readFileSync(path.join(current.logs, 'sidecar.log'), 'utf8').trim().split('\n').pop();
		} catch {
			return '';
		}
	};
	const superviseSidecar = async () => {
		const child = await site.startSidecar(current);
		const started = Date.now();
		services.sidecar = child;
		child.on('exit', (code, signal) => {
			if (stopping) return;
			delay = fixedDelay ?? (Date.now() - started > 60000 ? 1000 : Math.min(delay * 2, 30000));
			console.error(`${new Date().toISOString()} the sidecar exited unexpectedly (${signal || `code ${code}`}); restarting in ${delay / 1000} s. Deliveries are queued meanwhile.\n  last log line: ${lastLogLine()}`);
			setTimeout(() => superviseSidecar().then(() => console.error(`${new Date().toISOString()} the sidecar is back.`)).catch((error) => {
				console.error(`restarting the sidecar failed: ${error.message}`);
				child.emit('exit', 1, null);
			}), delay);
		});
	};
	await step(`Sidecar on ${current.sidecarUrl}${production ? ' (deploy/sidecar.env.example)' : ''}`, superviseSidecar);

	const b = (text) => paint('1', text);
	const database = production
		? `MariaDB, database ${db.name} on ${mariadb.socket} (port ${mariadb.port}); the sidecar as solar_sidecar`
		: `${current.sqlitePath} (SQLite)`;
	console.log(`
${paint('32', 'Solar Capture is running')} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Press Ctrl-C to stop.

  Site             ${b(current.url + '/')}
  wp-admin         ${b(current.adminUrl + 'admin.php?page=solar-capture-leads')}
  Log in as        ${b(current.adminUser)} / ${b(current.adminPassword)}
  Cal.com webhook  ${b(current.webhookUrl)}
  Cal.com secret   ${b(chosen.secrets.calcom)}
${Object.keys(PROVIDER_SECRETS)
	.filter((p) => p !== 'calcom' && chosen.secrets[p])
	.map((p) => `  ${p.padEnd(16)} ${current.webhookUrl}?provider=${p}  (secret from ${PROVIDER_SECRETS[p]})`)
	.join('\n')}
  Web server       ${production ? `${STACK} + PHP-FPM (configuration: ${current.dir}/server/)` : 'php -S (PHP built-in server)'}
  Database         ${database}
  Logs             ${current.logs}/
`);
}

main().catch(async (error) => {
	console.error(`\n${paint('31', 'npm start stopped:')} ${error.message}`);
	await stopAll();
	process.exit(1);
});
