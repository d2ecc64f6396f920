#!/usr/bin/env node
'use strict';
/**
 * npm run plugin-zip: writes dist/solar-capture.zip, the plugin as WordPress installs it
 * (Plugins → Add New → Upload Plugin, or unzipped into wp-content/plugins/).
 *
 * The zip holds one folder, solar-capture/, with only what runs on a site: the PHP (solar-capture.php,
 * uninstall.php, includes/), the contract files (pipeline.json, providers.json, lead-fields.json), the
 * build (build/: the admin screens, and each block's block.json, scripts and style in
 * build/blocks/<block>/, with Cal.com's embed beside the booking calendar's), translations
 * (languages/) and readme.txt.
 * Nothing of the development tree: no admin-ui sources, tests, node_modules, source maps or dotfiles.
 *
 * The admin screens are built first when build/ is missing or older than admin-ui/ (as npm start does).
 *
 * Options:
 *   --out=FILE    where to write (default dist/solar-capture.zip)
 *   --no-build    use plugin/build as it is (fails when it is missing); also PLUGIN_ZIP_NO_BUILD=1
 *
 * Uses the `zip` program when there is one, else Python's zipfile.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const PLUGIN = path.join(ROOT, 'plugin');
const SLUG = 'solar-capture';

/** Top-level entries of plugin/ that ship. Anything else stays out. */
const SHIPPED = ['solar-capture.php', 'uninstall.php', 'readme.txt', 'pipeline.json', 'providers.json', 'lead-fields.json', 'license.txt', 'includes', 'build', 'languages'];
/** The build entries the admin pages load (Admin\Menu): each needs its .js and .asset.php. */
const ENTRIES = ['leads', 'integrations', 'settings'];
/** Never shipped, wherever they are. */
const EXCLUDED = [/(^|\/)\./, /(^|\/)node_modules(\/|$)/, /(^|\/)tests?(\/|$)/, /(^|\/)src(\/|$)/, /\.map$/, /\.tsx?$/, /\.(test|spec)\.[jt]s$/, /(^|\/)(package(-lock)?\.json|composer\.(json|lock)|phpcs\.xml(\.dist)?|phpunit\.xml(\.dist)?|tsconfig\.json)$/];

function option(name) {
	const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (!arg) return null;
	return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : true;
}

