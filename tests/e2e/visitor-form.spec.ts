// A visitor on a real page: the quote form (a wrong field corrected), the booking step with the
// prefilled Cal.com link carrying the lead token, then a signed Cal.com booking made with another
// e-mail address that still lands on the same lead. The owner's e-mails and the plugin's hooks are
// captured by a must-use plugin. Spam cases, the form without JavaScript, the call to action in the
// visitor's e-mail and the block are checked on the same site.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { postCalcom, type Stack } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';
import {
	startCaptureSite,
	leadByEmail,
	leadOfToken,
	countLeads,
	publishPage,
	stampFrom,
	postQuote,
	recipients,
	sleep,
	BOOKING_URL,
	MIN_FILL_MS,
	type CaptureSite,
} from './visitor-helpers';
import { fillLogin } from './login';

test.describe.configure({ mode: 'serial' });

/** Empties the counters (rate limits, used stamps): they are rows of solar_counters, not transients. */
const CLEAR_COUNTERS = `global $wpdb; $wpdb->query( "DELETE FROM {$wpdb->prefix}solar_counters" ); return true;`;
const counterRows = (s: Stack) => s.php<string>(`global $wpdb; return $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_counters" );`).then(Number);

let site: CaptureSite;
let stack: Stack;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	site = await startCaptureSite();
	stack = site.stack;
});

test.afterAll(async () => {
	await site?.stack.stop();
});

/** A visitor's page: offline-safe (anything outside this site answers 204) and watched for script errors. */
async function visit(page: Page, url: string): Promise<{ errors: string[]; shownAt: number }> {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	page.on('console', (message) => {
		// A 400 answer to the form's own request is logged by Chromium as "Failed to load resource": expected.
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
	});
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(url);
	return { errors, shownAt: Date.now() };
}

/** Waits until the form has been on screen long enough not to look like a bot. */
async function humanPause(shownAt: number): Promise<void> {
	const left = shownAt + MIN_FILL_MS + 300 - Date.now();
	if (left > 0) await sleep(left);
}

interface Visitor {
	name: string;
	email: string;
	phone?: string;
	address?: string;
	postcode?: string;
	bill?: string;
	roof?: string;
	homeowner?: 'Yes' | 'No';
	message?: string;
}

async function fillForm(page: Page, v: Visitor, consent = true): Promise<void> {
	const form = page.locator('.solar-capture-form form').first();
	await form.getByLabel('Your name').fill(v.name);
	await form.getByLabel('E-mail').fill(v.email);
	if (v.phone) await form.getByLabel('Phone').fill(v.phone);
	if (v.address) await form.getByLabel('Address').fill(v.address);
	if (v.postcode) await form.getByLabel('Postcode').fill(v.postcode);
	if (v.bill) await form.getByLabel('Average monthly electricity bill').fill(v.bill);
	if (v.roof) await form.getByLabel('Roof type').selectOption({ label: v.roof });
	if (v.homeowner) await form.getByRole('radio', { name: v.homeowner, exact: true }).check();
	if (v.message) await form.getByLabel('Anything else we should know?').fill(v.message);
	if (consent) await form.getByRole('checkbox').check();
}

const submit = (page: Page) => page.locator('.solar-capture-form form button[type="submit"]').first().click();

