// The booking calendar's server side on a real site (SQLite, and MariaDB with TEST_DB=mariadb): the
// quote answer in "embedded calendar" mode carries the calendar built from the answer's own booking
// link, with a ticket for the token that link carries; POST /booking-signal answers a stranger the same
// whatever is sent, writes one timeline entry per genuine ticket and nothing else, never moves the lead,
// and stops answering past its per-address limit.
import { startStack, type Stack } from '../helpers/stack';

const BOOKING_URL = 'https://cal.com/sunny-installs/solar-survey';

let stack: Stack;
let endpoint: string;

interface Quote {
	lead_id: number;
	/** The token the answer's booking link carries: issued for this quote request, never the lead's own. */
	lead_token: string;
	own_token: string;
	answer: { booking_url: string; booking_html?: string };
}

/** A quote request saved as the form saves it, and the answer the form would show (its e-mails not sent). */
const quote = (email: string, name: string) =>
	stack.php<Quote>(`
		add_filter( 'pre_wp_mail', '__return_true' );
		$result = SolarCapture\\Plugin::instance()->lead_capture()->submit( array( 'email' => '${email}', 'name' => '${name}', 'consent' => 'Yes' ) );
		$answer = SolarCapture\\Rest\\Quote_Controller::answer( $result, '${name}', '${email}' );
		global $wpdb;
		$own = $wpdb->get_var( $wpdb->prepare( "SELECT lead_token FROM {$wpdb->prefix}solar_leads WHERE id = %d", $result['lead_id'] ) );
		return array( 'lead_id' => $result['lead_id'], 'lead_token' => $result['booking_token'], 'own_token' => $own, 'answer' => $answer );
	`);

const setShow = (value: string) => stack.php(`SolarCapture\\Settings::update_settings( array( 'cta_show' => '${value}' ) ); return true;`);

const counts = () =>
	stack.php<Record<string, number>>(`global $wpdb; $out = array();
foreach ( array( 'leads', 'bookings', 'events', 'deliveries' ) as $t ) { $out[ $t ] = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_$t" ); }
return $out;`);

const lead = (id: number) =>
	stack.php<{ stage: string; events: Array<{ type: string; data: string; actor: string }> }>(`
		global $wpdb;
		$stage  = $wpdb->get_var( $wpdb->prepare( "SELECT stage FROM {$wpdb->prefix}solar_leads WHERE id = %d", ${id} ) );
		$events = $wpdb->get_results( $wpdb->prepare( "SELECT type, data, actor FROM {$wpdb->prefix}solar_events WHERE lead_id = %d ORDER BY id", ${id} ), ARRAY_A );
		return array( 'stage' => $stage, 'events' => $events );
	`);

const resetLimit = () => stack.php(`delete_transient( 'solar_capture_signal_' . md5( '127.0.0.1' ) ); return true;`);

async function signal(body: unknown): Promise<{ status: number; body: string; cache: string | null }> {
	const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
	return { status: response.status, body: await response.text(), cache: response.headers.get('cache-control') };
}

/** The calendar's data attributes, as the visitor's browser reads them. */
function attributes(html: string): Record<string, string> {
	const open = html.match(/^<div ([^>]*)>/)![1];
	const out: Record<string, string> = {};
	for (const [, name, value] of open.matchAll(/([a-z-]+)="([^"]*)"/g)) {
		out[name] = value.replace(/&quot;/g, '"').replace(/&#0?38;/g, '&').replace(/&amp;/g, '&');
	}
	return out;
}

beforeAll(async () => {
	stack = await startStack({ sidecar: false });
	endpoint = `${stack.site.url}/wp-json/solar-capture/v1/booking-signal`;
	await stack.php(`SolarCapture\\Settings::update_provider( 'calcom', array( 'enabled' => true, 'booking_url' => '${BOOKING_URL}' ) ); return true;`);
});

afterAll(async () => {
	await stack?.stop();
});

