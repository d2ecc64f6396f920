// Helpers for the visitor, privacy and packaging suites: a throw-away site whose e-mails and Solar
// Capture hooks are captured by a must-use plugin, pages with the quote form, and quote requests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startStack, WpSession, waitUntil, type Stack, type Site } from '../helpers/stack';

export interface CapturedMail {
	to: string | string[];
	subject: string;
	message: string;
	headers: unknown;
}

export interface CapturedHook {
	hook: string;
	args: Record<string, unknown>;
}

/**
 * A must-use plugin for tests: every wp_mail() call becomes a JSON line in captured-mail.jsonl
 * (pre_wp_mail answers true, so nothing is sent), every solar_capture_lead_captured and
 * solar_capture_booking_applied call a line in captured-hooks.jsonl (both files in the site's
 * folder), and the quote form's rate limit can be lowered through the option sc_test_rate_limit.
 */
export const CAPTURE_MU_PLUGIN = `<?php
/**
 * Test capture, written by tests/e2e/visitor-helpers.ts. Not part of Solar Capture.
 */
function sc_test_capture( $file, $entry ) {
	file_put_contents( dirname( WP_CONTENT_DIR ) . '/' . $file, wp_json_encode( $entry ) . "\\n", FILE_APPEND | LOCK_EX );
}
add_filter(
	'pre_wp_mail',
	function ( $short_circuit, $atts ) {
		sc_test_capture(
			'captured-mail.jsonl',
			array(
				'to'      => $atts['to'],
				'subject' => $atts['subject'],
				'message' => $atts['message'],
				'headers' => $atts['headers'],
			)
		);
		return true;
	},
	10,
	2
);
add_action(
	'solar_capture_lead_captured',
	function ( $lead_id, $created = null, $values = array() ) {
		sc_test_capture( 'captured-hooks.jsonl', array( 'hook' => 'solar_capture_lead_captured', 'args' => array( 'lead_id' => $lead_id, 'created' => $created, 'values' => $values ) ) );
	},
	10,
	3
);
add_action(
	'solar_capture_booking_applied',
	function ( $lead_id, $booking_id = null, $provider = null, $delivery_id = null ) {
		sc_test_capture( 'captured-hooks.jsonl', array( 'hook' => 'solar_capture_booking_applied', 'args' => array( 'lead_id' => $lead_id, 'booking_id' => $booking_id, 'provider' => $provider, 'delivery_id' => $delivery_id ) ) );
	},
	10,
	4
);
add_filter(
	'solar_capture_quote_rate_limit',
	function ( $limit ) {
		$test = get_option( 'sc_test_rate_limit', '' );
		return ( '' === $test || false === $test ) ? $limit : (int) $test;
	}
);
`;

function readJsonLines<T>(file: string): T[] {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as T);
}

export class Capture {
	readonly mailFile: string;
	readonly hookFile: string;

	constructor(readonly site: Site) {
		this.mailFile = path.join(site.dir, 'captured-mail.jsonl');
		this.hookFile = path.join(site.dir, 'captured-hooks.jsonl');
	}

	install(): this {
		const dir = path.join(this.site.dir, 'wp-content', 'mu-plugins');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'solar-capture-test-capture.php'), CAPTURE_MU_PLUGIN);
		return this;
	}

	mails(): CapturedMail[] {
		return readJsonLines<CapturedMail>(this.mailFile);
	}

	hooks(): CapturedHook[] {
		return readJsonLines<CapturedHook>(this.hookFile);
	}

	/** Waits for an e-mail matching the test (mail is sent at the end of the request that queued it). */
	async mail(match: (mail: CapturedMail) => boolean, timeoutMs = 10000): Promise<CapturedMail> {
		return waitUntil(async () => this.mails().find(match), timeoutMs);
	}

	async hook(match: (hook: CapturedHook) => boolean, timeoutMs = 10000): Promise<CapturedHook> {
		return waitUntil(async () => this.hooks().find(match), timeoutMs);
	}
}

