import * as fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { STATE } from './global-setup';
import { fillLogin } from './login';

export function site(): { url: string; adminUser: string; adminPassword: string; webhookUrl: string; seeded: { email: string; name: string } } {
	return JSON.parse(fs.readFileSync(STATE, 'utf8'));
}

/** Logs in through wp-login.php as a person would, and fails the test on any console error. */
export async function logIn(page: Page): Promise<string[]> {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	// The machine is offline: answer anything outside this site with an empty 204 instead of a DNS failure.
	await page.route((url) => url.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	page.on('requestfailed', (request) => {
		// Requests cut short by leaving the page (WordPress's compression test, say) are not errors.
		if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
	});
	const s = site();
	await page.goto(`${s.url}/wp-login.php`);
	await fillLogin(page, s.adminUser, s.adminPassword);
	await expect(page).toHaveURL(/wp-admin/);
	return errors;
}
