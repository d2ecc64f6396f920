'use strict';
// npm test: the same set-up as npm start, then every suite against real parts: checks (types, lint,
// docs), php -l, PHPUnit in a throw-away WordPress, admin UI and sidecar unit tests, integration suites
// (real PHP + WordPress + database + sidecar; on the built-in server, on nginx and Apache with PHP-FPM,
// on WordPress 6.8 and the newest 7.x), browser tests (Chromium).
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
	{ name: "docs: production.md quotes deploy/ as the tests run it; readme's Tested up to is the newest WordPress tested", command: process.execPath, args: ['scripts/check-production-docs.js'] },
	{ name: 'sidecar: types (tsc --noEmit)', command: bin('tsc'), args: ['-p', 'sidecar/tsconfig.json', '--noEmit'] },
	{ name: 'tests and benches: types (tsc)', command: bin('tsc'), args: ['-p', 'tsconfig.json'] },
	{ name: 'admin UI: types (tsc --noEmit)', command: bin('tsc'), args: ['-p', 'admin-ui/tsconfig.json', '--noEmit'] },
	{ name: 'admin UI: wp-scripts lint-js', command: 'npm', args: ['run', '--silent', 'lint:js', '--workspace', 'admin-ui'] },
];

const jest = (name, report, env, files = []) => ({
	name,
	command: bin('jest'),
	args: ['-c', 'tests/jest.integration.config.js', '--runInBand', '--json', `--outputFile=${results}/${report}`, ...files],
	report,
	kind: 'jest',
	env,
});
const playwright = (name, run, env, files = []) => ({
	name,
	command: bin('playwright'),
	args: ['test', ...files],
	report: `e2e${run ? `-${run}` : ''}.json`,
	kind: 'playwright',
	env: { ...env, ...(run ? { E2E_RUN: run } : {}) },
});

// On the production stacks: the foundation, webhook-engine, hostile-input and fault suites, and the
// suites only a real web server has (tests/integration/production/). Apache: its web-server suite.
const NGINX_SUITES = ['foundation', 'calcom-engine', 'providers', 'hostile', 'faults', 'production/web-server', 'production/multisite'].map((f) => `tests/integration/${f}.test.ts`);
const APACHE_SUITES = ['foundation', 'production/web-server'].map((f) => `tests/integration/${f}.test.ts`);
// On the newest WordPress (7.x), a subset that keeps CI under 45 minutes: what touches WordPress's
// own APIs most (REST, options, users, cron, the block and admin screens). The rest runs on 6.8.
const NEWEST_SUITES = ['foundation', 'calcom-engine', 'providers', 'hostile', 'booking-signal', 'uninstall-data'].map((f) => `tests/integration/${f}.test.ts`);
const NEWEST_BROWSER = ['foundation', 'leads-lead', 'leads-list', 'integrations-cards', 'settings-screen', 'visitor-form'].map((f) => `tests/e2e/${f}.spec.ts`);

const suites = [
	{ name: 'checks', kind: 'checks', checks, report: 'checks.json' },
	{ name: 'php -l (every PHP file)', command: process.execPath, args: ['scripts/php-lint.js', `--log-junit=${results}/php-lint.xml`], report: 'php-lint.xml', kind: 'junit' },
	{ name: 'php unit (PHPUnit in a real WordPress)', command: process.execPath, args: ['scripts/phpunit.js', `--log-junit=${results}/phpunit.xml`], report: 'phpunit.xml', kind: 'junit' },
	{ name: 'unit (admin UI)', command: bin('jest'), args: ['-c', 'admin-ui/jest.config.js', '--json', `--outputFile=${results}/unit-admin-ui.json`], report: 'unit-admin-ui.json', kind: 'jest' },
	{ name: 'unit (sidecar)', command: bin('jest'), args: ['-c', 'sidecar/jest.config.js', '--json', `--outputFile=${results}/unit.json`], report: 'unit.json', kind: 'jest' },
	jest('integration (WordPress 6.8 + SQLite + sidecar)', 'integration-sqlite.json', { TEST_DB: 'sqlite' }),
	jest('integration (WordPress 6.8 + MariaDB + sidecar)', 'integration-mariadb.json', { TEST_DB: 'mariadb' }),
	jest('integration (nginx + PHP-FPM + MariaDB, WordPress 6.8)', 'integration-nginx.json', { TEST_DB: 'mariadb', TEST_STACK: 'nginx' }, NGINX_SUITES),
	jest('integration (Apache + PHP-FPM + MariaDB, WordPress 6.8)', 'integration-apache.json', { TEST_DB: 'mariadb', TEST_STACK: 'apache' }, APACHE_SUITES),
	jest('integration (newest WordPress + SQLite + sidecar)', 'integration-newest.json', { TEST_DB: 'sqlite', TEST_WP: 'newest' }, NEWEST_SUITES),
	playwright('browser (Chromium, WordPress 6.8)', '', {}),
	playwright('browser smoke (Chromium, Apache + PHP-FPM + MariaDB)', 'apache', { TEST_STACK: 'apache', TEST_DB: 'mariadb' }, ['tests/e2e/foundation.spec.ts']),
	playwright('browser (Chromium, newest WordPress)', 'newest', { TEST_WP: 'newest' }, NEWEST_BROWSER),
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
	await setup({ chromium: true, mariadb: true, phpunit: true, webServers: true, newest: true });
	fs.mkdirSync(results, { recursive: true });
	const totals = { passed: 0, failed: 0, skipped: 0 };
	const failedSuites = [];
	const timings = [];
	const started = Date.now();
	for (const suite of suites) {
		if (only && !suite.name.startsWith(only)) continue;
		fs.rmSync(path.join(results, suite.report), { force: true });
		console.log(`\n${paint('1', `── ${suite.name} ──`)}`);
		const t0 = Date.now();
		const code = await runSuite(suite, []);
		timings.push(`${suite.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		const c = counts(suite);
		if (code !== 0 && c.failed === 0) c.failed = 1;
		for (const k of Object.keys(totals)) totals[k] += c[k];
		if (code !== 0) failedSuites.push(suite.name);
	}
	console.log(`\n${timings.join('\n')}\nin all ${((Date.now() - started) / 60000).toFixed(1)} min`);
	console.log(`\n${failedSuites.length ? paint('31', `Failed: ${failedSuites.join(', ')}`) : paint('32', 'Every suite passed.')}`);
	console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
	process.exit(failedSuites.length ? 1 : 0);
}

main().catch((error) => {
	console.error(`\nnpm test stopped: ${error.message}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
