import type { Page } from '@playwright/test';

/**
 * Fills in and sends wp-login.php's form. WordPress focuses (and selects) the user name field 200 ms
 * after the page loads; typing before that can land in the wrong field, so wait for it first.
 */
export async function fillLogin(page: Page, user: string, password: string): Promise<void> {
	await page.waitForFunction(() => document.activeElement?.id === 'user_login', null, { timeout: 3000 }).catch(() => undefined);
	await page.fill('#user_login', user);
	await page.fill('#user_pass', password);
	await page.click('#wp-submit');
}