test('"embedded calendar": the answer carries the calendar built from its own booking link, with a ticket for the link\'s token', async () => {
	await setShow('embed');
	const q = await quote('jamie.embed@example.org', 'Jamie Rivera');
	const link = new URL(q.answer.booking_url);
	expect(link.searchParams.get('metadata[sc_lead]')).toBe(q.lead_token);
	expect(q.lead_token).toMatch(/^[0-9a-f]{32}$/);
	expect(q.lead_token).not.toBe(q.own_token);
	expect(q.answer.booking_html).toMatch(/^<div class="solar-capture-booking" /);
	const data = attributes(q.answer.booking_html!);
	expect(data['data-provider']).toBe('calcom');
	// The same link (esc_url() writes the brackets of metadata[sc_lead] as %5B %5D; a browser reads them back).
	expect(decodeURIComponent(data['data-url'])).toBe(decodeURIComponent(q.answer.booking_url));
	expect(data['data-token']).toBe(q.lead_token);
	expect(data['data-ticket']).toMatch(/^\d{10}\.[0-9a-f]{32}$/);
	expect(data['data-endpoint']).toBe(endpoint);
	expect(JSON.parse(data['data-colors'])).toMatchObject({ brand: expect.stringMatching(/^#[0-9a-f]{6}$/) });
	// The plain link is in it, for visitors without JavaScript or whose calendar does not load.
	expect(q.answer.booking_html).toContain(`href="${q.answer.booking_url.replace(/&/g, '&#038;').replace(/\[/g, '%5B').replace(/\]/g, '%5D')}"`);

	// The other choices keep their meaning: the button, the e-mail, nothing.
	for (const show of ['after_submit', 'email', 'never']) {
		await setShow(show);
		const other = await quote('jamie.embed@example.org', 'Jamie Rivera');
		expect(other.answer.booking_html).toBeUndefined();
		expect(other.answer.booking_url === '').toBe(show !== 'after_submit');
	}
	await setShow('embed');
});

test('a genuine ticket adds one "booked in the browser" entry; anything else gets the same answer and writes nothing; the stage never moves', async () => {
	await resetLimit();
	const jamie = await quote('jamie.signal@example.org', 'Jamie Signal');
	const other = await quote('other.lead@example.org', 'Other Lead');
	const data = attributes(jamie.answer.booking_html!);
	const ticket = data['data-ticket'];
	const before = await counts();

	const genuine = await signal({ token: jamie.lead_token, ticket, provider: 'calcom' });
	expect(genuine.status).toBe(202);
	expect(JSON.parse(genuine.body)).toEqual({ status: 'received' });
	expect(genuine.cache).toContain('no-store');

	const [expires, mac] = ticket.split('.');
	const tries: unknown[] = [
		{ token: jamie.lead_token, ticket, provider: 'calcom' }, // the same ticket again
		{ token: jamie.lead_token, ticket, provider: 'calendly' }, // again, naming another tool
		{ token: other.lead_token, ticket, provider: 'calcom' }, // another lead's token with this ticket
		{ token: 'f'.repeat(32), ticket, provider: 'calcom' }, // a token no lead has
		{ token: jamie.lead_token, ticket: `${Number(expires) + 3600}.${mac}`, provider: 'calcom' }, // a stretched ticket
		{ token: jamie.lead_token, ticket: `${expires}.${'0'.repeat(32)}`, provider: 'calcom' }, // a forged signature
		{ token: jamie.lead_token, provider: 'calcom' }, // no ticket
		{ token: jamie.lead_token, ticket, provider: 'orufy' }, // a tool without a widget
		{ token: ['x'], ticket: { a: 1 }, provider: 7 }, // nonsense
		{}, // nothing
	];
	for (const body of tries) {
		await resetLimit(); // more tries than the per-address limit (its own test is below)
		const answer = await signal(body);
		expect({ body, status: answer.status, text: answer.body }).toEqual({ body, status: genuine.status, text: genuine.body });
	}

	// A body that is not JSON at all is refused by WordPress's REST API before the route (whatever the token).
	const broken = await signal('not json at all');
	expect(broken.status).toBe(400);
	expect(JSON.parse(broken.body).code).toBe('rest_invalid_json');

	const after = await counts();
	expect(after).toEqual({ ...before, events: before.events + 1 });
	const mine = await lead(jamie.lead_id);
	expect(mine.stage).toBe('new');
	const entries = mine.events.filter((e) => e.type === 'browser_booking');
	expect(entries).toHaveLength(1);
	expect(entries[0].actor).toBe('form');
	expect(JSON.parse(entries[0].data)).toEqual({ provider: 'calcom' });
	expect((await lead(other.lead_id)).events.filter((e) => e.type === 'browser_booking')).toHaveLength(0);
});

test('an expired ticket writes nothing', async () => {
	await resetLimit();
	const q = await quote('late.visitor@example.org', 'Late Visitor');
	const stale = await stack.php<string>(`return SolarCapture\\Rest\\Booking_Signal_Controller::ticket( '${q.lead_token}', time() - DAY_IN_SECONDS - 60 );`);
	expect((await signal({ token: q.lead_token, ticket: stale, provider: 'calcom' })).status).toBe(202);
	expect((await lead(q.lead_id)).events.filter((e) => e.type === 'browser_booking')).toHaveLength(0);
});

test('past 10 signals per address in 10 minutes: 429, and nothing is written', async () => {
	await resetLimit();
	const q = await quote('flood.visitor@example.org', 'Flood Visitor');
	const ticket = attributes(q.answer.booking_html!)['data-ticket'];
	for (let i = 0; i < 10; i++) {
		expect((await signal({ token: 'f'.repeat(32), ticket, provider: 'calcom' })).status).toBe(202);
	}
	const limited = await signal({ token: q.lead_token, ticket, provider: 'calcom' });
	expect(limited.status).toBe(429);
	expect(JSON.parse(limited.body).code).toBe('solar_capture_rate_limited');
	expect((await lead(q.lead_id)).events.filter((e) => e.type === 'browser_booking')).toHaveLength(0);
	await resetLimit();
});
