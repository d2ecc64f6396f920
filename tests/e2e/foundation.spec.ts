import { test, expect } from '@playwright/test';
import { site, logIn } from './site';

test('the Leads screen shows the lead a Cal.com booking made, as Booked', async ({ page }, info) => {
	const errors = await logIn(page);
	const s = site();
	await page.goto(`${s.url}/wp-admin/admin.php?page=solar-capture-leads`);
	await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
	const row = page.getByRole('row').filter({ hasText: s.seeded.email });
	await expect(row).toBeVisible();
	await expect(row).toContainText(s.seeded.name);
	await expect(row).toContainText('Booked');
	await page.screenshot({ path: info.outputPath('leads.png'), fullPage: true });
	expect(errors).toEqual([]);
});

test('the Integrations screen shows the Cal.com webhook URL with a copy button', async ({ page }, info) => {
	const errors = await logIn(page);
	const s = site();
	await page.goto(`${s.url}/wp-admin/admin.php?page=solar-capture-integrations`);
	await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
	await expect(page.locator(`input[value="${s.webhookUrl}"]`).first()).toBeVisible();
	await expect(page.getByRole('button', { name: /copy/i }).first()).toBeVisible();
	await page.screenshot({ path: info.outputPath('integrations.png'), fullPage: true });
	expect(errors).toEqual([]);
});
