// Helpers for the wp-admin screen suites (leads-*, integrations-*, settings-*, access-*): a site of
// their own per spec file, a Chromium page logged in as a person would log in and watched for
// console errors, screenshots kept as test artifacts, and fast seeding (signed Cal.com deliveries
// in parallel, or rows written straight through stack.php for larger sets).
import * as crypto from 'node:crypto';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { postCalcom, startStack, WpSession, type Stack, type StackOptions } from '../helpers/stack';
import { bookingPayload, envelope, type BookingOptions } from '../fixtures/calcom';
import { fillLogin } from './login';

export const LEADS = 'admin.php?page=solar-capture-leads';
export const INTEGRATIONS = 'admin.php?page=solar-capture-integrations';
export const SETTINGS = 'admin.php?page=solar-capture-settings';

export interface AdminSite {
	stack: Stack;
	/** REST session of the administrator (cookies + nonce). */
	admin: WpSession;
}

/** A throw-away site (WordPress, SQLite, sidecar) and an administrator's REST session. */
export async function startAdminSite(options: StackOptions = {}): Promise<AdminSite> {
	const stack = await startStack(options);
	try {
		const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
		return { stack, admin };
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

/** PHP single-quoted string literal. */
export function phpString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface Watch {
	/** Console errors, uncaught exceptions and failed requests, except the allowed ones. */
	errors: string[];
	/** Allows failed-resource lines (console and network) whose URL matches. */
	allow(url: RegExp): void;
}

/**
 * Collects console errors, page errors and failed requests. A "Failed to load resource" line the
 * test causes on purpose is allowed only when the resource URL matches one of `allowed`.
 * Anything outside this machine is answered with an empty 204 (the machine is offline).
 */
export async function watch(page: Page, allowed: RegExp[] = []): Promise<Watch> {
	const patterns = [...allowed];
	const errors: string[] = [];
	const isAllowed = (url: string) => patterns.some((pattern) => pattern.test(url));
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const url = message.location()?.url ?? '';
		if (message.text().startsWith('Failed to load resource') && isAllowed(url)) return;
		errors.push(`console: ${message.text()} (${url})`);
	});
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
	page.on('requestfailed', (request) => {
		// Requests cut short by leaving the page (WordPress's compression test, a superseded search) are not errors.
		const failure = request.failure()?.errorText;
		if (failure === 'net::ERR_ABORTED' || isAllowed(request.url())) return;
		errors.push(`request failed: ${request.url()} ${failure}`);
	});
	page.on('dialog', (dialog) => {
		errors.push(`unexpected dialog: ${dialog.type()} ${dialog.message()}`);
		dialog.dismiss().catch(() => undefined);
	});
	await page.route((url) => url.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
	return { errors, allow: (url: RegExp) => patterns.push(url) };
}

/** Logs in through wp-login.php and returns the console watch (started before the first page). */
export async function logIn(page: Page, stack: Stack, user = stack.site.adminUser, password = stack.site.adminPassword, allowed: RegExp[] = []): Promise<Watch> {
	const watched = await watch(page, allowed);
	await page.goto(`${stack.site.url}/wp-login.php`);
	await fillLogin(page, user, password);
	await expect(page).toHaveURL(/wp-admin/);
	return watched;
}

/** Opens a wp-admin screen (path after /wp-admin/). */
export async function openAdmin(page: Page, stack: Stack, path: string): Promise<void> {
	await page.goto(`${stack.site.url}/wp-admin/${path}`);
}

/** A screenshot kept with the test's artifacts: the page, or one element of it. */
export async function shot(page: Page, info: TestInfo, name: string, target?: Locator): Promise<void> {
	const path = info.outputPath(`${name}.png`);
	if (target) await target.screenshot({ path });
	else await page.screenshot({ path, fullPage: true });
}

// ---------------------------------------------------------------- Leads screen

/** The Leads table's rows (DataViews table layout). */
export const rows = (page: Page): Locator => page.locator('.dataviews-view-table tbody tr');

/** Waits until the Leads table has loaded and shows `count` rows. */
export async function expectRows(page: Page, count: number): Promise<void> {
	await expect(rows(page)).toHaveCount(count);
	await expect(page.locator('.dataviews-view-table')).not.toHaveAttribute('aria-busy', 'true');
}

/** Opens the Leads screen with a fresh view (nothing remembered from another test). */
export async function openLeads(page: Page, stack: Stack): Promise<void> {
	await openAdmin(page, stack, LEADS);
	await page.evaluate(() => {
		for (const key of Object.keys(localStorage)) if (key.startsWith('solar')) localStorage.removeItem(key);
	});
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
}

/** The "N leads" count next to the heading. */
export const leadCount = (page: Page): Locator => page.locator('.solar-capture-count');

/** Types into the Leads search box and waits for the server's answer to that search. */
export async function search(page: Page, text: string): Promise<void> {
	const answered = page.waitForResponse(
		(r) => /\/solar-capture\/v1\/leads(\?|$)/.test(r.url()) && r.request().method() === 'GET' && new URL(r.url()).searchParams.get('search') === (text === '' ? null : text),
	);
	await page.getByRole('searchbox').fill(text);
	await answered;
}

// ---------------------------------------------------------------- Seeding

export interface SeedLead {
	name: string;
	email: string;
	phone?: string;
	postcode?: string;
	address?: string;
	source?: string;
	stage?: string;
	/** UTC 'YYYY-MM-DD HH:MM:SS'. */
	created_at?: string;
	next_booking_at?: string | null;
	monthly_bill?: number | null;
	roof_type?: string;
	homeowner?: boolean | null;
	message?: string | null;
}

/** UTC time as stored: 'YYYY-MM-DD HH:MM:SS'. */
export const dbTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Writes lead rows straight into the table (one PHP process for all of them); returns their ids. */
export async function seedLeads(stack: Stack, leads: SeedLead[]): Promise<number[]> {
	const now = dbTime(Date.now());
	const data = leads.map((lead) => ({
		email: lead.email,
		email_normalized: lead.email.trim().toLowerCase(),
		name: lead.name,
		phone: lead.phone ?? '',
		postcode: lead.postcode ?? '',
		address: lead.address ?? '',
		source: lead.source ?? 'form',
		stage: lead.stage ?? 'new',
		stage_changed_at: lead.created_at ?? now,
		next_booking_at: lead.next_booking_at ?? null,
		monthly_bill: lead.monthly_bill ?? null,
		roof_type: lead.roof_type ?? '',
		homeowner: lead.homeowner === undefined || lead.homeowner === null ? null : lead.homeowner ? 1 : 0,
		message: lead.message ?? null,
		lead_token: crypto.randomBytes(16).toString('hex'),
		created_at: lead.created_at ?? now,
		updated_at: lead.created_at ?? now,
	}));
	const b64 = Buffer.from(JSON.stringify(data)).toString('base64');
	return stack.php<number[]>(`
		global $wpdb;
		$ids = array();
		foreach ( json_decode( base64_decode( '${b64}' ), true ) as $row ) {
			if ( false === $wpdb->insert( $wpdb->prefix . 'solar_leads', $row ) ) {
				throw new Exception( $wpdb->last_error );
			}
			$ids[] = (int) $wpdb->insert_id;
		}
		return $ids;
	`);
}

/** Posts signed Cal.com deliveries in parallel (each must be applied); returns the answers in order. */
export async function postCalcomBodies(stack: Stack, bodies: string[]): Promise<Array<{ lead_id: number; booking_id: number; delivery_id: number; status: string }>> {
	const answers = await Promise.all(bodies.map((body) => postCalcom(stack.site, body, stack.site.secrets.calcom)));
	for (const answer of answers) {
		if (answer.status !== 200 || answer.json?.status !== 'applied') throw new Error(`a seeding delivery was not applied: ${answer.status} ${JSON.stringify(answer.json)}`);
	}
	return answers.map((answer) => answer.json);
}

export interface CalcomBooking extends BookingOptions {
	/** The booker's own time zone (attendees[0].timeZone). */
	timeZone?: string;
	phone?: string;
	trigger?: 'BOOKING_CREATED' | 'BOOKING_RESCHEDULED' | 'BOOKING_CANCELLED';
	rescheduleUid?: string;
	cancellationReason?: string;
}

/** A Cal.com delivery body with the booker's zone and phone set. */
export function calcomBody(options: CalcomBooking): string {
	const payload = bookingPayload(options) as Record<string, any>;
	if (options.timeZone) {
		payload.attendees[0].timeZone = options.timeZone;
		payload.attendees[1].timeZone = options.timeZone;
	}
	if (options.phone) payload.attendees[0].phoneNumber = options.phone;
	if (options.rescheduleUid) {
		payload.rescheduleUid = options.rescheduleUid;
		payload.rescheduledBy = payload.attendees[0].email;
	}
	if (options.trigger === 'BOOKING_CANCELLED') {
		payload.status = 'CANCELLED';
		payload.cancellationReason = options.cancellationReason ?? 'Changed my mind';
	}
	return envelope(options.trigger ?? 'BOOKING_CREATED', payload);
}

/** ISO time without milliseconds, as Cal.com sends it. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const DAY = 86_400_000;

/** Sets the site's time zone (Settings → General). */
export async function setSiteTimezone(stack: Stack, zone: string): Promise<void> {
	await stack.php(`update_option( 'timezone_string', ${phpString(zone)} ); update_option( 'gmt_offset', '' ); return true;`);
}

/** Sets the site's date and time formats (Settings → General), PHP-style, e.g. 'j F Y' and 'H:i'. */
export async function setSiteFormats(stack: Stack, date: string, time: string): Promise<void> {
	await stack.php(`update_option( 'date_format', ${phpString(date)} ); update_option( 'time_format', ${phpString(time)} ); return true;`);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An instant written with a PHP-style format (j d F M m Y H G i g a A) in an IANA zone, in English,
 * computed here with Intl (not by WordPress), to check what the screens show.
 */
export function phpFormat(format: string, ms: number, timeZone: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
			.formatToParts(new Date(ms))
			.map((part) => [part.type, Number(part.value)]),
	) as Record<string, number>;
	const pad = (n: number) => String(n).padStart(2, '0');
	const hour = parts.hour % 24;
	const tokens: Record<string, string> = {
		j: String(parts.day), d: pad(parts.day), F: MONTHS[parts.month - 1], M: MONTHS[parts.month - 1].slice(0, 3), m: pad(parts.month), Y: String(parts.year),
		H: pad(hour), G: String(hour), i: pad(parts.minute), g: String(hour % 12 || 12), a: hour < 12 ? 'am' : 'pm', A: hour < 12 ? 'AM' : 'PM',
	};
	return [...format].map((c) => tokens[c] ?? c).join('');
}

/** A date and time as the screens show it: "<date> at <time>" in the site's formats. */
export function siteDateTime(ms: number, timeZone: string, dateFormat: string, timeFormat: string): string {
	return `${phpFormat(dateFormat, ms, timeZone)} at ${phpFormat(timeFormat, ms, timeZone)}`;
}

/** Creates a user with a role; returns its id. */
export async function createUser(stack: Stack, login: string, password: string, role: string): Promise<number> {
	return stack.php<number>(`
		$id = wp_insert_user( array( 'user_login' => ${phpString(login)}, 'user_pass' => ${phpString(password)}, 'user_email' => ${phpString(`${login}@example.com`)}, 'role' => ${phpString(role)}, 'display_name' => ${phpString(login)} ) );
		if ( is_wp_error( $id ) ) { throw new Exception( $id->get_error_message() ); }
		return $id;
	`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
