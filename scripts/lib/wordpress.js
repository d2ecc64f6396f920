'use strict';
// WordPress core (6.8 or newer) and the SQLite database drop-in, fetched once and cached under .wp/.
const fs = require('node:fs');
const path = require('node:path');
const { run, has } = require('./run');
const paths = require('./paths');

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

/** Debian trixie's wordpress package, fetched with a private apt state that leaves the machine's apt alone. */
async function fromDebian(workDir) {
	const apt = path.join(paths.cache, 'apt');
	for (const dir of ['lists/partial', 'archives/partial', 'etc/sources.list.d', 'etc/preferences.d', 'debs']) {
		fs.mkdirSync(path.join(apt, dir), { recursive: true });
	}
	fs.writeFileSync(
		path.join(apt, 'etc', 'sources.list'),
		'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n',
	);
	fs.writeFileSync(path.join(apt, 'status'), '');
	const options = [
		`Dir::Etc::SourceList=${apt}/etc/sources.list`,
		`Dir::Etc::SourceParts=${apt}/etc/sources.list.d`,
		`Dir::Etc::Preferences=/dev/null`,
		`Dir::Etc::PreferencesParts=${apt}/etc/preferences.d`,
		`Dir::State::Lists=${apt}/lists`,
		`Dir::State::Status=${apt}/status`,
		`Dir::Cache=${apt}`,
		'Debug::NoLocking=1',
		'APT::Sandbox::User=root',
	].flatMap((o) => ['-o', o]);
	const debs = path.join(apt, 'debs');
	// The package links its bundled libraries into other packages: fetch those too.
	const packages = ['wordpress', 'wordpress-theme-twentytwentyfive', 'libjs-underscore', 'libjs-lodash', 'libjs-cropper', 'php-getid3'];
	const cached = fs.readdirSync(debs).filter((f) => f.endsWith('.deb'));
	const missing = packages.filter((p) => !cached.some((f) => f.startsWith(`${p}_`)));
	if (missing.length) {
		await run('apt-get', [...options, 'update']);
		await run('apt-get', [...options, 'download', ...missing], { cwd: debs });
	}
	const unpacked = path.join(workDir, 'debian');
	for (const deb of fs.readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
		await run('dpkg', ['-x', path.join(debs, deb), unpacked]);
	}
	const core = path.join(unpacked, 'usr', 'share', 'wordpress');
	// Absolute links point into /etc: the CA bundle (use the machine's) and .htaccess (dropped).
	const bundle = path.join(core, 'wp-includes', 'certificates', 'ca-bundle.crt');
	fs.rmSync(bundle, { force: true });
	if (fs.existsSync('/etc/ssl/certs/ca-certificates.crt')) fs.copyFileSync('/etc/ssl/certs/ca-certificates.crt', bundle);
	else fs.writeFileSync(bundle, '');
	fs.rmSync(path.join(core, '.htaccess'), { force: true });
	fs.rmSync(path.join(core, 'wp-config.php'), { force: true });
	return core;
}

/**
 * Makes .wp/core hold WordPress 6.8+: an existing core named by WP_CORE_DIR, the cached copy,
 * Debian's package (fetched with a private apt state) or the wordpress.org release zip.
 */
async function ensureCore() {
	const existing = coreVersion(paths.core);
	if (recentEnough(existing) && fs.existsSync(path.join(paths.core, 'wp-config.php'))) return `WordPress ${existing}, cached`;
	fs.mkdirSync(paths.cache, { recursive: true });
	const work = fs.mkdtempSync(path.join(paths.wp, 'core-'));
	try {
		let source = process.env.WP_CORE_DIR;
		let how = 'from WP_CORE_DIR';
		if (source) {
			if (!recentEnough(coreVersion(source))) throw new Error(`WP_CORE_DIR=${source} is not WordPress 6.8 or newer`);
		} else {
			const attempts = [];
			if (has('apt-get') && has('dpkg')) attempts.push(['Debian package', fromDebian]);
			attempts.push(['wordpress.org', fromWordPressOrg]);
			const errors = [];
			for (const [name, fetch] of attempts) {
				try {
					source = await fetch(work);
					how = `from ${name}`;
					break;
				} catch (error) {
					errors.push(`${name}: ${error.message.split('\n')[0]}`);
				}
			}
			if (!source) throw new Error(`Could not download WordPress.\n  ${errors.join('\n  ')}\nSet WP_CORE_DIR to an unpacked WordPress 6.8+ to use it instead.`);
		}
		const version = coreVersion(source);
		if (!recentEnough(version)) throw new Error(`The WordPress found (${version}) is older than 6.8`);
		const staging = `${paths.core}.new`;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.cpSync(source, staging, { recursive: true, dereference: true });
		writeCoreConfig(staging);
		fs.rmSync(paths.core, { recursive: true, force: true });
		fs.renameSync(staging, paths.core);
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

module.exports = { ensureCore, ensureSqlitePlugin, coreVersion };
