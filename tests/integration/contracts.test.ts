// One contract per concept: plugin/providers.json and plugin/lead-fields.json are declared once and
// read by PHP, the sidecar and the admin screens. This suite fails when any part disagrees with
// them: the table's columns (PHP's DDL), the sidecar's limits and stored headers, the REST schema,
// the CSV export, the privacy exporter, the page data the screens read, and the real webhook route
// and the sidecar's /ingest storing the same headers and refusing the same body sizes.
import { parseCsv } from '../helpers/csv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import providersFile from '../../plugin/providers.json';
import fieldsFile from '../../plugin/lead-fields.json';
import { MAX_BODY_BYTES, STORED_HEADERS } from '../../sidecar/src/app';
import { LIMITS } from '../../sidecar/src/events';
import { findProvider, PROVIDER_NAMES } from '../../sidecar/src/providers';
import { DEFAULT_RULES, LEAD_FIELDS } from '../../sidecar/src/answers';
import { readProviderSettings } from '../../sidecar/src/settings';
import { calcomSignature, startStack, Stack, WpSession } from '../helpers/stack';

interface Field {
	key: string;
	label: string;
	type: string;
	max_length?: number;
	editable: boolean;
	exported: boolean;
	privacy: boolean;
	search?: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const providers = providersFile.providers as Array<(typeof providersFile.providers)[number] & { short_label?: string }>;
const ids = providers.map((p) => p.id);
const fields = fieldsFile.fields as Field[];
const field = (key: string) => fields.find((f) => f.key === key)!;
const fileLabel = (f: Field) => (f.type === 'time' ? `${f.label} (UTC)` : f.label);
const storedHeaders = [...new Set([...providers.flatMap((p) => p.signature_headers), ...providersFile.headers].map((h) => h.toLowerCase()))];
/** Columns of the leads table that are not fields a person sees. */
const INTERNAL_LEAD_COLUMNS = ['email_normalized', 'lead_token'];

let stack: Stack;
let admin: WpSession;
let ddl: Record<string, Record<string, string>>;

/** `{table: {column: type}}` from Schema::get_sql(), the DDL dbDelta runs. */
function parseDdl(statements: string[]): Record<string, Record<string, string>> {
	const tables: Record<string, Record<string, string>> = {};
	for (const sql of statements) {
		const name = /CREATE TABLE \S*?solar_(\w+)/.exec(sql)![1];
		tables[name] = {};
		for (const line of sql.split('\n').slice(1)) {
			const m = /^\s+(\w+) ([a-z]+(?:\(\d+(?:,\d+)?\))?)/.exec(line);
			if (m && !['PRIMARY', 'UNIQUE', 'KEY'].includes(m[1])) tables[name][m[1]] = m[2];
		}
	}
	return tables;
}

const varchar = (type: string | undefined) => Number((/^varchar\((\d+)\)$/.exec(type ?? '') ?? [])[1] ?? NaN);

beforeAll(async () => {
	stack = await startStack({ sidecar: false, secrets: { calcom: 'whsec_contract_1' } });
	admin = await new WpSession(stack.site).login(stack.site.adminUser, stack.site.adminPassword);
	ddl = parseDdl(await stack.php<string[]>('return SolarCapture\\Schema::get_sql();'));
});

afterAll(async () => {
	await stack?.stop();
});

describe('providers.json', () => {
	test('PHP, the sidecar, the REST API and the screens know the same providers, labels and credentials', async () => {
		const php = await stack.php<{ ids: string[]; default: string; labels: Record<string, string>; screens: any[] }>(
			'return array( "ids" => SolarCapture\\Providers::ids(), "default" => SolarCapture\\Providers::default_id(), "labels" => SolarCapture\\Providers::labels(), "screens" => ( new SolarCapture\\Admin\\Menu() )->page_data()["providers"] );',
		);
		expect(php.ids).toEqual(ids);
		expect(php.default).toBe(providersFile.default);
		expect(php.labels).toEqual(Object.fromEntries(providers.map((p) => [p.id, p.label])));
		expect(php.screens).toEqual(providers.map((p) => ({ id: p.id, label: p.label, shortLabel: p.short_label ?? p.label, credential: p.credential })));

		expect([...PROVIDER_NAMES].sort()).toEqual([...ids].sort());
		for (const p of providers) {
			const sidecar = findProvider(p.id)!;
			expect({ id: p.id, label: sidecar.label, credential: sidecar.credential }).toEqual({ id: p.id, label: p.short_label ?? p.label, credential: p.credential });
		}

		const cards = await admin.rest('solar-capture/v1/integrations');
		expect(cards.json.providers.map((c: any) => [c.id, c.label])).toEqual(providers.map((p) => [p.id, p.label]));
		const options = await admin.rest('solar-capture/v1/deliveries', { method: 'OPTIONS' });
		expect(options.json.endpoints[0].args.provider.enum).toEqual(ids);
	});

	test('the headers PHP stores are the ones the sidecar stores and reads, and the body limit is the same', async () => {
		const php = await stack.php<{ headers: string[]; max: number; token: string }>(
			'return array( "headers" => SolarCapture\\Providers::stored_headers(), "max" => SolarCapture\\Providers::max_body_bytes(), "token" => SolarCapture\\Providers::query_token() );',
		);
		expect(php.headers).toEqual(storedHeaders);
		expect([...STORED_HEADERS]).toEqual(storedHeaders);
		expect(php.max).toBe(providersFile.max_body_bytes);
		expect(MAX_BODY_BYTES).toBe(providersFile.max_body_bytes);
		expect(php.token).toBe(providersFile.query_token);
		// The sidecar's verifiers read the query token under the name both sides store it as.
		const verifiers = ['generic', 'orufy'].map((id) => fs.readFileSync(path.join(ROOT, 'sidecar', 'src', 'providers', `${id}.ts`), 'utf8')).join('\n');
		expect(verifiers).toContain(`query:${providersFile.query_token}`);
	});

	test('the real route (PHP) and /ingest (sidecar) store exactly those headers and refuse a body over the limit', async () => {
		const expected = [...storedHeaders, `query:${providersFile.query_token}`].sort();
		const headersOf = async (id: number) =>
			Object.keys(JSON.parse((await stack.php<string | null>(`global $wpdb; return $wpdb->get_var( "SELECT headers FROM {$wpdb->prefix}solar_deliveries WHERE id = ${Number(id)}" );`)) ?? '{}')).sort();
		const body = JSON.stringify({ triggerEvent: 'PING', createdAt: new Date().toISOString(), payload: {} });
		const sent: Record<string, string> = { 'content-type': 'application/json', 'x-not-stored': 'no' };
		for (const name of storedHeaders) sent[name] = `value-of-${name}`;
		sent['x-cal-signature-256'] = calcomSignature(body, 'whsec_contract_1');
		const query = `${providersFile.query_token}=t0ken`;

		// No sidecar yet: PHP stores the delivery and answers 202.
		const viaPhp = await fetch(`${stack.site.webhookUrl}?${query}`, { method: 'POST', headers: sent, body });
		expect(viaPhp.status).toBe(202);
		expect(await headersOf((await viaPhp.json()).delivery_id)).toEqual(expected);
		const tooBig = await fetch(stack.site.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(providersFile.max_body_bytes + 1) });
		expect(tooBig.status).toBe(413);

		await stack.startSidecar();
		const ingest = await fetch(`${stack.site.sidecarUrl}/ingest/calcom?${query}`, { method: 'POST', headers: sent, body });
		const answer = await ingest.json();
		expect(answer.status).toBe('ignored'); // a signed ping: kept with its headers
		expect(await headersOf(answer.delivery_id)).toEqual(expected);
		const ingestTooBig = await fetch(`${stack.site.sidecarUrl}/ingest/calcom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(providersFile.max_body_bytes + 1) });
		expect(ingestTooBig.status).toBe(413);
	});

	test('each test delivery PHP builds from the file is the declared body, and the sidecar takes it as a test', async () => {
		const now = 1767225600;
		const built = await stack.php<Record<string, { body: string; headers: string[] }>>(
			`$out = array(); foreach ( SolarCapture\\Providers::ids() as $id ) { $out[ $id ] = SolarCapture\\Integrations\\Test_Delivery::build( $id, 'secret-1', ${now} ); } return $out;`,
		);
		const iso = new Date(now * 1000).toISOString();
		for (const p of providers) {
			const expected = JSON.parse(JSON.stringify(p.test.body).replaceAll('{now}', iso));
			expect(JSON.parse(built[p.id].body)).toEqual(expected);
			expect(built[p.id].headers.some((h) => h.toLowerCase().startsWith(`${p.test.signing.header.toLowerCase()}:`))).toBe(true);
			expect(findProvider(p.id)!.parse(Buffer.from(built[p.id].body)).kind).toBe('ignored');
		}
		const test = await admin.rest('solar-capture/v1/integrations/calcom/test', { method: 'POST' });
		expect(test.json).toMatchObject({ http_status: 200, status: 'ignored', signed: true });
	});

	test('the tools whose cards offer the answer map are the ones whose parsers read answers', async () => {
		const reading = providers.filter((p) => /\banswers\b/.test(fs.readFileSync(path.join(ROOT, 'sidecar', 'src', 'providers', `${p.id}.ts`), 'utf8'))).map((p) => p.id);
		expect(providers.filter((p) => (p as { answers?: boolean }).answers === true).map((p) => p.id)).toEqual(reading);
		const cards = await admin.rest('solar-capture/v1/integrations');
		expect(cards.json.providers.map((c: any) => [c.id, c.answers])).toEqual(providers.map((p) => [p.id, (p as { answers?: boolean }).answers === true]));
	});

	test("each lead-token parameter is one the provider's parser reads", () => {
		const gaps: string[] = [];
		const unread = providers
			.filter((p) => {
				const source = fs.readFileSync(path.join(ROOT, 'sidecar', 'src', 'providers', `${p.id}.ts`), 'utf8');
				const key = /\[([^\]]+)\]$/.exec(p.lead_token)?.[1] ?? p.lead_token;
				return !source.includes(`'${key}'`) && !source.includes(`${key}:`) && !source.includes(`.${key}`);
			})
			.map((p) => p.id);
		expect(unread).toEqual(gaps);
	});
});

describe('lead-fields.json', () => {
	test('every field is a column of the leads table, of the declared size, and no visible column is undeclared', () => {
		const columns = ddl.leads;
		for (const f of fields.filter((f) => f.type !== 'derived')) {
			expect({ key: f.key, column: f.key in columns }).toEqual({ key: f.key, column: true });
			if (f.max_length === undefined) continue;
			const type = columns[f.key];
			if (type === 'text') expect(f.max_length * 4).toBeLessThanOrEqual(65535);
			else expect({ key: f.key, max: varchar(type) }).toEqual({ key: f.key, max: f.max_length });
		}
		const undeclared = Object.keys(columns).filter((c) => !fields.some((f) => f.key === c) && !INTERNAL_LEAD_COLUMNS.includes(c));
		expect(undeclared).toEqual([]);
	});

	test("the sidecar's limits are the fields' (and the other columns') sizes", () => {
		expect({ email: LIMITS.email, name: LIMITS.name, phone: LIMITS.phone, source: LIMITS.source }).toEqual({
			email: field('email').max_length,
			name: field('name').max_length,
			phone: field('phone').max_length,
			source: field('source').max_length,
		});
		expect({ timeZone: LIMITS.timeZone, title: LIMITS.title, externalId: LIMITS.externalId, trigger: LIMITS.trigger, key: LIMITS.key }).toEqual({
			timeZone: varchar(ddl.bookings.timezone),
			title: varchar(ddl.bookings.title),
			externalId: varchar(ddl.bookings.external_id),
			trigger: varchar(ddl.deliveries.trigger_name),
			key: varchar(ddl.deliveries.idempotency_key),
		});
	});

	test('the REST schema takes its lengths and what may be edited from the file; the screens get the fields', async () => {
		const options = await admin.rest('solar-capture/v1/leads/1', { method: 'OPTIONS' });
		const properties = options.json.schema.properties;
		for (const f of fields) {
			const p = properties[f.key];
			expect({ key: f.key, readonly: Boolean(p.readonly) }).toEqual({ key: f.key, readonly: !f.editable });
			if (f.max_length !== undefined && f.type !== 'stage') expect({ key: f.key, max: p.maxLength }).toEqual({ key: f.key, max: f.max_length });
		}
		const screens = await stack.php<any[]>('return ( new SolarCapture\\Admin\\Menu() )->page_data()["leadFields"];');
		expect(screens).toEqual(fields.map((f) => ({ key: f.key, label: f.label, type: f.type, maxLength: f.max_length ?? null, editable: f.editable })));
	});

	test('the CSV export has the exported fields as its columns, and the privacy export the privacy fields', async () => {
		const email = 'contract.fields@example.org';
		await stack.php(`add_filter( 'pre_wp_mail', '__return_true' ); return SolarCapture\\Plugin::instance()->lead_capture()->submit( array( 'email' => '${email}', 'name' => 'Contract Fields', 'phone' => '+44 20 7946 0000', 'postcode' => 'EH1 1AA', 'address' => '1 Field Row', 'monthly_bill' => 99.5, 'roof_type' => 'flat', 'homeowner' => true, 'message' => 'Hello', 'attribution' => SolarCapture\\Leads\\Attribution::from_input( array( 'sc_utm_source' => 'google', 'sc_utm_medium' => 'cpc', 'sc_utm_campaign' => 'spring', 'sc_utm_term' => 'solar', 'sc_utm_content' => 'ad-1', 'sc_landing_page' => 'https://example.org/solar?utm_source=google', 'sc_referrer' => 'https://www.google.com/' ) ) ) );`);

		const csv = (await admin.rest('solar-capture/v1/leads/export')).json.raw as string;
		const header = parseCsv(csv.replace(/^\uFEFF/, ''))[0];
		expect(header).toEqual(fields.filter((f) => f.exported).map(fileLabel));

		const exported = await stack.php<{ data: Array<{ group_id: string; data: Array<{ name: string }> }> }>(`return SolarCapture\\Plugin::instance()->privacy()->export( '${email}', 1 );`);
		const lead = exported.data.find((item) => item.group_id === 'solar-capture-lead')!;
		expect(lead.data.map((pair) => pair.name)).toEqual(fields.filter((f) => f.privacy).map(fileLabel));
	});

	test('the answer map: PHP and the sidecar offer the declared fields and defaults; the card stores the map where the sidecar reads it', async () => {
		const declared = fieldsFile.answer_map;
		for (const key of declared.fields) expect(fields.map((f) => f.key)).toContain(key);
		expect(await stack.php<string[]>('return SolarCapture\\Integrations\\Answer_Map::fields();')).toEqual(declared.fields);
		expect([...LEAD_FIELDS]).toEqual(declared.fields);
		expect(DEFAULT_RULES.map((rule) => [rule.field, rule.pattern.source, rule.pattern.flags])).toEqual(declared.defaults.map((rule) => [rule.field, rule.pattern, 'i']));

		const map = { 'Monthly electricity bill (£)': 'monthly_bill', 'Roof?': 'roof_type', 'How did you hear of us?': '' };
		const saved = await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { answer_map: map } });
		expect(saved.status).toBe(200);
		expect(saved.json.answer_map).toEqual(map);
		const option = await stack.php<string>("return (string) get_option( 'solar_capture_providers' );");
		expect(readProviderSettings(option, 'calcom', 'Cal.com', {})!.answerMap).toEqual(map);
		// A field that is not offered, or a question twice: 400, nothing stored.
		for (const bad of [{ Email: 'email' }, { Phone: 'phone', ' phone ': 'address' }]) {
			expect((await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { answer_map: bad } })).status).toBe(400);
		}
		const cleared = await admin.rest('solar-capture/v1/integrations/calcom', { method: 'POST', body: { answer_map: {} } });
		expect(cleared.json.answer_map).toEqual({});
		const after = await stack.php<string>("return (string) get_option( 'solar_capture_providers' );");
		expect(JSON.parse(after).calcom.answer_map).toEqual({});
		expect(readProviderSettings(after, 'calcom', 'Cal.com', {})!.answerMap).toEqual({});
	});

	test('the searched fields are the ones the file marks', async () => {
		const searched = await stack.php<Record<string, string[]>>(
			'$out = array(); foreach ( array( "jamie", "0131 496", "@example.org", "orchard.example" ) as $term ) { $out[ $term ] = array_column( SolarCapture\\Leads\\Lead_Filters::search_fields( $term ), "column" ); } return $out;',
		);
		const declared = fields.filter((f) => f.search).map((f) => f.key);
		for (const columns of Object.values(searched)) for (const column of columns) expect(declared).toContain(column);
		expect(new Set(Object.values(searched).flat())).toEqual(new Set(declared));
	});
});

describe('the admin screens read the contracts', () => {
	test('no screen spells the provider ids as a list or the provider labels', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
			}
		};
		walk(path.join(ROOT, 'admin-ui', 'src'));
		const offenders: string[] = [];
		const list = new RegExp(ids.map((id) => `['"]${id}['"]`).join('\\s*,\\s*'));
		for (const file of files) {
			// Comments may name a tool ("e.g. Cal.com"); code may not.
			const source = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
			if (list.test(source)) offenders.push(`${path.relative(ROOT, file)}: the provider ids as a list`);
			for (const p of providers) {
				for (const label of [p.label, p.short_label].filter(Boolean) as string[]) {
					if (source.includes(`'${label}'`) || source.includes(`"${label}"`)) offenders.push(`${path.relative(ROOT, file)}: '${label}'`);
				}
			}
		}
		expect(offenders).toEqual([]);
	});
});
