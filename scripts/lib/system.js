'use strict';
// System packages from Debian: PHP (always), Chromium (browser tests), MariaDB (production-path tests)
// and PHPUnit (the PHP unit tests).
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { run, has } = require('./run');

// php-zip: WordPress's Tools → Export Personal Data builds its download with ZipArchive.
const PHP_PACKAGES = ['php-cli', 'php-sqlite3', 'php-mysql', 'php-xml', 'php-mbstring', 'php-curl', 'php-zip'];
const PHP_MODULES = ['pdo_sqlite', 'mysqli', 'xml', 'mbstring', 'curl', 'zip'];

function phpMissing() {
	if (!has('php')) return PHP_MODULES;
	const modules = spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout.toLowerCase().split('\n').map((m) => m.trim());
	return PHP_MODULES.filter((m) => !modules.includes(m));
}

/** What is missing, as Debian package names. */
function missingPackages({ chromium = false, mariadb = false, phpunit = false } = {}) {
	const missing = [];
	if (phpMissing().length) missing.push(...PHP_PACKAGES);
	if (chromium && !fs.existsSync('/usr/bin/chromium')) missing.push('chromium');
	if (mariadb && !(has('mariadbd') || fs.existsSync('/usr/sbin/mariadbd'))) missing.push('mariadb-server', 'mariadb-client');
	if (phpunit && !has('phpunit')) missing.push('phpunit');
	if (!has('unzip')) missing.push('unzip');
	return missing;
}

/** Installs what is missing with apt when we may; otherwise stops with the exact command to run. */
async function ensureSystemPackages(options = {}) {
	const missing = missingPackages(options);
	if (!missing.length) return 'already installed';
	const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!root || !has('apt-get')) {
		throw new Error(`These system packages are missing: ${missing.join(', ')}.\nInstall them, then run the command again:\n  sudo sh -c '${command}'`);
	}
	await run('apt-get', ['update'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
	await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
	const still = missingPackages(options);
	if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
	return `installed ${missing.join(', ')}`;
}

module.exports = { ensureSystemPackages, missingPackages };