/** The newest modification time of a file below target (outside node_modules, dist and build, unless inside is true). */
function newest(target, inside = false) {
	if (!fs.existsSync(target)) return 0;
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = inside ? 0 : stat.mtimeMs;
	for (const entry of fs.readdirSync(target)) {
		if (!inside && (entry === 'node_modules' || entry === 'dist' || entry === 'build')) continue;
		latest = Math.max(latest, newest(path.join(target, entry), inside));
	}
	return latest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** The blocks (PHP registers each from its built block.json). */
const BLOCKS = ['quote-form', 'booking-calendar'];
/** The blocks' built files; the booking calendar also loads Cal.com's embed as a chunk of its own. */
const BLOCK_FILES = [
	...BLOCKS.flatMap((block) => ['block.json', 'index.js', 'index.asset.php', 'view.js', 'view.asset.php', 'style-index.css'].map((file) => `blocks/${block}/${file}`)),
	'blocks/booking-calendar/calcom-embed.js',
];

function buildMissing() {
	return [...ENTRIES.flatMap((entry) => [`${entry}.js`, `${entry}.asset.php`]), ...BLOCK_FILES].filter((file) => !fs.existsSync(path.join(PLUGIN, 'build', file)));
}

function ensureBuild() {
	const skip = option('no-build') || process.env.PLUGIN_ZIP_NO_BUILD === '1';
	// webpack leaves a file whose content did not change untouched, so the build's newest file tells
	// when it last built (an unchanged asset.php keeps its old time).
	const built = newest(path.join(PLUGIN, 'build'), true);
	const sources = Math.max(newest(path.join(ROOT, 'admin-ui')), mtime(path.join(PLUGIN, 'pipeline.json')));
	if (!skip && (buildMissing().length || built <= sources)) {
		console.log('Building the admin screens (npm run build --workspace admin-ui)…');
		// A production build whoever runs this (jest sets NODE_ENV=test, which wp-scripts would honour
		// with a development build, source maps and all, into the plugin/build the other suites use).
		const built = spawnSync('npm', ['run', 'build', '--workspace', 'admin-ui'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
		if (built.status !== 0) throw new Error('The admin screens did not build; no zip was written.');
	}
	const missing = buildMissing();
	if (missing.length) throw new Error(`plugin/build is incomplete (missing ${missing.join(', ')}). Run npm run build first.`);
}

/** Version in the plugin header, the SOLAR_CAPTURE_VERSION constant and readme.txt's Stable tag must agree. */
function checkVersions() {
	const main = fs.readFileSync(path.join(PLUGIN, 'solar-capture.php'), 'utf8');
	const readme = fs.readFileSync(path.join(PLUGIN, 'readme.txt'), 'utf8');
	const header = (main.match(/^\s*\*\s*Version:\s*(\S+)/m) || [])[1];
	const constant = (main.match(/define\(\s*'SOLAR_CAPTURE_VERSION',\s*'([^']+)'/) || [])[1];
	const stable = (readme.match(/^Stable tag:\s*(\S+)/m) || [])[1];
	const blocks = BLOCKS.map((block) => [block, JSON.parse(fs.readFileSync(path.join(ROOT, 'admin-ui', 'src', 'blocks', block, 'block.json'), 'utf8')).version]);
	if (!header || header !== constant || header !== stable || blocks.some(([, version]) => version !== header)) {
		throw new Error(`Versions disagree: plugin header ${header}, SOLAR_CAPTURE_VERSION ${constant}, readme.txt Stable tag ${stable}, ${blocks.map(([block, version]) => `${block} block.json ${version}`).join(', ')}.`);
	}
	for (const field of ['Requires at least', 'Requires PHP', 'Text Domain']) {
		if (!new RegExp(`^\\s*\\*\\s*${field}:`, 'm').test(main)) throw new Error(`The plugin header lacks "${field}".`);
	}
	return header;
}

/** Relative paths (with /) of every shipped file, sorted. */
function shippedFiles() {
	const files = [];
	const walk = (relative) => {
		const full = path.join(PLUGIN, relative);
		const stat = fs.statSync(full);
		if (EXCLUDED.some((pattern) => pattern.test(relative))) return;
		if (stat.isDirectory()) {
			for (const entry of fs.readdirSync(full)) walk(relative ? `${relative}/${entry}` : entry);
		} else if (stat.isFile()) {
			files.push(relative);
		}
	};
	for (const entry of SHIPPED) if (fs.existsSync(path.join(PLUGIN, entry))) walk(entry);
	return files.sort();
}

/** Whether a program is on the PATH. */
function has(command) {
	return (process.env.PATH || '').split(path.delimiter).some((dir) => {
		try {
			fs.accessSync(path.join(dir, command), fs.constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

function writeZip(stage, out) {
	fs.rmSync(out, { force: true });
	if (has('zip')) {
		// -X: no extra file attributes; -r: the folder; -q: quiet.
		const zipped = spawnSync('zip', ['-X', '-r', '-q', out, SLUG], { cwd: stage, stdio: 'inherit' });
		if (zipped.status !== 0) throw new Error('zip failed');
		return 'zip';
	}
	const python = ['python3', 'python'].find(has);
	if (!python) throw new Error('Neither zip nor python3 is installed; install one of them (apt-get install zip).');
	const script = [
		'import os, sys, zipfile',
		'stage, out, slug = sys.argv[1:4]',
		'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
		'    for folder, dirs, files in os.walk(os.path.join(stage, slug)):',
		'        dirs.sort()',
		'        rel = os.path.relpath(folder, stage)',
		'        z.write(folder, rel + "/")',
		'        for name in sorted(files):',
		'            z.write(os.path.join(folder, name), os.path.join(rel, name))',
	].join('\n');
	const zipped = spawnSync(python, ['-c', script, stage, out, SLUG], { stdio: 'inherit' });
	if (zipped.status !== 0) throw new Error(`${python} zipfile failed`);
	return `${python} zipfile`;
}

function main() {
	const out = path.resolve(ROOT, String(option('out') || path.join('dist', `${SLUG}.zip`)));
	const version = checkVersions();
	ensureBuild();
	const files = shippedFiles();
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-zip-'));
	try {
		for (const file of files) {
			const target = path.join(stage, SLUG, file);
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(path.join(PLUGIN, file), target);
		}
		fs.mkdirSync(path.dirname(out), { recursive: true });
		const tool = writeZip(stage, out);
		const size = fs.statSync(out).size;
		console.log(`Wrote ${path.relative(process.cwd(), out) || out}: Solar Capture ${version}, ${files.length} files, ${(size / 1024).toFixed(0)} KB (${tool}).`);
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

try {
	main();
} catch (error) {
	console.error(`plugin-zip: ${error.message}`);
	process.exit(1);
}
