'use strict';
// Debian packages fetched without installing them: `apt-get download` into a cache folder, then
// `dpkg -x` where they are used. Nothing is installed on the machine, no service is registered, and
// nothing is written outside this repository's .wp/ folder.
//
// Two kinds of apt state:
// - a private one (its own sources.list, lists and cache under .wp/cache/<name>) for another Debian
//   release than the machine's: WordPress from trixie (6.8) or sid (the newest 7.x);
// - the machine's own (its sources and lists, read only) for packages that must match the machine's
//   libraries: nginx, Apache and PHP-FPM.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { run } = require('./run');
const paths = require('./paths');

/** A private apt state for `suite` (trixie, sid, …) kept in .wp/cache/<name>. */
function privateState(name, suite) {
	const dir = path.join(paths.cache, name);
	for (const sub of ['lists/partial', 'archives/partial', 'etc/sources.list.d', 'etc/preferences.d', 'debs']) {
		fs.mkdirSync(path.join(dir, sub), { recursive: true });
	}
	fs.writeFileSync(path.join(dir, 'etc', 'sources.list'), `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${suite} main\n`);
	if (!fs.existsSync(path.join(dir, 'status'))) fs.writeFileSync(path.join(dir, 'status'), '');
	const options = [
		`Dir::Etc::SourceList=${dir}/etc/sources.list`,
		`Dir::Etc::SourceParts=${dir}/etc/sources.list.d`,
		'Dir::Etc::Preferences=/dev/null',
		`Dir::Etc::PreferencesParts=${dir}/etc/preferences.d`,
		`Dir::State::Lists=${dir}/lists`,
		`Dir::State::Status=${dir}/status`,
		`Dir::Cache=${dir}`,
		'Debug::NoLocking=1',
		'APT::Sandbox::User=root',
	].flatMap((o) => ['-o', o]);
	return { name, suite, dir, debs: path.join(dir, 'debs'), options, own: false };
}

/** The machine's own apt state (read only): for packages built against the machine's libraries. */
function machineState(name) {
	const dir = path.join(paths.cache, name);
	fs.mkdirSync(path.join(dir, 'debs'), { recursive: true });
	return { name, dir, debs: path.join(dir, 'debs'), options: ['-o', 'APT::Sandbox::User=root'], own: true };
}

const cachedDebs = (state) => fs.readdirSync(state.debs).filter((f) => f.endsWith('.deb'));
const debName = (file) => file.split('_')[0];

async function update(state) {
	if (!state.own) return run('apt-get', [...state.options, 'update']);
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!root) throw new Error("apt's package lists are missing or out of date; run: sudo apt-get update");
	return run('apt-get', ['update'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * Makes sure a .deb of each package is in the state's cache (downloading the missing ones) and
 * returns the cached file names. `packages` may name an exact version (`php8.2-fpm=8.2.36-1~deb12u1`);
 * when that version is gone from the archive, the newest one is taken.
 */
async function download(state, packages) {
	const missing = () => packages.filter((p) => !cachedDebs(state).some((f) => debName(f) === p.split('=')[0]));
	const get = async (list) => run('apt-get', [...state.options, 'download', ...list], { cwd: state.debs });
	if (missing().length) {
		if (!state.own && !fs.readdirSync(path.join(state.dir, 'lists')).some((f) => f.endsWith('Packages') || f.endsWith('Packages.lz4'))) await update(state);
		try {
			await get(missing());
		} catch {
			// Lists out of date (a security update replaced the version they name): refresh once and retry,
			// without pinned versions this time.
			await update(state);
			await get(missing().map((p) => p.split('=')[0]));
		}
	}
	const files = cachedDebs(state);
	return packages.map((p) => files.find((f) => debName(f) === p.split('=')[0]));
}

/** Unpacks .deb files of the state's cache into `target`. */
async function unpack(state, files, target) {
	fs.mkdirSync(target, { recursive: true });
	for (const file of files) await run('dpkg', ['-x', path.join(state.debs, file), target]);
}

/** A field of a package as the state's apt sees it (`Depends`, `Version`…), or ''. */
function field(state, pkg, name) {
	const out = spawnSync('apt-cache', [...state.options, 'show', '--no-all-versions', pkg], { encoding: 'utf8' });
	const match = (out.stdout || '').match(new RegExp(`^${name}: (.*)$`, 'm'));
	return match ? match[1] : '';
}

/** Package names of a Depends line (alternatives: the first; version constraints dropped). */
function dependencyNames(line) {
	return line
		.split(',')
		.map((part) => part.split('|')[0].trim().split(/[\s(:]/)[0])
		.filter(Boolean);
}

/** The installed version of a package on this machine, or ''. */
function installedVersion(pkg) {
	const out = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
	return out.status === 0 ? out.stdout.trim() : '';
}

module.exports = { privateState, machineState, download, unpack, field, dependencyNames, installedVersion, cachedDebs };
