// Personal data through WordPress's own screens: Tools → Export Personal Data and Tools → Erase
// Personal Data, driven in Chromium as a site owner does it. The export must hold the lead, its
// bookings, notes, timeline and the stored webhook bodies for that address; the erasure must remove
// them, and no stored delivery body may still contain the address afterwards.
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { test, expect, type Page } from '@playwright/test';
import { postCalcom, type Stack } from '../helpers/stack';
import { bookingCreated, bookingPayload, envelope } from '../fixtures/calcom';
import { startCaptureSite, leadByEmail, stampFrom, postQuote, sleep, MIN_FILL_MS, type CaptureSite } from './visitor-helpers';
import { fillLogin } from './login';

test.describe.configure({ mode: 'serial' });

const PAT = 'pat.privacy@example.org';
const PAT_OTHER = 'pat.other@example.net';
const SAM = 'sam.neighbour@example.org';
const NOTE = 'Pat prefers calls after 5 pm; dog in the garden.';

let site: CaptureSite;
let stack: Stack;
let patId = 0;
let samId = 0;
const patDeliveries: number[] = [];
let samDelivery = 0;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	site = await startCaptureSite();
	stack = site.stack;

	// Pat asks for a quote…
	const stamp = await stampFrom(site.pageUrl);
	await sleep(MIN_FILL_MS + 300);
	const quote = await postQuote(stack.site, {
		name: 'Pat Privacy',
		email: PAT,
		phone: '+44 20 7946 0999',
		address: '1 Quiet Close, York',
		postcode: 'YO1 7HH',
		monthly_bill: '99',
		roof_type: 'flat',
		homeowner: true,
		message: 'Please do not call before noon.',
		consent: true,
		stamp,
		website: '',
	});
	expect(quote.status).toBe(200);
	const lead = await leadByEmail(stack, PAT);
	patId = Number(lead!.id);

	// …books through the link with another address (matched by the token), then once more with the form's address.
	for (const booking of [
		bookingCreated({ leadToken: lead!.lead_token, email: PAT_OTHER, name: 'Pat P.' }),
		bookingCreated({ email: PAT, name: 'Pat Privacy' }),
	]) {
		const answer = await postCalcom(stack.site, booking.body, stack.site.secrets.calcom);
		expect(answer.json).toMatchObject({ status: 'applied', lead_id: patId });
		patDeliveries.push(answer.json.delivery_id);
	}

	// The owner writes a note.
	const note = await site.admin.rest(`solar-capture/v1/leads/${patId}/notes`, { method: 'POST', body: { text: NOTE } });
	expect(note.status).toBeLessThan(300);

	// Sam, a neighbour, books a call and brings Pat along as a guest.
	const payload = bookingPayload({ email: SAM, name: 'Sam Neighbour' });
	(payload.responses as any).guests.value = [PAT];
	(payload.attendees as any[])[1].email = PAT;
	const sam = await postCalcom(stack.site, envelope('BOOKING_CREATED', payload), stack.site.secrets.calcom);
	expect(sam.json.status).toBe('applied');
	samId = sam.json.lead_id;
	samDelivery = sam.json.delivery_id;
	expect(samId).not.toBe(patId);
});

test.afterAll(async () => {
	await site?.stack.stop();
});

async function logIn(page: Page): Promise<string[]> {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(`${stack.site.url}/wp-login.php`);
	await fillLogin(page, stack.site.adminUser, stack.site.adminPassword);
	await expect(page).toHaveURL(/wp-admin/);
	return errors;
}

/** Adds a request on a Tools privacy screen, without the confirmation e-mail. */
async function addRequest(page: Page, screen: string, email: string): Promise<void> {
	await page.goto(`${stack.site.url}/wp-admin/${screen}`);
	await page.fill('#username_or_email_for_privacy_request', email);
	await page.locator('#send_confirmation_email').uncheck();
	await page.locator('#submit').click();
	await expect(page.locator('.notice-success, .updated').first()).toBeVisible();
}

/** Rows of a delivery body containing the address, anywhere. */
async function bodiesNaming(email: string): Promise<number> {
	return Number(
		await stack.php(`global $wpdb; return $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_deliveries WHERE body LIKE %s OR headers LIKE %s", '%' . $wpdb->esc_like( '${email}' ) . '%', '%' . $wpdb->esc_like( '${email}' ) . '%' ) );`),
	);
}