test('a visitor corrects a wrong e-mail, sees the booking step, and a booking made with another address books the same lead', async ({ page }, testInfo) => {
	const { errors, shownAt } = await visit(page, site.pageUrl);
	await expect(page.getByRole('heading', { name: 'Free solar quote' })).toBeVisible();
	await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('1-form.png') });

	const jamie: Visitor = {
		name: 'Jamie Rivera',
		email: 'jamie.rivera(at)example.org',
		phone: '+44 7700 900123',
		address: '12 Sunny Lane, Brighton',
		postcode: 'BN1 4GH',
		bill: '145.50',
		roof: 'Pitched',
		homeowner: 'Yes',
		message: 'South-facing roof, about 30 m².',
	};
	await fillForm(page, jamie);
	await humanPause(shownAt);
	await submit(page);

	// The wrong field: a message beside it, tied to it with aria-describedby, and the focus on it.
	const email = page.locator('.solar-capture-form form').getByLabel('E-mail');
	const emailError = page.locator('#solar-capture-form-1-email-error');
	await expect(emailError).toHaveText('Please enter a valid e-mail address, such as name@example.com.');
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(email).toHaveAttribute('aria-describedby', /(^|\s)solar-capture-form-1-email-error(\s|$)/);
	await expect(email).toBeFocused();
	await expect(page.locator('.solar-capture-form__status')).toHaveText('Please correct the field marked below.');
	// Only the wrong field is marked; what the visitor typed is still there.
	await expect(page.locator('.solar-capture-form__error')).toHaveCount(1);
	await expect(page.locator('.solar-capture-form form').getByLabel('Your name')).toHaveValue('Jamie Rivera');
	await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('2-error.png') });
	expect(await leadByEmail(stack, 'jamie.rivera@example.org')).toBeNull();

	// Corrected and sent: the thanks and the booking step.
	await email.fill('jamie.rivera@example.org');
	await submit(page);
	const thanks = page.locator('.solar-capture-form__thanks');
	await expect(thanks).toHaveText('Thank you! We have your details and will be in touch soon.');
	await expect(thanks).toBeFocused();
	const cta = page.locator('.solar-capture-form__cta a');
	await expect(cta).toHaveText('Book your free survey call');
	await expect(page.locator('.solar-capture-form__booking-intro')).toContainText('pick a time');
	await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('3-booking-step.png') });
	await page.screenshot({ path: testInfo.outputPath('3-booking-step-page.png'), fullPage: true });

	const lead = await leadByEmail(stack, 'jamie.rivera@example.org');
	expect(lead).not.toBeNull();
	expect(lead).toMatchObject({
		name: 'Jamie Rivera',
		phone: '+44 7700 900123',
		address: '12 Sunny Lane, Brighton',
		postcode: 'BN1 4GH',
		roof_type: 'pitched',
		source: 'form',
		stage: 'new',
		message: 'South-facing roof, about 30 m².',
	});
	expect(Number(lead!.monthly_bill)).toBe(145.5);
	expect(Number(lead!.homeowner)).toBe(1);
	const leadId = Number(lead!.id);

	// The booking link: Cal.com's page, name and e-mail filled in, in metadata[sc_lead] a token
	// issued for this request (never the lead's long-lived token).
	const href = new URL((await cta.getAttribute('href'))!);
	expect(`${href.origin}${href.pathname}`).toBe(BOOKING_URL);
	expect(href.searchParams.get('name')).toBe('Jamie Rivera');
	expect(href.searchParams.get('email')).toBe('jamie.rivera@example.org');
	const requestToken = href.searchParams.get('metadata[sc_lead]');
	expect(requestToken).toMatch(/^[0-9a-f]{32}$/);
	expect(requestToken).not.toBe(lead!.lead_token);
	expect(await leadOfToken(stack, requestToken)).toBe(leadId);

	// The timeline starts with the form, and records the consent the visitor gave.
	const before = await site.admin.rest(`solar-capture/v1/leads/${leadId}`);
	expect(before.status).toBe(200);
	const created = before.json.events.find((e: { type: string }) => e.type === 'lead_created');
	expect(created).toMatchObject({ actor: 'form', data: { source: 'form' } });
	expect(created.data.consent).toContain('stores the details I give here');

	// The owner's e-mail: every detail and a link to the lead in wp-admin; the hook fired once for it.
	const ownerMail = await site.capture.mail((m) => /New quote request: Jamie Rivera/.test(m.subject));
	expect(recipients(ownerMail)).toEqual(['admin@example.com']);
	expect(ownerMail.subject).toBe('[Solar Capture] New quote request: Jamie Rivera');
	for (const line of [
		'Name: Jamie Rivera',
		'E-mail: jamie.rivera@example.org',
		'Phone: +44 7700 900123',
		'Postcode: BN1 4GH',
		'Address: 12 Sunny Lane, Brighton',
		'Monthly bill: 145.50',
		'Roof type: Pitched',
		'Homeowner: Yes',
		'South-facing roof, about 30 m².',
		`Open the lead: ${stack.site.url}/wp-admin/admin.php?page=solar-capture-leads&lead=${leadId}`,
	]) {
		expect(ownerMail.message).toContain(line);
	}
	// Replying to the e-mail writes to the visitor.
	expect(ownerMail.headers).toEqual(['Reply-To: "Jamie Rivera" <jamie.rivera@example.org>']);
	const captured = site.capture.hooks().filter((h) => h.hook === 'solar_capture_lead_captured');
	expect(captured).toHaveLength(1);
	expect(captured[0].args).toMatchObject({ lead_id: leadId, created: true });

	// Jamie books on Cal.com with a personal address; the request's token in metadata.sc_lead finds the lead anyway.
	const booking = bookingCreated({ leadToken: requestToken!, email: 'jamie.personal@example.net', name: 'Jamie R.' });
	const delivered = await postCalcom(stack.site, booking.body, stack.site.secrets.calcom);
	expect(delivered.status).toBe(200);
	expect(delivered.json).toMatchObject({ status: 'applied', lead_id: leadId });

	const after = await site.admin.rest(`solar-capture/v1/leads/${leadId}`);
	expect(after.status).toBe(200);
	expect(after.json.stage).toBe('booked');
	expect(after.json.email).toBe('jamie.rivera@example.org');
	expect(after.json.bookings).toHaveLength(1);
	expect(after.json.bookings[0]).toMatchObject({ provider: 'calcom', external_id: booking.uid, attendee_email: 'jamie.personal@example.net' });
	// No second lead for the address Jamie booked with.
	const other = await site.admin.rest(`solar-capture/v1/leads?search=${encodeURIComponent('jamie.personal@example.net')}`);
	expect(other.json).toHaveLength(0);

	// The owner's booking e-mail and the hook, after the webhook.
	const bookingMail = await site.capture.mail((m) => /New booking: Jamie Rivera/.test(m.subject));
	expect(recipients(bookingMail)).toEqual(['admin@example.com']);
	expect(bookingMail.message).toContain('E-mail: jamie.rivera@example.org');
	expect(bookingMail.message).toContain(`Booking: Solar survey call between Sunny Installs and Jamie R.`);
	expect(bookingMail.message).toContain('Booked through: Cal.com');
	expect(bookingMail.message).toContain(`Open the lead: ${stack.site.url}/wp-admin/admin.php?page=solar-capture-leads&lead=${leadId}`);
	const applied = await site.capture.hook((h) => h.hook === 'solar_capture_booking_applied');
	expect(applied.args).toMatchObject({ lead_id: leadId, booking_id: after.json.bookings[0].id, provider: 'calcom', delivery_id: delivered.json.delivery_id });

	expect(errors).toEqual([]);
});