export const recipients = (mail: CapturedMail): string[] => (Array.isArray(mail.to) ? mail.to : String(mail.to).split(',')).map((to) => to.trim().toLowerCase());

/** Publishes a page and returns its address. */
export async function publishPage(stack: Stack, title: string, content: string): Promise<string> {
	return stack.php<string>(`
		$id = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => ${phpString(title)}, 'post_content' => ${phpString(content)} ), true );
		if ( is_wp_error( $id ) ) { throw new Exception( $id->get_error_message() ); }
		return get_permalink( $id );
	`);
}

export function phpString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface LeadRow {
	id: string;
	email: string;
	name: string;
	phone: string;
	address: string;
	postcode: string;
	monthly_bill: string | null;
	roof_type: string;
	homeowner: string | null;
	message: string | null;
	source: string;
	stage: string;
	lead_token: string;
}

/** The lead row for an e-mail address (or null), straight from the database. */
export async function leadByEmail(stack: Stack, email: string): Promise<LeadRow | null> {
	return stack.php<LeadRow | null>(`
		global $wpdb;
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}solar_leads WHERE email_normalized = %s", strtolower( trim( ${phpString(email)} ) ) ), ARRAY_A );
	`);
}

/** The lead a booking-link token was issued for (a quote request's token, lead_tokens), or null. */
export async function leadOfToken(stack: Stack, token: string | null): Promise<number | null> {
	const id = await stack.php<string | null>(`
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT lead_id FROM {$wpdb->prefix}solar_lead_tokens WHERE token = %s", ${phpString(token ?? '')} ) );
	`);
	return id === null ? null : Number(id);
}

export async function countLeads(stack: Stack): Promise<number> {
	return Number(await stack.php<string>(`global $wpdb; return $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_leads" );`));
}

/** The time stamp a page printed into its form (for quote requests sent without a browser). */
export async function stampFrom(pageUrl: string): Promise<string> {
	const html = await (await fetch(pageUrl)).text();
	const match = html.match(/name="stamp" value="([^"]+)"/);
	if (!match) throw new Error(`no quote form on ${pageUrl}`);
	return match[1];
}

/** Sends a quote request as the form's script does. */
export async function postQuote(site: Site, body: Record<string, unknown>): Promise<{ status: number; json: any }> {
	const response = await fetch(`${site.url}/wp-json/solar-capture/v1/quote`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
}

export const BOOKING_URL = 'https://cal.com/sunny-installs/solar-survey';

export interface CaptureSite {
	stack: Stack;
	capture: Capture;
	admin: WpSession;
	/** A page with [solar_capture_form]. */
	pageUrl: string;
}

/**
 * A site of its own: capture mu-plugin, a published page with the shortcode, Cal.com's booking
 * page set in the provider settings (as the Integrations screen does) and the call to action
 * shown right after the form is sent.
 */
export async function startCaptureSite(): Promise<CaptureSite> {
	const stack = await startStack();
	try {
		const capture = new Capture(stack.site).install();
		await stack.php(`update_option( 'sc_test_rate_limit', 1000 ); return true;`);
		const admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
		const provider = await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { booking_url: BOOKING_URL } });
		if (provider.status !== 200) throw new Error(`setting the booking page failed: ${provider.status} ${JSON.stringify(provider.json)}`);
		const settings = await admin.rest('solar-capture/v1/settings', { method: 'POST', body: { cta_show: 'after_submit' } });
		if (settings.status !== 200) throw new Error(`saving the settings failed: ${settings.status} ${JSON.stringify(settings.json)}`);
		const pageUrl = await publishPage(stack, 'Get a solar quote', '<!-- wp:paragraph --><p>Tell us about your home.</p><!-- /wp:paragraph -->\n[solar_capture_form title="Free solar quote"]');
		return { stack, capture, admin, pageUrl };
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The form refuses requests sent sooner than this after it was shown (Guard\\Form_Guard::MIN_SECONDS). */
export const MIN_FILL_MS = 3000;
