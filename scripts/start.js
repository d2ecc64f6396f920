'use strict';
// npm start: set everything up, then run WordPress (SQLite) and the sidecar until Ctrl-C.
const fs = require('node:fs');
const path = require('node:path');
const { setup } = require('./lib/setup');
const { step, paint } = require('./lib/log');
const paths = require('./lib/paths');
const site = require('./lib/site');

const PROVIDER_SECRETS = {
	calcom: 'CALCOM_WEBHOOK_SECRET',
	calendly: 'CALENDLY_WEBHOOK_SECRET',
	orufy: 'ORUFY_WEBHOOK_SECRET',
	generic: 'GENERIC_WEBHOOK_SECRET',
};

/** Credentials chosen on the first start are kept (in .wp/site, mode 600) so later starts print the same ones. */
function credentials() {
	const file = path.join(paths.defaultSite, 'credentials.json');
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
	fs.mkdirSync(paths.defaultSite, { recursive: true });
	fs.writeFileSync(file, JSON.stringify(chosen, null, 2), { mode: 0o600 });
	return chosen;
}

function port(name, fallback) {
	const value = Number(process.env[name] || fallback);
	if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, got "${process.env[name]}"`);
	return value;
}

const services = {};

async function main() {
	const started = Date.now();
	await setup();
	const chosen = credentials();
	const current = site.describeSite({
		dir: paths.defaultSite,
		port: port('WP_PORT', 8881),
		sidecarPort: port('SIDECAR_PORT', 8787),
		...chosen,
	});
	await step('WordPress site (install, activate Solar Capture)', async () => {
		const result = await site.installSite(current);
		return `${result.installed ? 'installed' : 'already installed'}, WordPress ${result.wordpress}`;
	});

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal ? `${signal}: ` : ''}stopping WordPress and the sidecar…`);
		await Promise.all(Object.values(services).map((child) => site.stopService(child)));
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

	await step(`WordPress on ${current.url} (php -S, 4 workers)`, async () => {
		services.wordpress = await site.startWordPress(current);
		services.wordpress.on('exit', (code) => {
			if (!stopping) {
				console.error(`WordPress (php -S) exited unexpectedly (code ${code}); see ${current.logs}/php-server.log`);
				stop();
			}
		});
	});

	// The sidecar is supervised as a process manager would: an unexpected exit is logged and it is restarted
	// (after 1 s, backing off to 30 s while it keeps failing). Deliveries that arrive meanwhile are queued.
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
			delay = Date.now() - started > 60000 ? 1000 : Math.min(delay * 2, 30000);
			console.error(`${new Date().toISOString()} the sidecar exited unexpectedly (${signal || `code ${code}`}); restarting in ${delay / 1000} s. Deliveries are queued meanwhile.\n  last log line: ${lastLogLine()}`);
			setTimeout(() => superviseSidecar().then(() => console.error(`${new Date().toISOString()} the sidecar is back.`)).catch((error) => {
				console.error(`restarting the sidecar failed: ${error.message}`);
				child.emit('exit', 1, null);
			}), delay);
		});
	};
	await step(`Sidecar on ${current.sidecarUrl}`, superviseSidecar);

	const b = (text) => paint('1', text);
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
  Database         ${current.sqlitePath} (SQLite)
  Logs             ${current.logs}/
`);
}

main().catch(async (error) => {
	console.error(`\n${paint('31', 'npm start stopped:')} ${error.message}`);
	await Promise.all(Object.values(services).map((child) => site.stopService(child)));
	process.exit(1);
});