test('the link in the owner\'s e-mail opens that lead in wp-admin', async ({ page }, testInfo) => {
	const lead = await leadByEmail(stack, 'jamie.rivera@example.org');
	const mail = site.capture.mails().find((m) => /New quote request: Jamie Rivera/.test(m.subject))!;
	const link = mail.message.match(/^Open the lead: (\S+)$/m)![1];
	expect(link).toBe(`${stack.site.url}/wp-admin/admin.php?page=solar-capture-leads&lead=${lead!.id}`);

	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(link);
	await fillLogin(page, stack.site.adminUser, stack.site.adminPassword);
	await expect(page).toHaveURL(/page=solar-capture-leads&lead=\d+/);
	await expect(page.getByText('jamie.rivera@example.org').first()).toBeVisible({ timeout: 20_000 });
	await expect(page.getByText('Jamie Rivera').first()).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('owner-lead-page.png'), fullPage: true });
});

test('spam: a filled-in honeypot is refused and nothing is saved', async ({ page }) => {
	const leads = await countLeads(stack);
	const mails = site.capture.mails().length;
	const { shownAt } = await visit(page, site.pageUrl);
	await fillForm(page, { name: 'Bot', email: 'bot.honeypot@example.org' });
	// Bots fill every field they find, the hidden one too.
	await page.locator('input[name="website"]').evaluate((input: HTMLInputElement) => {
		input.value = 'https://spam.example';
	});
	await humanPause(shownAt);
	await submit(page);
	await expect(page.locator('.solar-capture-form__status')).toHaveText('Your request could not be sent. Please try again in a moment.');
	await expect(page.locator('.solar-capture-form__thanks')).toHaveCount(0);
	expect(await leadByEmail(stack, 'bot.honeypot@example.org')).toBeNull();
	expect(await countLeads(stack)).toBe(leads);
	await sleep(300);
	expect(site.capture.mails().length).toBe(mails);
});

test('spam: a form sent sooner than a person could fill it is refused; sent again a moment later it goes through', async ({ page }) => {
	await visit(page, site.pageUrl);
	await fillForm(page, { name: 'Quick Quinn', email: 'quick.quinn@example.org' });
	await submit(page);
	await expect(page.locator('.solar-capture-form__status')).toHaveText('That was quick! Please check your details and send the form again.');
	expect(await leadByEmail(stack, 'quick.quinn@example.org')).toBeNull();

	await sleep(MIN_FILL_MS + 300);
	await submit(page);
	await expect(page.locator('.solar-capture-form__thanks')).toBeVisible();
	expect(await leadByEmail(stack, 'quick.quinn@example.org')).not.toBeNull();
});

