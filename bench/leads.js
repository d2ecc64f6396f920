'use strict';
// npm run bench:leads — the Leads REST collection with 100,000 and then 1,000,000 leads (SQLite), against a
// no-op REST route on the same WordPress; the gzipped size of each screen's JS; and, in Chromium, the time
// from navigation to a rendered Leads table. Options: --sizes=100000,1000000 --n=<requests per query>.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { setup } = require('../scripts/lib/setup');
const site = require('../scripts/lib/site');
const paths = require('../scripts/lib/paths');
const { load, row, fmt } = require('./lib/load');
const { wpSession } = require('./lib/wp-session');

const arg = (name, fallback) => (process.argv.find((a) => a.startsWith(`--${name}=`)) || '').split('=')[1] || fallback;
const SIZES = arg('sizes', '100000,1000000').split(',').map(Number);
const N = Number(arg('n', 100));

/** Adds leads straight into the site's SQLite file (rows only: the tables were made by the plugin). */
function seed(sqlitePath, upTo) {
	const Database = require(require.resolve('better-sqlite3', { paths: [paths.sidecar] }));
	const db = new Database(sqlitePath);
	db.pragma('busy_timeout = 10000');
	const have = db.prepare('SELECT COUNT(*) AS n FROM wp_solar_leads').get().n;
	const stages = ['new', 'contacted', 'booked', 'reschedule_requested', 'cancelled', 'no_show', 'won', 'lost'];
	const sources = ['form', 'calcom', 'calendly', 'orufy', 'generic'];
	const first = ['Avery', 'Sam', 'Jamie', 'Riley', 'Morgan', 'Alex', 'Taylor', 'Jordan', 'Casey', 'Quinn'];
	const last = ['Rivera', 'Patel', 'Nguyen', 'Smith', 'Okafor', 'Kowalski', 'García', 'Müller', 'Dubois', 'Rossi'];
	const utmSources = ['google', 'facebook', 'bing', 'newsletter'];
	const insert = db.prepare(`INSERT INTO wp_solar_leads (email, email_normalized, name, phone, postcode, source, stage, stage_changed_at, next_booking_at, lead_token, created_at, updated_at,
		first_utm_source, first_utm_campaign, last_utm_source, last_utm_campaign)
		VALUES (@email, @email, @name, @phone, @postcode, @source, @stage, @at, @next, @token, @at, @at, @utmSource, @utmCampaign, @lastSource, @lastCampaign)`);
	// One lead in a hundred started paying for a booking; half of those paid (a later accepted booking).
	const booking = db.prepare(`INSERT INTO wp_solar_bookings (lead_id, provider, external_id, status, created_at, updated_at) VALUES (?, 'calcom', ?, ?, ?, ?)`);
	const base = Date.parse('2024-01-01T00:00:00Z');
	const batch = db.transaction((from, to) => {
		for (let i = from; i < to; i += 1) {
			const at = new Date(base + i * 60000).toISOString().slice(0, 19).replace('T', ' ');
			insert.run({
				email: `lead${i}@example${i % 97}.org`,
				name: `${first[i % 10]} ${last[Math.floor(i / 10) % 10]} ${i}`,
				phone: `+44 7700 ${String(900000 + (i % 99999)).padStart(6, '0')}`,
				postcode: `SW${i % 20} ${i % 9}AB`,
				source: sources[i % sources.length],
				stage: stages[i % stages.length],
				at,
				next: i % 5 === 0 ? new Date(Date.now() + (i % 60) * 86400000).toISOString().slice(0, 19).replace('T', ' ') : null,
				token: crypto.createHash('md5').update(String(i)).digest('hex'),
				// A third of the leads came with UTM parameters (50 campaigns); one in six has a later, other touch.
				utmSource: i % 3 === 0 ? utmSources[i % 4] : '',
				utmCampaign: i % 3 === 0 ? `campaign ${i % 50}` : '',
				lastSource: i % 3 === 0 ? utmSources[(i + (i % 2)) % 4] : '',
				lastCampaign: i % 3 === 0 ? `campaign ${(i + (i % 2)) % 50}` : '',
			});
			if (i % 100 === 0) {
				const lead = db.prepare('SELECT last_insert_rowid() AS id').get().id;
				booking.run(lead, `bench-pay-${i}`, 'awaiting_payment', at, at);
				if (i % 200 === 0) booking.run(lead, `bench-paid-${i}`, 'accepted', at, at);
			}
		}
	});
	for (let from = have; from < upTo; from += 50000) batch(from, Math.min(upTo, from + 50000));
	db.close();
}

