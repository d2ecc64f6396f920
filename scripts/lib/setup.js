'use strict';
// Every set-up step npm start and npm test need, each skipped when its result is already there.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { step } = require('./log');
const { run } = require('./run');
const paths = require('./paths');
const { ensureSystemPackages } = require('./system');
const { ensureCore, ensureSqlitePlugin } = require('./wordpress');
const { ensureWebServers } = require('./servers');

function newest(target) {
	if (!fs.existsSync(target)) return 0;
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = stat.mtimeMs;
	for (const entry of fs.readdirSync(target)) {
		if (entry === 'node_modules' || entry === 'dist' || entry === 'build') continue;
		latest = Math.max(latest, newest(path.join(target, entry)));
	}
	return latest;
}

function mtime(file) {
	return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

async function ensureNodeModules() {
	const stamp = path.join(paths.root, 'node_modules', '.package-lock.json');
	const manifests = ['package.json', 'package-lock.json', 'sidecar/package.json', 'admin-ui/package.json'].map((f) => path.join(paths.root, f));
	const nativeOk = () => spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: paths.sidecar, stdio: 'ignore' }).status === 0;
	if (fs.existsSync(stamp) && manifests.every((f) => mtime(f) <= mtime(stamp)) && nativeOk()) return 'up to date';
	const fresh = !fs.existsSync(path.join(paths.root, 'node_modules'));
	const lock = fs.existsSync(path.join(paths.root, 'package-lock.json'));
	await run('npm', [fresh && lock ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: paths.root, env: { CI: 'true' } });
	if (!nativeOk()) await run('npm', ['rebuild', 'better-sqlite3'], { cwd: paths.root });
	if (!nativeOk()) throw new Error('better-sqlite3 did not build: it compiles from source here and needs g++ and make.');
	fs.utimesSync(stamp, new Date(), new Date());
	return fresh ? 'installed' : 'updated';
}

async function buildAdminUi() {
	const out = path.join(paths.plugin, 'build', 'leads.asset.php');
	const sources = Math.max(newest(path.join(paths.root, 'admin-ui')), mtime(path.join(paths.plugin, 'pipeline.json')));
	// The screens and the quote-form block (PHP registers it from its built block.json).
	const block = path.join(paths.plugin, 'build', 'blocks', 'quote-form', 'block.json');
	if (mtime(out) > sources && fs.existsSync(block)) return 'up to date';
	// Production whatever NODE_ENV says (under jest it is "test": wp-scripts would make a development build).
	await run('npm', ['run', 'build', '--workspace', 'admin-ui'], { cwd: paths.root, env: { ...process.env, NODE_ENV: 'production' } });
	return 'built';
}

async function buildSidecar() {
	if (mtime(paths.sidecarMain) > newest(paths.sidecar)) return 'up to date';
	await run('npm', ['run', 'build', '--workspace', 'sidecar'], { cwd: paths.root });
	return 'built';
}

/**
 * options: { chromium, mariadb, phpunit } to also install what the tests need; webServers: nginx,
 * Apache and PHP-FPM for the production stacks; newest: the newest WordPress (7.x) beside 6.8.
 */
async function setup(options = {}) {
	const wants = ['PHP', options.chromium && 'Chromium', options.mariadb && 'MariaDB', options.phpunit && 'PHPUnit'].filter(Boolean).join(', ');
	await step(`System packages (${wants})`, () => ensureSystemPackages(options));
	await step('npm packages', ensureNodeModules);
	await step('WordPress core', () => ensureCore('stable'));
	if (options.newest) await step('WordPress core, newest release', () => ensureCore('newest'));
	if (options.webServers) await step("Web servers (Debian's nginx, Apache and PHP-FPM, unpacked into .wp/cache/servers)", ensureWebServers);
	await step('SQLite database drop-in', ensureSqlitePlugin);
	await step('Admin screens (wp-scripts build)', buildAdminUi);
	await step('Sidecar (TypeScript build)', buildSidecar);
}

module.exports = { setup };