test('spam: past the per-address rate limit (lowered by a filter in a must-use plugin) requests are refused', async ({ page }) => {
	await stack.php(`update_option( 'sc_test_rate_limit', 2 ); ${CLEAR_COUNTERS}`);
	try {
		// Each stamp is accepted once: one per request.
		const stamps = [await stampFrom(site.pageUrl), await stampFrom(site.pageUrl), await stampFrom(site.pageUrl)];
		await sleep(MIN_FILL_MS + 300);
		for (const n of [1, 2]) {
			const ok = await postQuote(stack.site, { name: `Rate ${n}`, email: `rate.${n}@example.org`, consent: true, stamp: stamps[n - 1], website: '' });
			expect(ok.status).toBe(200);
		}
		const { shownAt } = await visit(page, site.pageUrl);
		await fillForm(page, { name: 'Rate Three', email: 'rate.3@example.org' });
		await humanPause(shownAt);
		await submit(page);
		await expect(page.locator('.solar-capture-form__status')).toHaveText('Too many requests from your connection. Please try again later.');
		expect(await leadByEmail(stack, 'rate.3@example.org')).toBeNull();
		const refused = await postQuote(stack.site, { name: 'Rate Four', email: 'rate.4@example.org', consent: true, stamp: stamps[2], website: '' });
		expect(refused.status).toBe(429);
		expect(refused.json.code).toBe('solar_capture_rate_limited');
	} finally {
		await stack.php(`update_option( 'sc_test_rate_limit', 1000 ); ${CLEAR_COUNTERS}`);
	}
});

test('without JavaScript: errors shown by the server beside the field, then the confirmation and the booking step', async ({ browser }, testInfo) => {
	const context = await (browser as Browser).newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		const { shownAt } = await visit(page, site.pageUrl);
		await fillForm(page, { name: 'Nora Noscript', email: 'nora@', postcode: 'LS1 1AA', roof: 'Flat', homeowner: 'No' }, false);
		await humanPause(shownAt);
		await submit(page);

		// The page comes back with both mistakes marked, the first wrong field focused, the entries kept.
		await expect(page).toHaveURL(/[?&]sc_quote=[a-z0-9]+$/);
		const email = page.locator('#solar-capture-form-1-email');
		await expect(page.locator('#solar-capture-form-1-email-error')).toHaveText('Please enter a valid e-mail address, such as name@example.com.');
		await expect(email).toHaveAttribute('aria-describedby', 'solar-capture-form-1-email-error');
		await expect(email).toHaveAttribute('aria-invalid', 'true');
		await expect(email).toBeFocused();
		await expect(page.locator('#solar-capture-form-1-consent-error')).toContainText('tick the box');
		await expect(page.locator('#solar-capture-form-1-consent')).toHaveAttribute('aria-describedby', 'solar-capture-form-1-consent-error');
		await expect(page.locator('.solar-capture-form__status')).toHaveText('Please correct the fields marked below.');
		await expect(page.locator('#solar-capture-form-1-name')).toHaveValue('Nora Noscript');
		await expect(page.locator('#solar-capture-form-1-postcode')).toHaveValue('LS1 1AA');
		await expect(page.locator('#solar-capture-form-1-roof_type')).toHaveValue('flat');
		await expect(page.getByRole('radio', { name: 'No', exact: true })).toBeChecked();
		await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('nojs-error.png') });

		await email.fill('nora.noscript@example.org');
		await page.getByRole('checkbox').check();
		await submit(page);
		await expect(page.locator('.solar-capture-form__thanks')).toHaveText('Thank you! We have your details and will be in touch soon.');
		const lead = await leadByEmail(stack, 'nora.noscript@example.org');
		expect(lead).toMatchObject({ name: 'Nora Noscript', postcode: 'LS1 1AA', roof_type: 'flat', stage: 'new', source: 'form' });
		expect(Number(lead!.homeowner)).toBe(0);
		const href = new URL((await page.locator('.solar-capture-form__cta a').getAttribute('href'))!);
		expect(await leadOfToken(stack, href.searchParams.get('metadata[sc_lead]'))).toBe(Number(lead!.id));
		expect(href.searchParams.get('email')).toBe('nora.noscript@example.org');
		await page.locator('.solar-capture-form').screenshot({ path: testInfo.outputPath('nojs-done.png') });

		// The answer is shown once; reloading shows the empty form again.
		await page.reload();
		await expect(page.locator('.solar-capture-form form')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('call to action "only in the e-mail": no link on the page, the link in the visitor\'s e-mail', async ({ page }) => {
	const saved = await site.admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'email' } });
	expect(saved.json.cta_show).toBe('email');
	try {
		const { shownAt, errors } = await visit(page, site.pageUrl);
		await fillForm(page, { name: 'Erin Email', email: 'erin.email@example.org' });
		await humanPause(shownAt);
		await submit(page);
		await expect(page.locator('.solar-capture-form__thanks')).toHaveText('Thank you! We have your details and have e-mailed you a link to book your free survey call.');
		await expect(page.locator('.solar-capture-form__cta')).toHaveCount(0);
		await expect(page.locator(`a[href*="cal.com"]`)).toHaveCount(0);

		const lead = await leadByEmail(stack, 'erin.email@example.org');
		const mail = await site.capture.mail((m) => recipients(m).includes('erin.email@example.org'));
		expect(mail.subject).toBe('Your solar quote request at Solar Capture');
		expect(mail.message).toContain('Hello Erin Email,');
		expect(mail.message).toContain('Book your free survey call:');
		const link = mail.message.split('\n').find((line) => line.startsWith(BOOKING_URL))!;
		const href = new URL(link.trim());
		expect(await leadOfToken(stack, href.searchParams.get('metadata[sc_lead]'))).toBe(Number(lead!.id));
		expect(href.searchParams.get('name')).toBe('Erin Email');
		expect(href.searchParams.get('email')).toBe('erin.email@example.org');
		// The owner hears about this request too.
		await site.capture.mail((m) => m.subject === '[Solar Capture] New quote request: Erin Email');
		expect(errors).toEqual([]);
	} finally {
		await site.admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'after_submit' } });
	}
});

