import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
// E2E_RUN names a run (its screenshots, report and site file apart from the others): npm test runs the
// suite on WordPress 6.8 and on the newest 7.x, and the smoke test on Apache + PHP-FPM (tests/e2e/global-setup.ts).
const run = process.env.E2E_RUN ? `-${process.env.E2E_RUN}` : '';
export default defineConfig({
	testDir: './tests/e2e',
	outputDir: `./test-results/e2e${run}`,
	globalSetup: './tests/e2e/global-setup.ts',
	timeout: 60_000,
	workers: 1,
	reporter: [['list'], ['json', { outputFile: `./test-results/e2e${run}.json` }]],
	use: {
		browserName: 'chromium',
		headless: true,
		screenshot: 'on',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		},
	},
});
