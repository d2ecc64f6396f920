// Tools → Export and Erase Personal Data touch exactly one person, on both databases: the address
// bob@example.com never matches jimbob@example.com, whose lead, bookings, timeline and delivery
// bodies stay as they were. Through WordPress's own exporter and eraser callbacks.
import { startStack, postCalcom, Stack } from '../helpers/stack';
import { bookingCreated } from '../fixtures/calcom';

let stack: Stack;

/** Everything of Solar Capture's that names an address, as rows (what the eraser could change). */
const state = (email: string) =>
	stack.php<Record<string, unknown>>(`global $wpdb; $p = $wpdb->prefix; $like = '%' . $wpdb->esc_like( '"${email}"' ) . '%';
return array(
	'lead'       => $wpdb->get_row( $wpdb->prepare( "SELECT id, email, name, phone FROM {$p}solar_leads WHERE email_normalized = %s", '${email}' ), ARRAY_A ),
	'bookings'   => $wpdb->get_results( $wpdb->prepare( "SELECT b.external_id, b.attendee_email, b.title, b.status FROM {$p}solar_bookings b JOIN {$p}solar_leads l ON l.id = b.lead_id WHERE l.email_normalized = %s ORDER BY b.id", '${email}' ), ARRAY_A ),
	'events'     => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$p}solar_events e JOIN {$p}solar_leads l ON l.id = e.lead_id WHERE l.email_normalized = %s", '${email}' ) ),
	// Bodies naming the whole address as a JSON string (jimbob's bodies contain "bob@example.com" only inside "jimbob@…").
	'deliveries' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$p}solar_deliveries WHERE body LIKE %s", $like ) ),
);`);

beforeAll(async () => {
	stack = await startStack();
	for (const [email, name] of [['bob@example.com', 'Bob Short'], ['jimbob@example.com', 'Jim Bob']]) {
		await stack.php(`add_filter( 'pre_wp_mail', '__return_true' ); SolarCapture\\Plugin::instance()->lead_capture()->submit( array( 'email' => '${email}', 'name' => '${name}', 'phone' => '+44 20 7946 0001', 'consent' => 'Yes' ) ); return true;`);
		expect((await postCalcom(stack.site, bookingCreated({ email, name }).body, stack.site.secrets.calcom)).status).toBe(200);
	}
});

afterAll(async () => {
	await stack?.stop();
});

test('the export for bob@example.com holds Bob and nothing of jimbob@example.com', async () => {
	const exported = await stack.php<{ data: Array<{ group_id: string; data: Array<{ name: string; value: string }> }>; done: boolean }>(`return SolarCapture\\Plugin::instance()->privacy()->export( 'bob@example.com', 1 );`);
	const text = JSON.stringify(exported);
	expect(text).toContain('Bob Short');
	expect(text).not.toContain('jimbob');
	expect(text).not.toContain('Jim Bob');
	expect(exported.data.some((item) => item.group_id === 'solar-capture-lead')).toBe(true);
});

test('erasing bob@example.com changes nothing of jimbob@example.com', async () => {
	const jimBefore = await state('jimbob@example.com');
	expect(jimBefore.lead).toBeTruthy();
	expect((jimBefore.bookings as unknown[]).length).toBe(1);
	const erased = await stack.php<{ items_removed: boolean }>(`return SolarCapture\\Plugin::instance()->privacy()->erase( 'bob@example.com', 1 );`);
	expect(erased.items_removed).toBe(true);
	const bob = await state('bob@example.com');
	expect(bob.lead).toBeNull();
	expect(bob.deliveries).toBe(0);
	expect(await state('jimbob@example.com')).toEqual(jimBefore);
});