test('call to action "never": thanks only, no link anywhere', async () => {
	await site.admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'never' } });
	try {
		const stamp = await stampFrom(site.pageUrl);
		await sleep(MIN_FILL_MS + 300);
		const answer = await postQuote(stack.site, { name: 'Nev Never', email: 'nev.never@example.org', consent: true, stamp, website: '' });
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ status: 'ok', booking_url: '' });
		await site.capture.mail((m) => m.subject === '[Solar Capture] New quote request: Nev Never');
		expect(site.capture.mails().some((m) => recipients(m).includes('nev.never@example.org'))).toBe(false);
	} finally {
		await site.admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'after_submit' } });
	}
});

test('the server checks every field with a message for people, in the order of the form', async () => {
	const stamp = await stampFrom(site.pageUrl);
	const billStamps = [await stampFrom(site.pageUrl), await stampFrom(site.pageUrl), await stampFrom(site.pageUrl)];
	await sleep(MIN_FILL_MS + 300);
	const countersBefore = await counterRows(stack);
	const wrong = await postQuote(stack.site, { name: ' ', email: 'not-an-address', phone: 'call me maybe', monthly_bill: 'lots', roof_type: 'thatched', message: 'x'.repeat(5001), consent: false, stamp, website: '' });
	expect(wrong.status).toBe(400);
	expect(wrong.json.code).toBe('rest_invalid_param');
	expect(wrong.json.message).toBe('Please correct the fields marked below.');
	expect(Object.keys(wrong.json.data.params)).toEqual(['name', 'email', 'phone', 'monthly_bill', 'roof_type', 'message', 'consent']);
	expect(wrong.json.data.params).toMatchObject({
		name: 'Please enter your name.',
		email: 'Please enter a valid e-mail address, such as name@example.com.',
		monthly_bill: 'Please enter your average monthly bill as a number, such as 120, or leave it empty.',
		roof_type: 'Please choose a roof type from the list.',
	});
	expect(await leadByEmail(stack, 'not-an-address')).toBeNull();
	// A refused request writes nothing: no counter, no used stamp (the same stamp still works below).
	expect(await counterRows(stack)).toBe(countersBefore);

	// Bills written the way people write them.
	for (const [i, [written, stored, email]] of ([
		['£1,200', 1200, 'bill.pounds@example.org'],
		['120,50', 120.5, 'bill.comma@example.org'],
		['$ 95', 95, 'bill.dollars@example.org'],
	] as const).entries()) {
		const ok = await postQuote(stack.site, { name: 'Bill Payer', email, monthly_bill: written, consent: true, stamp: i === 0 ? stamp : billStamps[i], website: '' });
		expect(ok.status).toBe(200);
		expect(Number((await leadByEmail(stack, email))!.monthly_bill)).toBe(stored);
	}
});

