// A site on schema version 2 (before issue 9) upgrades in place through dbDelta, on SQLite (the
// drop-in) and MariaDB alike: its rows are kept, the new columns and keys appear, and the sidecar
// applies deliveries that need them.
import * as path from 'node:path';
import { startStack, postCalcom, Stack } from '../helpers/stack';
import { bookingPayload, envelope } from '../fixtures/calcom';

let stack: Stack;
const secret = 'whsec_upgrade_test_1';
const V2 = path.join(__dirname, '..', 'fixtures', 'schema-v2.php');

beforeAll(async () => {
	stack = await startStack({ secrets: { calcom: secret }, sidecar: false });
});

afterAll(async () => {
	await stack?.stop();
});

const columns = (table: string) =>
	stack.php<string[]>(`global $wpdb; $t = \\SolarCapture\\Schema::table('${table}'); return array_map( fn( $c ) => $c->Field, $wpdb->get_results( "SHOW COLUMNS FROM $t" ) );`);

test('version 2 tables upgrade to version 4 (3 and 4 at once) with their rows; the sidecar then uses the new columns', async () => {
	// Back to what a version 2 site has: the four tables as version 2 made them, with a lead and a booking.
	const v2 = await stack.php<{ version: string; leads: string[] }>(`
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		\\SolarCapture\\Schema::drop();
		$collate = $wpdb->get_charset_collate();
		$leads = \\SolarCapture\\Schema::table('leads'); $bookings = \\SolarCapture\\Schema::table('bookings');
		$events = \\SolarCapture\\Schema::table('events'); $deliveries = \\SolarCapture\\Schema::table('deliveries');
		dbDelta( require ${JSON.stringify(V2)} );
		update_option( \\SolarCapture\\Schema::VERSION_OPTION, '2', true );
		$now = '2025-05-01 10:00:00';
		$wpdb->insert( $leads, array( 'email' => 'old.lead@example.org', 'email_normalized' => 'old.lead@example.org', 'name' => 'Old Lead', 'postcode' => 'LS1 1AA', 'source' => 'form', 'stage' => 'booked', 'lead_token' => 'tok-old-lead', 'created_at' => $now, 'updated_at' => $now ) );
		$wpdb->insert( $bookings, array( 'lead_id' => $wpdb->insert_id, 'provider' => 'calcom', 'external_id' => 'old-uid-1', 'status' => 'accepted', 'title' => 'Survey', 'start_at' => '2099-01-01 10:00:00', 'attendee_email' => 'old.lead@example.org', 'created_at' => $now, 'updated_at' => $now ) );
		return array( 'version' => get_option( \\SolarCapture\\Schema::VERSION_OPTION ), 'leads' => array_map( fn( $c ) => $c->Field, $wpdb->get_results( "SHOW COLUMNS FROM $leads" ) ) );`);
	expect(v2.version).toBe('2');
	expect(v2.leads).not.toContain('first_utm_source');

	// What happens on the next request to the upgraded plugin.
	const upgraded = await stack.php<{ version: string; ok: boolean }>(`
		\\SolarCapture\\Schema::maybe_upgrade();
		return array( 'version' => get_option( \\SolarCapture\\Schema::VERSION_OPTION ), 'ok' => true );`);
	expect(upgraded).toEqual({ version: '4', ok: true });
	expect(await columns('leads')).toEqual(expect.arrayContaining(['first_utm_source', 'first_utm_campaign', 'first_touch_at', 'last_utm_source', 'last_landing_page', 'last_touch_at', 'postcode']));
	expect(await columns('bookings')).toEqual(expect.arrayContaining(['booking_uid', 'seat_id', 'seats', 'series_id', 'location', 'location_type', 'answers', 'cancelled_by', 'cancelled_by_role', 'cancel_scope', 'pre_no_show_stage']));
	const kept = await stack.php<any>(`global $wpdb; return $wpdb->get_row( 'SELECT l.email, l.postcode, l.first_utm_source, b.external_id, b.location_type FROM ' . \\SolarCapture\\Schema::table('leads') . ' l JOIN ' . \\SolarCapture\\Schema::table('bookings') . ' b ON b.lead_id = l.id', ARRAY_A );`);
	expect(kept).toEqual({ email: 'old.lead@example.org', postcode: 'LS1 1AA', first_utm_source: '', external_id: 'old-uid-1', location_type: '' });

	// A second run changes nothing and does not fail (dbDelta never re-adds what exists).
	expect(await stack.php(`\\SolarCapture\\Schema::install(); return get_option( \\SolarCapture\\Schema::VERSION_OPTION );`)).toBe('4');

	// The sidecar on the upgraded tables: a seat of a session with answers and attribution.
	await stack.startSidecar();
	const p = { ...bookingPayload({ uid: 'upgrade-session', email: 'old.lead@example.org', start: '2099-02-01T10:00:00Z' }), seatsPerTimeSlot: 4, attendeeSeatId: 'seat-1', metadata: { utm_source: 'upgrade-test' } };
	const answer = await postCalcom(stack.site, envelope('BOOKING_CREATED', p), secret);
	expect(answer.status).toBe(200);
	expect(answer.json).toMatchObject({ status: 'applied', created: true });
	const row = await stack.php<any>(`global $wpdb; return $wpdb->get_row( $wpdb->prepare( 'SELECT booking_uid, seat_id, seats, location_type FROM ' . \\SolarCapture\\Schema::table('bookings') . ' WHERE external_id = %s', 'upgrade-session#seat:seat-1' ), ARRAY_A );`);
	expect(row).toEqual({ booking_uid: 'upgrade-session', seat_id: 'seat-1', seats: '4', location_type: 'video' });
	const l = await stack.php<any>(`global $wpdb; return $wpdb->get_row( "SELECT stage, first_utm_source FROM " . \\SolarCapture\\Schema::table('leads'), ARRAY_A );`);
	expect(l).toEqual({ stage: 'booked', first_utm_source: 'upgrade-test' });
});