function gzipSizes() {
	const build = path.join(paths.plugin, 'build');
	return fs
		.readdirSync(build)
		.filter((f) => f.endsWith('.js'))
		.map((f) => {
			const raw = fs.readFileSync(path.join(build, f));
			return { file: f, raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
		});
}

async function browserTime(current) {
	const { chromium } = require('@playwright/test');
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
	try {
		const page = await browser.newPage();
		await page.route((url) => url.hostname !== '127.0.0.1', (route) => route.fulfill({ status: 204, body: '' }));
		await page.goto(`${current.url}/wp-login.php`);
		// WordPress focuses the user name field 200 ms after load: typing before that can land elsewhere.
		await page.waitForFunction(() => document.activeElement?.id === 'user_login', null, { timeout: 3000 }).catch(() => undefined);
		await page.fill('#user_login', current.adminUser);
		await page.fill('#user_pass', current.adminPassword);
		await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
		const times = [];
		for (let i = 0; i < 3; i += 1) {
			const started = Date.now();
			await page.goto(`${current.adminUrl}admin.php?page=solar-capture-leads`);
			await page.locator('#solar-capture-leads-root table tbody tr').first().waitFor({ timeout: 60000 });
			times.push(Date.now() - started);
		}
		return times;
	} finally {
		await browser.close();
	}
}

async function main() {
	console.log(`Solar Capture Leads benchmark — ${os.cpus().length} cores, Node ${process.version}, SQLite, ${N} requests per query\n`);
	await setup({ chromium: true });
	console.log('\nGzipped size of each screen\'s JS:');
	for (const s of gzipSizes()) console.log(`  ${s.file.padEnd(20)} ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gzipped (${(s.raw / 1024).toFixed(0)} KB raw)`);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'solar-capture-bench-leads-'));
	const current = site.describeSite({ dir, port: await site.freePort(), sidecarPort: await site.freePort(), adminPassword: 'bench-pw-1', secrets: { calcom: 'whsec_bench' } });
	await site.installSite(current);
	fs.copyFileSync(path.join(__dirname, 'lib', 'noop-route.php'), path.join(current.contentDir, 'mu-plugins', 'noop-route.php'));
	let wordpress = null;
	const results = { date: new Date().toISOString(), sizes: gzipSizes(), runs: {} };
	try {
		for (const size of SIZES) {
			const seeding = Date.now();
			seed(current.sqlitePath, size);
			console.log(`\n${size.toLocaleString('en')} leads (seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s)`);
			if (!wordpress) wordpress = await site.startWordPress(current);
			const session = await wpSession(current.url, current.adminUser, current.adminPassword);
			const get = (query) => () => ({ url: `${current.url}/wp-json/solar-capture/v1/leads?${query}`, method: 'GET', headers: session.headers });
			const noop = () => ({ url: `${current.url}/wp-json/solar-capture-bench/v1/noop`, body: '{}', headers: { 'content-type': 'application/json', ...session.headers } });
			const queries = {
				'first page': 'per_page=20&page=1',
				'search "patel 12"': 'per_page=20&search=patel%2012',
				'stage = booked': 'per_page=20&stage=booked',
				'sort by name': 'per_page=20&orderby=name&order=asc',
				'page 500, by e-mail': 'per_page=20&page=500&orderby=email&order=desc',
				// Beyond the issue's five: a common surname (10% of leads), a phone number, two stages, a filter with another sort.
				'search "rivera"': 'per_page=20&search=rivera',
				'search phone "7700 9042"': 'per_page=20&search=7700%209042',
				'stage = booked or new': 'per_page=20&stage=booked,new',
				'stage = booked, by name': 'per_page=20&stage=booked&orderby=name&order=asc',
				// Issue 9: awaiting payment (0.5% of leads), a UTM source (first or latest touch), a campaign with another filter.
				'awaiting payment': 'per_page=20&awaiting_payment=true',
				'utm_source = bing': 'per_page=20&utm_source%5B0%5D=bing',
				'utm_campaign = "campaign 7", new': 'per_page=20&utm_campaign%5B0%5D=campaign%207&stage=new',
			};
			await load({ total: 20, concurrency: 1, makeRequest: noop });
			const floor = await load({ total: N, concurrency: 1, makeRequest: noop });
			console.log(row('  no-op REST route (same user, same site)', floor));
			results.runs[size] = { noop: floor, queries: {} };
			for (const [label, query] of Object.entries(queries)) {
				await load({ total: 3, concurrency: 1, makeRequest: get(query) });
				const r = await load({ total: N, concurrency: 1, makeRequest: get(query) });
				console.log(`${row(`  ${label}`, r)}  ${fmt(r.p50 / floor.p50, 2)}× no-op`);
				results.runs[size].queries[label] = { ...r, ratio: r.p50 / floor.p50 };
			}
			const times = await browserTime(current);
			console.log(`  Chromium: navigation to a rendered Leads table: ${times.map((t) => `${t} ms`).join(', ')}`);
			results.runs[size].browserMs = times;
		}
		fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		const out = path.join(__dirname, 'results', `leads-${results.date.replace(/[:.]/g, '-')}.json`);
		fs.writeFileSync(out, JSON.stringify(results, null, 2));
		console.log(`\nfigures written to ${path.relative(process.cwd(), out)} (target at 100,000 leads: every query's p50 ≤ 2× the no-op route)`);
	} finally {
		await site.stopService(wordpress);
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
