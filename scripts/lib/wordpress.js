'use strict';
// WordPress core (6.8, and the newest 7.x) and the SQLite database drop-in, fetched once and cached under .wp/.
const fs = require('node:fs');
const path = require('node:path');
const { run, has } = require('./run');
const paths = require('./paths');
const debian = require('./debian');

const MIN_VERSION = [6, 8];
// The SQLite Database Integration plugin ships inside this npm package (see docs/internals.md, "Set-up").
const PLAYGROUND_CLI = '@wp-playground/cli@3.1.56';

function coreVersion(dir) {
	try {
		const text = fs.readFileSync(path.join(dir, 'wp-includes', 'version.php'), 'utf8');
		return (text.match(/\$wp_version\s*=\s*'([^']+)'/) || [])[1] || null;
	} catch {
		return null;
	}
}

function recentEnough(version) {
	if (!version) return false;
	const [major, minor] = version.split(/[.-]/).map(Number);
	return major > MIN_VERSION[0] || (major === MIN_VERSION[0] && minor >= MIN_VERSION[1]);
}

/** The wp-config.php inside core: it only loads the site's own configuration, named by the environment. */
function writeCoreConfig(coreDir) {
	fs.writeFileSync(
		path.join(coreDir, 'wp-config.php'),
		`<?php
/*
 * Written by Solar Capture's set-up. Each site keeps its own wp-config.php (database, keys, URLs);
 * this file loads the one named by SOLAR_CAPTURE_SITE_CONFIG.
 */
$solar_capture_site_config = getenv( 'SOLAR_CAPTURE_SITE_CONFIG' );
if ( ! $solar_capture_site_config || ! is_file( $solar_capture_site_config ) ) {
	header( 'Content-Type: text/plain', true, 503 );
	exit( "SOLAR_CAPTURE_SITE_CONFIG does not name a site configuration. Start the site with npm start.\\n" );
}
require $solar_capture_site_config;
`,
	);
	fs.rmSync(path.join(coreDir, '.htaccess'), { force: true });
}

async function fromWordPressOrg(workDir) {
	if (!has('curl')) throw new Error('curl is not installed');
	const zip = path.join(paths.cache, 'wordpress-latest.zip');
	if (!fs.existsSync(zip)) {
		await run('curl', ['-fsSL', '--connect-timeout', '5', '--max-time', '120', '-o', `${zip}.part`, 'https://wordpress.org/latest.zip']);
		fs.renameSync(`${zip}.part`, zip);
	}
	await run('unzip', ['-q', '-o', zip, '-d', workDir]);
	return path.join(workDir, 'wordpress');
}

/**
 * The WordPress releases a site can run on: `stable` (Debian trixie's package, 6.8.x, the default)
 * and `newest` (Debian sid's, the newest 7.x). Each has its own core folder and apt cache.
 */
const RELEASES = {
	stable: { suite: 'trixie', state: 'apt', core: paths.core, env: 'WP_CORE_DIR' },
	newest: { suite: 'sid', state: 'apt-sid', core: paths.coreNewest, env: 'WP_NEWEST_CORE_DIR' },
};

function release(name = 'stable') {
	const found = RELEASES[name];
	if (!found) throw new Error(`Unknown WordPress release "${name}": use stable (6.8) or newest (7.x)`);
	return found;
}

/** The core folder of a release (stable: .wp/core, newest: .wp/core-newest). */
const coreDir = (name) => release(name).core;

/** Debian's wordpress package of `suite`, fetched with a private apt state that leaves the machine's apt alone. */
async function fromDebian(workDir, rel) {
	const state = debian.privateState(rel.state, rel.suite);
	if (!fs.readdirSync(path.join(state.dir, 'lists')).some((f) => /Packages(\.lz4)?$/.test(f))) await run('apt-get', [...state.options, 'update']);
	// The package links its bundled libraries (underscore, lodash, jQuery UI, PHPMailer, getID3…) into
	// other packages: fetch those too, as its Depends line names them.
	const bundled = debian.dependencyNames(debian.field(state, 'wordpress', 'Depends')).filter((p) => /^(libjs-|libphp-|php-getid3$)/.test(p));
	const packages = ['wordpress', 'wordpress-theme-twentytwentyfive', ...new Set(bundled)];
	const files = await debian.download(state, packages);
	const unpacked = path.join(workDir, 'debian');
	await debian.unpack(state, files, unpacked);
	const core = path.join(unpacked, 'usr', 'share', 'wordpress');
	// Absolute links point into /etc: the CA bundle (use the machine's) and .htaccess (dropped).
	const bundle = path.join(core, 'wp-includes', 'certificates', 'ca-bundle.crt');
	fs.rmSync(bundle, { force: true });
	if (fs.existsSync('/etc/ssl/certs/ca-certificates.crt')) fs.copyFileSync('/etc/ssl/certs/ca-certificates.crt', bundle);
	else fs.writeFileSync(bundle, '');
	fs.rmSync(path.join(core, '.htaccess'), { force: true });
	fs.rmSync(path.join(core, 'wp-config.php'), { force: true });
	const broken = brokenLinks(core);
	if (broken.length) throw new Error(`Debian's wordpress (${rel.suite}) links to files no fetched package has: ${broken.slice(0, 5).join(', ')}`);
	return core;
}

