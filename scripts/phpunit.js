#!/usr/bin/env node
'use strict';
/**
 * The PHP unit tests (tests/php, PHPUnit from Debian's phpunit package) against a real WordPress:
 * installs a throw-away site with its own SQLite file through the project's harness
 * (scripts/lib/site.js; no web server, no sidecar), runs PHPUnit inside it and removes it.
 *
 *   node scripts/phpunit.js [--log-junit=FILE] [phpunit arguments…]
 *
 * The set-up (npm test, npm start or npm run setup) must have fetched WordPress first.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const lib = require('./lib/site');
const paths = require('./lib/paths');

async function main() {
	if (spawnSync('sh', ['-c', 'command -v phpunit'], { stdio: 'ignore' }).status !== 0) {
		throw new Error('phpunit is not installed (Debian package phpunit; npm test installs it).');
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-phpunit-'));
	try {
		const site = lib.describeSite({
			dir,
			port: await lib.freePort(),
			sidecarPort: await lib.freePort(),
			adminPassword: crypto.randomBytes(12).toString('hex'),
		});
		await lib.installSite(site);
		const args = ['-c', path.join(paths.root, 'tests', 'php', 'phpunit.xml'), ...process.argv.slice(2)];
		const result = spawnSync('phpunit', args, { cwd: paths.root, stdio: 'inherit', env: { ...process.env, ...lib.phpEnv(site) } });
		return result.status === null ? 1 : result.status;
	} finally {
		if (!process.env.KEEP_TEST_SITES) fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`phpunit: ${error.message}`);
		process.exit(1);
	},
);