test('the block renders the same form, with its own consent text recorded on the lead', async ({ page }) => {
	const blockUrl = await publishPage(
		stack,
		'Solar quote (block)',
		'<!-- wp:solar-capture/quote-form {"title":"Quote from the block","button":"Send it","consent":"Yes, Sunny Installs may contact me about solar panels."} /-->',
	);
	const registered = await stack.php<{ name: string; editor: string[]; attributes: string[] }>(`
		$type = WP_Block_Type_Registry::get_instance()->get_registered( 'solar-capture/quote-form' );
		return array( 'name' => $type->name, 'editor' => $type->editor_script_handles, 'attributes' => array_keys( $type->attributes ) );
	`);
	expect(registered.name).toBe('solar-capture/quote-form');
	expect(registered.editor).toContain('solar-capture-quote-form-editor-script'); // the handle WordPress names block.json's editorScript
	expect(registered.attributes).toEqual(expect.arrayContaining(['title', 'button', 'consent']));

	const { shownAt, errors } = await visit(page, blockUrl);
	await expect(page.locator('.wp-block-solar-capture-quote-form.solar-capture-form')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Quote from the block' })).toBeVisible();
	await expect(page.getByRole('checkbox', { name: /Sunny Installs may contact me/ })).toBeVisible();
	await fillForm(page, { name: 'Bea Block', email: 'bea.block@example.org' });
	await humanPause(shownAt);
	await page.getByRole('button', { name: 'Send it' }).click();
	await expect(page.locator('.solar-capture-form__thanks')).toBeVisible();
	const lead = await leadByEmail(stack, 'bea.block@example.org');
	const detail = await site.admin.rest(`solar-capture/v1/leads/${lead!.id}`);
	const created = detail.json.events.find((e: { type: string }) => e.type === 'lead_created');
	expect(created.data.consent).toBe('Yes, Sunny Installs may contact me about solar panels.');
	expect(errors).toEqual([]);
});

test('the block is usable in the block editor: inserted, previewed by the server, its settings in the sidebar', async ({ page }, testInfo) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(`${stack.site.url}/wp-login.php`);
	await fillLogin(page, stack.site.adminUser, stack.site.adminPassword);
	await expect(page).toHaveURL(/wp-admin/);
	await page.goto(`${stack.site.url}/wp-admin/post-new.php?post_type=page`);
	await page.waitForFunction(() => (window as any).wp?.blocks?.getBlockType?.('solar-capture/quote-form'));
	// The block's definition as the editor sees it: from block.json, with the editor script's controls.
	const type = await page.evaluate(() => {
		const t = (window as any).wp.blocks.getBlockType('solar-capture/quote-form');
		return { title: t.title, attributes: Object.keys(t.attributes), category: t.category };
	});
	expect(type).toEqual({ title: 'Solar quote form', attributes: expect.arrayContaining(['title', 'button', 'consent']), category: 'widgets' });
	// Close the welcome guide if it shows, then insert the block as the inserter would.
	await page.evaluate(() => {
		const wp = (window as any).wp;
		wp.data.dispatch('core/preferences')?.set('core/edit-post', 'welcomeGuide', false);
		wp.data.dispatch('core/block-editor').insertBlocks(wp.blocks.createBlock('solar-capture/quote-form', { title: 'Quote in the editor' }));
	});
	const canvas = page.frameLocator('iframe[name="editor-canvas"]');
	await expect(canvas.locator('.solar-capture-form__title')).toHaveText('Quote in the editor', { timeout: 20_000 });
	// A new page may open the "Choose a pattern" dialog over the editor: close it.
	const patterns = page.getByRole('dialog', { name: 'Choose a pattern' });
	if (await patterns.isVisible()) await patterns.getByRole('button', { name: 'Close' }).click();
	await expect(canvas.locator('.solar-capture-form button[type="submit"]')).toHaveText('Get my free quote');
	// The sidebar offers the heading, button and consent texts.
	await expect(page.getByLabel('Consent text')).toBeVisible();
	await page.getByLabel('Button text').fill('Request my quote');
	await expect(canvas.locator('.solar-capture-form button[type="submit"]')).toHaveText('Request my quote', { timeout: 20_000 });
	await page.screenshot({ path: testInfo.outputPath('block-editor.png') });
	expect(errors).toEqual([]);
});

