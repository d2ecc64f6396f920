'use strict';
// npm test: the same set-up as npm start, then every suite against real parts:
// checks (types, lint, docs links), php -l, PHPUnit in a throw-away WordPress, admin UI and sidecar unit
// tests, integration suites (real PHP + WordPress + SQLite/MariaDB + sidecar), browser tests (Chromium).
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { setup } = require('./lib/setup');
const { paint } = require('./lib/log');
const paths = require('./lib/paths');

const results = path.join(paths.root, 'test-results');
const bin = (name) => path.join(paths.root, 'node_modules', '.bin', name);

// Checks: each command is one test in the closing count (it passes when it exits 0).
const checks = [
	{ name: 'docs: every link and named file exists', command: process.execPath, args: ['scripts/check-links.js'] },
	{ name: 'sidecar: types (tsc --noEmit)', command: bin('tsc'), args: ['-p', 'sidecar/tsconfig.json', '--noEmit'] },
	{ name: 'tests and benches: types (tsc)', command: bin('tsc'), args: ['-p', 'tsconfig.json'] },
	{ name: 'admin UI: types (tsc --noEmit)', command: bin('tsc'), args: ['-p', 'admin-ui/tsconfig.json', '--noEmit'] },
	{ name: 'admin UI: wp-scripts lint-js', command: 'npm', args: ['run', '--silent', 'lint:js', '--workspace', 'admin-ui'] },
];

const suites = [
	{ name: 'checks', kind: 'checks', checks, report: 'checks.json' },
	{ name: 'php -l (every PHP file)', command: process.execPath, args: ['scripts/php-lint.js', `--log-junit=${results}/php-lint.xml`], report: 'php-lint.xml', kind: 'junit' },
	{ name: 'php unit (PHPUnit in a real WordPress)', command: process.execPath, args: ['scripts/phpunit.js', `--log-junit=${results}/phpunit.xml`], report: 'phpunit.xml', kind: 'junit' },
	{ name: 'unit (admin UI)', command: bin('jest'), args: ['-c', 'admin-ui/jest.config.js', '--json', `--outputFile=${results}/unit-admin-ui.json`], report: 'unit-admin-ui.json', kind: 'jest' },
	{ name: 'unit (sidecar)', command: bin('jest'), args: ['-c', 'sidecar/jest.config.js', '--json', `--outputFile=${results}/unit.json`], report: 'unit.json', kind: 'jest' },
	{ name: 'integration (WordPress + SQLite + sidecar)', command: bin('jest'), args: ['-c', 'tests/jest.integration.config.js', '--runInBand', '--json', `--outputFile=${results}/integration-sqlite.json`], report: 'integration-sqlite.json', kind: 'jest', env: { TEST_DB: 'sqlite' } },
	{ name: 'integration (WordPress + MariaDB + sidecar)', command: bin('jest'), args: ['-c', 'tests/jest.integration.config.js', '--runInBand', '--json', `--outputFile=${results}/integration-mariadb.json`], report: 'integration-mariadb.json', kind: 'jest', env: { TEST_DB: 'mariadb' } },
	{ name: 'browser (Chromium)', command: bin('playwright'), args: ['test'], report: 'e2e.json', kind: 'playwright' },
];

function runCommand(command, args, env, stdio = 'inherit') {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: paths.root, stdio, env: { ...process.env, ...(env || {}), FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
		let output = '';
		if (stdio === 'pipe') {
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
		}
		child.on('close', (code) => resolve({ code, output }));
	});
}

/** Runs each check, prints ✓/✗ with its time (and the output of a failed one), writes the report. */
async function runChecks(suite) {
	const report = [];
	for (const check of suite.checks) {
		const started = Date.now();
		const { code, output } = await runCommand(check.command, check.args, check.env, 'pipe');
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		report.push({ name: check.name, passed: code === 0, seconds: Number(seconds) });
		console.log(`${code === 0 ? paint('32', '✓') : paint('31', '✗')} ${check.name} (${seconds} s)`);
		if (code !== 0) console.log(output.trimEnd().replace(/^/gm, '    '));
	}
	fs.writeFileSync(path.join(results, suite.report), JSON.stringify(report, null, 2));
	return report.every((check) => check.passed) ? 0 : 1;
}

async function runSuite(suite, extraArgs) {
	if (suite.kind === 'checks') return runChecks(suite);
	return (await runCommand(suite.command, [...suite.args, ...extraArgs], suite.env)).code;
}

/** Test cases of a JUnit XML report (PHPUnit's --log-junit, php-lint.js): each counts once. */
function junitCounts(xml) {
	const cases = xml.match(/<testcase\b[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g) || [];
	const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
	const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
	return { passed: cases.length - failed - skipped, failed, skipped };
}

function counts(suite) {
	try {
		if (suite.kind === 'junit') return junitCounts(fs.readFileSync(path.join(results, suite.report), 'utf8'));
		const report = JSON.parse(fs.readFileSync(path.join(results, suite.report), 'utf8'));
		if (suite.kind === 'checks') return { passed: report.filter((c) => c.passed).length, failed: report.filter((c) => !c.passed).length, skipped: 0 };
		if (suite.kind === 'jest') return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites || 0), skipped: report.numPendingTests };
		const s = report.stats;
		return { passed: s.expected + (s.flaky || 0), failed: s.unexpected, skipped: s.skipped };
	} catch {
		return { passed: 0, failed: 1, skipped: 0 };
	}
}

async function main() {
	const only = process.argv[2];
	await setup({ chromium: true, mariadb: true, phpunit: true });
	fs.mkdirSync(results, { recursive: true });
	const totals = { passed: 0, failed: 0, skipped: 0 };
	const failedSuites = [];
	for (const suite of suites) {
		if (only && !suite.name.startsWith(only)) continue;
		fs.rmSync(path.join(results, suite.report), { force: true });
		console.log(`\n${paint('1', `── ${suite.name} ──`)}`);
		const code = await runSuite(suite, []);
		const c = counts(suite);
		if (code !== 0 && c.failed === 0) c.failed = 1;
		for (const k of Object.keys(totals)) totals[k] += c[k];
		if (code !== 0) failedSuites.push(suite.name);
	}
	console.log(`\n${failedSuites.length ? paint('31', `Failed: ${failedSuites.join(', ')}`) : paint('32', 'Every suite passed.')}`);
	console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
	process.exit(failedSuites.length ? 1 : 0);
}

main().catch((error) => {
	console.error(`\nnpm test stopped: ${error.message}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
