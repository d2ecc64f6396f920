#!/usr/bin/env node
'use strict';
/**
 * `php -l` on every PHP file of the project (the plugin, its built asset files, the scripts, the
 * benches and the PHP tests), two at a time. Writes a JUnit report (one test per file) for the
 * closing count of npm test.
 *
 *   node scripts/php-lint.js [--log-junit=FILE]
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const paths = require('./lib/paths');

const ROOTS = ['plugin', 'scripts', 'bench', 'tests'];
const SKIP = new Set(['node_modules', '.git', '.wp', 'test-results', 'dist']);

function phpFiles(dir, out = []) {
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) phpFiles(full, out);
		else if (entry.name.endsWith('.php')) out.push(full);
	}
	return out;
}

function lint(file) {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn('php', ['-l', file], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (out += chunk));
		child.on('error', (error) => resolve({ file, ok: false, out: error.message, ms: 0 }));
		child.on('close', (code) => resolve({ file, ok: code === 0, out: out.trim(), ms: Date.now() - started }));
	});
}

const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function main() {
	const files = ROOTS.flatMap((root) => phpFiles(path.join(paths.root, root))).sort();
	const results = [];
	for (let i = 0; i < files.length; i += 2) results.push(...(await Promise.all(files.slice(i, i + 2).map(lint))));
	const failed = results.filter((r) => !r.ok);
	for (const r of failed) console.error(`${path.relative(paths.root, r.file)}: ${r.out}`);
	console.log(`php -l: ${results.length - failed.length} of ${results.length} PHP files without syntax errors.`);

	const report = (process.argv.find((a) => a.startsWith('--log-junit=')) || '').slice('--log-junit='.length);
	if (report) {
		const cases = results
			.map((r) => {
				const name = xml(path.relative(paths.root, r.file));
				const failure = r.ok ? '' : `<failure message="syntax error">${xml(r.out)}</failure>`;
				return `    <testcase classname="php -l" name="${name}" time="${(r.ms / 1000).toFixed(3)}">${failure}</testcase>`;
			})
			.join('\n');
		fs.mkdirSync(path.dirname(report), { recursive: true });
		fs.writeFileSync(report, `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="php -l" tests="${results.length}" failures="${failed.length}" errors="0" skipped="0">\n${cases}\n  </testsuite>\n</testsuites>\n`);
	}
	return failed.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`php-lint: ${error.message}`);
		process.exit(1);
	},
);