test('Tools → Export Personal Data: the download holds the lead, bookings, notes, timeline and delivery bodies', async ({ page }, testInfo) => {
	const errors = await logIn(page);
	await addRequest(page, 'export-personal-data.php', PAT);
	const row = page.locator('tr', { hasText: PAT });
	await row.hover();
	const download = page.waitForEvent('download');
	await row.getByRole('button', { name: 'Download personal data' }).click();
	const file = testInfo.outputPath('pat-export.zip');
	await (await download).saveAs(file);
	await page.screenshot({ path: testInfo.outputPath('export-screen.png') });

	const json = execFileSync('unzip', ['-p', file, 'export.json'], { encoding: 'utf8' });
	const html = execFileSync('unzip', ['-p', file, 'index.html'], { encoding: 'utf8' });
	fs.writeFileSync(testInfo.outputPath('export.json'), json);
	const report = JSON.parse(json);
	const groups = Object.values(report)[0] as Record<string, { group_label: string; items: Record<string, Array<{ name: string; value: string }>> }>;
	const values = (group: string) => Object.values(groups[group]?.items ?? {}).map((item) => Object.fromEntries(item.map((pair) => [pair.name, pair.value])));

	const [lead] = values('solar-capture-lead');
	expect(lead).toMatchObject({
		'E-mail': PAT,
		Name: 'Pat Privacy',
		Phone: '+44 20 7946 0999',
		Address: '1 Quiet Close, York',
		Postcode: 'YO1 7HH',
		'Roof type': 'flat',
		Homeowner: 'Yes',
		Message: 'Please do not call before noon.',
		Source: 'form',
		Stage: 'Booked',
	});
	expect(groups['solar-capture-lead'].group_label).toBe('Solar quote request');

	const bookings = values('solar-capture-bookings');
	// Pat's two bookings, and Sam's booking that names Pat as a guest.
	expect(bookings.map((b) => b['Booked by (e-mail)']).sort()).toEqual([PAT, PAT_OTHER, SAM].sort());
	expect(bookings.find((b) => b['Booked by (e-mail)'] === SAM)!.Guests).toContain(PAT);

	expect(values('solar-capture-notes').map((n) => n.Details)).toEqual([NOTE]);
	const timeline = values('solar-capture-timeline').map((e) => e.Event);
	expect(timeline).toEqual(expect.arrayContaining(['lead_created', 'booking_created', 'stage_changed']));

	// Every stored webhook body about Pat: both of Pat's bookings and Sam's (which names Pat), byte for byte.
	const deliveries = values('solar-capture-deliveries');
	expect(deliveries).toHaveLength(3);
	const raw = deliveries.map((d) => d['Content as received']).join('\n');
	expect(raw).toContain(PAT_OTHER);
	expect(raw).toContain(`"sc_lead":"${(await stack.php<string>(`global $wpdb; return $wpdb->get_var( "SELECT lead_token FROM {$wpdb->prefix}solar_leads WHERE id = ${patId}" );`))}"`);
	expect(raw).toContain(SAM);
	expect(html).toContain('Solar quote request');
	expect(html).toContain(NOTE);
	expect(errors).toEqual([]);
});

test('Tools → Erase Personal Data: the lead, bookings, notes and timeline are gone, and no delivery body names the address', async ({ page }, testInfo) => {
	expect(await bodiesNaming(PAT)).toBeGreaterThan(0);
	const errors = await logIn(page);
	page.on('dialog', (dialog) => dialog.accept());
	await addRequest(page, 'erase-personal-data.php', PAT);
	const row = page.locator('tr', { hasText: PAT });
	// Sent without a confirmation e-mail, the request is confirmed at once: "Next steps" offers the erasure.
	await row.getByRole('button', { name: 'Erase personal data', exact: true }).click();
	await expect(row.locator('.remove-personal-data-success').first()).toBeVisible({ timeout: 20_000 });
	await page.screenshot({ path: testInfo.outputPath('erase-screen.png') });

	expect(await leadByEmail(stack, PAT)).toBeNull();
	const left = await stack.php<Record<string, string>>(`
		global $wpdb; $p = $wpdb->prefix;
		return array(
			'bookings'  => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_bookings WHERE lead_id = ${patId}" ),
			'events'    => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_events WHERE lead_id = ${patId}" ),
			'linked'    => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_deliveries WHERE lead_id = ${patId}" ),
			'bodies'    => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_deliveries WHERE id IN (${patDeliveries.join(',')}, ${samDelivery}) AND body IS NOT NULL" ),
			'logged'    => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_deliveries WHERE id IN (${patDeliveries.join(',')}, ${samDelivery})" ),
			'other_booker' => $wpdb->get_var( "SELECT COUNT(*) FROM {$p}solar_bookings WHERE attendee_email = '${PAT_OTHER}'" ),
			'sam_guests' => $wpdb->get_var( "SELECT guests FROM {$p}solar_bookings WHERE lead_id = ${samId}" ),
			'sam_lead'  => $wpdb->get_var( "SELECT email FROM {$p}solar_leads WHERE id = ${samId}" ),
			'mentions'  => $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$p}solar_events WHERE data LIKE %s", '%pat.privacy%' ) ),
		);
	`);
	expect(left).toMatchObject({ bookings: '0', events: '0', linked: '0', bodies: '0', logged: '3', other_booker: '0', mentions: '0' });
	// Sam keeps Sam's lead and booking; only Pat's address left Sam's guest list.
	expect(left.sam_lead).toBe(SAM);
	expect(left.sam_guests).not.toContain(PAT);
	expect(await bodiesNaming(PAT)).toBe(0);
	expect(await bodiesNaming(PAT_OTHER)).toBe(0);

	// The Leads screen's API agrees: no lead for Pat any more.
	const search = await site.admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent('pat.privacy')}`);
	expect(search.json).toHaveLength(0);
	const gone = await site.admin.rest(`solar-capture/v1/leads/${patId}`);
	expect(gone.status).toBe(404);

	// Exported again, nothing of Solar Capture remains for the address.
	const again = await stack.php<{ data: unknown[] }>(`return SolarCapture\\Plugin::instance()->privacy()->export( '${PAT}', 1 );`);
	expect(again.data).toEqual([]);
	expect(errors).toEqual([]);
});

test('the suggested privacy-policy text is offered under Settings → Privacy', async ({ page }) => {
	await logIn(page);
	await page.goto(`${stack.site.url}/wp-admin/options-privacy.php?tab=policyguide`);
	await expect(page.getByText('When you request a solar quote or book a survey call').first()).toBeAttached();
});