/** Symbolic links under dir whose target does not exist (relative to dir). */
function brokenLinks(dir, base = dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isSymbolicLink()) {
			if (!fs.existsSync(full)) out.push(path.relative(base, full));
		} else if (entry.isDirectory()) out.push(...brokenLinks(full, base));
	}
	return out;
}

/**
 * Makes the release's core folder hold WordPress 6.8+: an existing core named by WP_CORE_DIR
 * (WP_NEWEST_CORE_DIR for the newest), the cached copy, Debian's package (fetched with a private apt
 * state) or the wordpress.org release zip.
 */
async function ensureCore(name = 'stable') {
	const rel = release(name);
	const existing = coreVersion(rel.core);
	if (recentEnough(existing) && fs.existsSync(path.join(rel.core, 'wp-config.php'))) return `WordPress ${existing}, cached`;
	fs.mkdirSync(paths.cache, { recursive: true });
	const work = fs.mkdtempSync(path.join(paths.wp, 'core-'));
	try {
		let source = process.env[rel.env];
		let how = `from ${rel.env}`;
		if (source) {
			if (!recentEnough(coreVersion(source))) throw new Error(`${rel.env}=${source} is not WordPress 6.8 or newer`);
		} else {
			const attempts = [];
			if (has('apt-get') && has('dpkg')) attempts.push([`Debian ${rel.suite} package`, (dir) => fromDebian(dir, rel)]);
			attempts.push(['wordpress.org', fromWordPressOrg]);
			const errors = [];
			for (const [label, fetch] of attempts) {
				try {
					source = await fetch(work);
					how = `from ${label}`;
					break;
				} catch (error) {
					errors.push(`${label}: ${error.message.split('\n')[0]}`);
				}
			}
			if (!source) throw new Error(`Could not download WordPress.\n  ${errors.join('\n  ')}\nSet ${rel.env} to an unpacked WordPress 6.8+ to use it instead.`);
		}
		const version = coreVersion(source);
		if (!recentEnough(version)) throw new Error(`The WordPress found (${version}) is older than 6.8`);
		const staging = `${rel.core}.new`;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.cpSync(source, staging, { recursive: true, dereference: true });
		writeCoreConfig(staging);
		fs.rmSync(rel.core, { recursive: true, force: true });
		fs.renameSync(staging, rel.core);
		return `WordPress ${version}, ${how}`;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** The SQLite Database Integration plugin, unpacked into .wp/cache/sqlite-database-integration. */
async function ensureSqlitePlugin() {
	const loader = path.join(paths.sqlitePlugin, 'load.php');
	if (fs.existsSync(loader)) return 'cached';
	fs.mkdirSync(paths.cache, { recursive: true });
	const work = fs.mkdtempSync(path.join(paths.cache, 'sqlite-'));
	try {
		await run('npm', ['pack', PLAYGROUND_CLI, '--silent'], { cwd: work });
		const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
		await run('tar', ['xzf', tarball, 'package/sqlite-database-integration.zip'], { cwd: work });
		await run('unzip', ['-q', '-o', 'package/sqlite-database-integration.zip', '-d', 'out'], { cwd: work });
		const [folder] = fs.readdirSync(path.join(work, 'out'));
		fs.rmSync(paths.sqlitePlugin, { recursive: true, force: true });
		fs.renameSync(path.join(work, 'out', folder), paths.sqlitePlugin);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	const version = (fs.readFileSync(loader, 'utf8').match(/Version:\s*([\d.]+)/) || [])[1];
	return `version ${version} from ${PLAYGROUND_CLI}`;
}

module.exports = { ensureCore, ensureSqlitePlugin, coreVersion, coreDir, RELEASES };