test('a page served from a page cache an hour later still works, and the fill time counts from the visit', async ({ page }) => {
	// The page as a cache would serve it: the HTML (and its time stamp) printed an hour ago.
	const oldStamp = await stack.php<string>(`return SolarCapture\\Lead_Capture::form_stamp( time() - 3600 );`);
	const fresh = await (await fetch(site.pageUrl)).text();
	const cached = fresh.replace(/name="stamp" value="[^"]+"/, `name="stamp" value="${oldStamp}"`);
	expect(cached).toContain(oldStamp);
	await page.route(site.pageUrl, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: cached }));

	// Without JavaScript (or a bot posting the cached HTML) an hour-old stamp is still accepted (they last 24 hours).
	const noJs = await postQuote(stack.site, { name: 'Cache NoJS', email: 'cache.nojs@example.org', consent: true, stamp: oldStamp, website: '' });
	expect(noJs.status).toBe(200);

	// With JavaScript the form asks for a fresh stamp on load, so sending at once is "too quick" again.
	const { errors, shownAt } = await visit(page, site.pageUrl);
	const stamp = page.locator('input[name="stamp"]');
	await expect(stamp).not.toHaveValue(oldStamp);
	await fillForm(page, { name: 'Cache Visitor', email: 'cache.visitor@example.org' });
	await submit(page);
	await expect(page.locator('.solar-capture-form__status')).toHaveText('That was quick! Please check your details and send the form again.');
	await humanPause(shownAt);
	await submit(page);
	await expect(page.locator('.solar-capture-form__thanks')).toBeVisible();
	expect(await leadByEmail(stack, 'cache.visitor@example.org')).not.toBeNull();
	expect(errors).toEqual([]);
});

test('a request with a known e-mail changes nothing of that lead and tells the sender nothing; the owner takes details from it field by field', async () => {
	const stamps = [await stampFrom(site.pageUrl), await stampFrom(site.pageUrl)];
	await sleep(MIN_FILL_MS + 300);
	const leads = await countLeads(stack);
	const before = (await leadByEmail(stack, 'jamie.rivera@example.org'))!;
	const leadId = Number(before.id);
	// Someone who knows only Jamie's address: other name and phone, and a roof type the lead has not given.
	const known = await postQuote(stack.site, { name: 'Sam Stranger', email: ' Jamie.Rivera@Example.org ', phone: '01273 000000', roof_type: 'flat', consent: true, stamp: stamps[0], website: '' });
	const fresh = await postQuote(stack.site, { name: 'Nadia New', email: 'nadia.new@example.org', consent: true, stamp: stamps[1], website: '' });
	expect(known.status).toBe(200);
	expect(fresh.status).toBe(200);
	// The same answer, field for field, whether the e-mail was known or not.
	expect(Object.keys(known.json).sort()).toEqual(Object.keys(fresh.json).sort());
	expect(known.json).not.toHaveProperty('created');
	for (const key of ['status', 'message', 'booking_intro', 'cta_text']) expect(known.json[key]).toBe(fresh.json[key]);
	// The link carries a token issued for this request, not Jamie's own, and it still names Jamie's lead.
	const token = new URL(known.json.booking_url).searchParams.get('metadata[sc_lead]');
	expect(token).toMatch(/^[0-9a-f]{32}$/);
	expect(token).not.toBe(before.lead_token);
	expect(await leadOfToken(stack, token)).toBe(leadId);

	// Jamie's details are as they were; only the blank roof type was filled.
	expect(await countLeads(stack)).toBe(leads + 1);
	const after = (await leadByEmail(stack, 'jamie.rivera@example.org'))!;
	expect(after).toMatchObject({ name: before.name, phone: before.phone, email: before.email, stage: before.stage, lead_token: before.lead_token });
	expect(after.roof_type).toBe(before.roof_type === '' ? 'flat' : before.roof_type);

	// The timeline shows what was sent beside what the lead has.
	const detail = await site.admin.rest(`solar-capture/v1/leads/${leadId}`);
	const request = detail.json.events.find((e: { type: string }) => e.type === 'quote_request');
	expect(request).toMatchObject({ actor: 'form', data: { submitted: { name: 'Sam Stranger', phone: '01273 000000' }, current: { name: before.name, phone: before.phone } } });
	await site.capture.mail((m) => m.subject === '[Solar Capture] Quote request again from Jamie Rivera' && m.message.includes('Phone: 01273 000000'));
	const hooks = site.capture.hooks().filter((h) => h.hook === 'solar_capture_lead_captured' && h.args.lead_id === leadId);
	expect(hooks.map((h) => h.args.created)).toEqual([true, false]);

	// "Use these details": only for a signed-in owner with the capability and a nonce.
	const route = `${stack.site.url}/wp-json/solar-capture/v1/leads/${leadId}/quote-requests/${request.id}`;
	const anonymous = await fetch(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: ['phone'] }) });
	expect(anonymous.status).toBe(401);
	expect((await leadByEmail(stack, 'jamie.rivera@example.org'))!.phone).toBe(before.phone);
	// A field the request did not give, and another lead's request, are refused.
	const missing = await site.admin.rest(`solar-capture/v1/leads/${leadId}/quote-requests/${request.id}`, { method: 'POST', body: { fields: ['postcode'] } });
	expect(missing.status).toBe(400);
	const nadia = Number((await leadByEmail(stack, 'nadia.new@example.org'))!.id);
	const elsewhere = await site.admin.rest(`solar-capture/v1/leads/${nadia}/quote-requests/${request.id}`, { method: 'POST', body: { fields: ['phone'] } });
	expect(elsewhere.status).toBe(404);
	// The owner takes the phone number only.
	const applied = await site.admin.rest(`solar-capture/v1/leads/${leadId}/quote-requests/${request.id}`, { method: 'POST', body: { fields: ['phone'] } });
	expect(applied.status).toBe(200);
	expect(applied.json).toEqual({ lead_id: leadId, applied: ['phone'] });
	const taken = (await leadByEmail(stack, 'jamie.rivera@example.org'))!;
	expect(taken).toMatchObject({ phone: '01273 000000', name: before.name });
	const events = (await site.admin.rest(`solar-capture/v1/leads/${leadId}`)).json.events;
	expect(events.find((e: { type: string }) => e.type === 'lead_updated')).toMatchObject({ data: { fields: ['phone'], from_request: request.id } });
});

