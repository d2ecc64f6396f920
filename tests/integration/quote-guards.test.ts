// The quote form's guards through the real public route, under load: requests sent at once from one
// address get exactly the limit through (the count is one conditional UPDATE, never read-then-write),
// and in "link only in the e-mail" mode one address receives at most 3 confirmation e-mails a day,
// however often someone sends the form with it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startStack, Stack } from '../helpers/stack';

let stack: Stack;
let mailFile: string;

// Test capture (not part of Solar Capture): every wp_mail() becomes a line in guard-mail.jsonl.
const MU_PLUGIN = `<?php
add_filter( 'pre_wp_mail', function ( $short, $atts ) {
	file_put_contents( dirname( WP_CONTENT_DIR ) . '/guard-mail.jsonl', wp_json_encode( array( 'to' => $atts['to'], 'subject' => $atts['subject'] ) ) . "\\n", FILE_APPEND | LOCK_EX );
	return true;
}, 10, 2 );
`;

/** Stamps as the form prints them, made 10 s ago (older than the 3 s a person needs). */
const stamps = (n: number) => stack.php<string[]>(`$out = array(); for ( $i = 0; $i < ${n}; $i++ ) { $out[] = SolarCapture\\Guard\\Form_Guard::stamp( time() - 10 ); } return $out;`);
const quote = async (body: Record<string, unknown>) => {
	const response = await fetch(`${stack.site.url}/wp-json/solar-capture/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, json: (await response.json()) as { code?: string } };
};
const leadsLike = (pattern: string) => stack.php<number>(`global $wpdb; return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}solar_leads WHERE email LIKE %s", '${pattern}' ) );`);
const mailsTo = (email: string) =>
	(fs.existsSync(mailFile) ? fs.readFileSync(mailFile, 'utf8').split('\n').filter(Boolean) : [])
		.map((line) => JSON.parse(line) as { to: string | string[] })
		.filter((mail) => ([] as string[]).concat(mail.to).some((to) => to.toLowerCase().includes(email))).length;

beforeAll(async () => {
	stack = await startStack();
	fs.writeFileSync(path.join(stack.site.dir, 'wp-content', 'mu-plugins', 'solar-capture-test-guard-mail.php'), MU_PLUGIN);
	mailFile = path.join(stack.site.dir, 'guard-mail.jsonl');
});

afterAll(async () => {
	await stack?.stop();
});

test('25 requests at once from one address: exactly 20 get through, 5 are refused 429, 20 leads written', async () => {
	const list = await stamps(25);
	const answers = await Promise.all(list.map((stamp, i) => quote({ name: `Flood ${i}`, email: `flood${i}@example.org`, consent: true, stamp })));
	expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
	const refused = answers.filter((a) => a.status !== 200);
	expect(refused).toHaveLength(5);
	for (const answer of refused) expect(answer).toMatchObject({ status: 429, json: { code: 'solar_capture_rate_limited' } });
	expect(await leadsLike('flood%@example.org')).toBe(20);
});

test('"link only in the e-mail": one address gets at most 3 confirmation e-mails a day, however often the form is sent', async () => {
	await stack.php(`global $wpdb; $wpdb->query( "DELETE FROM {$wpdb->prefix}solar_counters" ); SolarCapture\\Settings::update_settings( array( 'cta_show' => 'email' ) ); SolarCapture\\Settings::update_provider( 'calcom', array( 'enabled' => true, 'booking_url' => 'https://cal.com/sunny-installs/solar-survey' ) ); return true;`);
	const email = 'often@example.org';
	for (const stamp of await stamps(5)) expect((await quote({ name: 'Oft Sent', email, consent: true, stamp })).status).toBe(200);
	// Mail goes out at the end of each request; the fifth request's has had its chance.
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(mailsTo(email)).toBe(3);
	// Another address is not affected.
	const [stamp] = await stamps(1);
	expect((await quote({ name: 'Other Person', email: 'other.person@example.org', consent: true, stamp })).status).toBe(200);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(mailsTo('other.person@example.org')).toBe(1);
});
