import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
export default defineConfig({
	testDir: './tests/e2e',
	outputDir: './test-results/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	timeout: 60_000,
	workers: 1,
	reporter: [['list'], ['json', { outputFile: './test-results/e2e.json' }]],
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