test('on the lead page the owner sees the request beside the lead\'s details and uses the name from it (keyboard only)', async ({ page }, testInfo) => {
	const lead = (await leadByEmail(stack, 'jamie.rivera@example.org'))!;
	await page.route((u) => u.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	await page.goto(`${stack.site.url}/wp-admin/admin.php?page=solar-capture-leads&lead=${lead.id}`);
	await fillLogin(page, stack.site.adminUser, stack.site.adminPassword);
	const request = page.locator('.solar-capture-event--quote_request').first();
	await expect(request.getByText('Quote request from the form')).toBeVisible({ timeout: 20_000 });
	const table = request.locator('table');
	await expect(table.getByRole('row', { name: /Sam Stranger/ })).toContainText(lead.name);
	const use = request.getByRole('button', { name: 'Use these details' });
	await expect(use).toBeDisabled();
	const name = request.getByRole('checkbox', { name: 'Name' });
	await name.focus();
	await page.keyboard.press('Space');
	await expect(name).toBeChecked();
	await use.focus();
	await page.keyboard.press('Enter');
	await expect(request.getByRole('status')).toHaveText('Saved: Name');
	await expect(page.getByRole('heading', { name: 'Sam Stranger' }).first()).toBeVisible();
	expect((await leadByEmail(stack, 'jamie.rivera@example.org'))!.name).toBe('Sam Stranger');
	await page.setViewportSize({ width: 390, height: 844 });
	await request.screenshot({ path: testInfo.outputPath('quote-request-phone.png') });
});

test('a form stamp is accepted once, and not after 24 hours', async () => {
	const stamp = await stampFrom(site.pageUrl);
	const old = await stack.php<string>(`return SolarCapture\\Lead_Capture::form_stamp( time() - DAY_IN_SECONDS - 60 );`);
	await sleep(MIN_FILL_MS + 300);
	const first = await postQuote(stack.site, { name: 'Once Only', email: 'once.only@example.org', consent: true, stamp, website: '' });
	expect(first.status).toBe(200);
	const again = await postQuote(stack.site, { name: 'Twice Tried', email: 'twice.tried@example.org', consent: true, stamp, website: '' });
	expect(again.status).toBe(400);
	expect(again.json.code).toBe('solar_capture_stamp_expired');
	expect(await leadByEmail(stack, 'twice.tried@example.org')).toBeNull();
	const stale = await postQuote(stack.site, { name: 'Stale Stamp', email: 'stale.stamp@example.org', consent: true, stamp: old, website: '' });
	expect(stale.status).toBe(400);
	expect(stale.json.code).toBe('solar_capture_stamp_expired');
	expect(await leadByEmail(stack, 'stale.stamp@example.org')).toBeNull();
});
