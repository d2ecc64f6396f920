// A local stand-in for the parts of Calendly's API v2 that "Register webhook with Calendly" uses,
// shaped as Calendly documents them: GET /users/me, POST /webhook_subscriptions (201, or 409 when the
// callback URL is already subscribed), GET /webhook_subscriptions (list) and DELETE
// /webhook_subscriptions/<uuid>. Every request is recorded. WordPress is pointed at it with a
// must-use plugin defining SOLAR_CAPTURE_CALENDLY_API (php -S keeps the environment it started with).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Site } from '../helpers/stack';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	authorization: string;
	contentType: string;
	body: any;
}

export interface Subscription {
	uri: string;
	callback_url: string;
	created_at: string;
	updated_at: string;
	retry_started_at: null;
	state: 'active';
	events: string[];
	scope: string;
	organization: string;
	user: string;
	creator: string;
}

export interface FakeCalendly {
	/** Base URL, e.g. http://127.0.0.1:40123 (what SOLAR_CAPTURE_CALENDLY_API is set to). */
	url: string;
	token: string;
	userUri: string;
	organizationUri: string;
	requests: RecordedRequest[];
	subscriptions: Map<string, Subscription & { signing_key: string }>;
	close(): Promise<void>;
}

export async function startFakeCalendly(token = `pat_${crypto.randomBytes(12).toString('hex')}`): Promise<FakeCalendly> {
	const requests: RecordedRequest[] = [];
	const subscriptions = new Map<string, Subscription & { signing_key: string }>();
	const fake = { token, requests, subscriptions } as FakeCalendly;

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', fake.url);
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: any = null;
			try {
				body = raw ? JSON.parse(raw) : null;
			} catch {
				body = raw;
			}
			requests.push({
				method: req.method ?? '',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				authorization: req.headers.authorization ?? '',
				contentType: req.headers['content-type'] ?? '',
				body,
			});
			const send = (status: number, json?: unknown) => {
				res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
				res.end(json === undefined ? '' : JSON.stringify(json));
			};
			if (req.headers.authorization !== `Bearer ${token}`) {
				send(401, { title: 'Unauthenticated', message: 'The access token is invalid' });
				return;
			}
			if (req.method === 'GET' && url.pathname === '/users/me') {
				send(200, {
					resource: {
						uri: fake.userUri,
						name: 'Sunny Installs',
						slug: 'sunny-installs',
						email: 'surveys@sunny.example',
						scheduling_url: 'https://calendly.com/sunny-installs',
						timezone: 'Europe/London',
						current_organization: fake.organizationUri,
						resource_type: 'User',
					},
				});
				return;
			}
			if (req.method === 'POST' && url.pathname === '/webhook_subscriptions') {
				const missing = ['url', 'events', 'organization', 'scope'].filter((key) => !body || body[key] === undefined);
				if (missing.length) {
					send(400, { title: 'Invalid Argument', message: `Missing: ${missing.join(', ')}` });
					return;
				}
				if ([...subscriptions.values()].some((s) => s.callback_url === body.url)) {
					send(409, { title: 'Already Exists', message: 'Hook with this url already exists' });
					return;
				}
				const now = new Date().toISOString();
				const uri = `${fake.url}/webhook_subscriptions/${crypto.randomUUID()}`;
				const subscription = {
					uri,
					callback_url: body.url,
					created_at: now,
					updated_at: now,
					retry_started_at: null,
					state: 'active' as const,
					events: body.events,
					scope: body.scope,
					organization: body.organization,
					user: body.user,
					creator: fake.userUri,
					signing_key: body.signing_key,
				};
				subscriptions.set(uri, subscription);
				const { signing_key: _key, ...resource } = subscription;
				send(201, { resource });
				return;
			}
			if (req.method === 'GET' && url.pathname === '/webhook_subscriptions') {
				const collection = [...subscriptions.values()]
					.filter((s) => s.organization === url.searchParams.get('organization') && (!url.searchParams.get('user') || s.user === url.searchParams.get('user')))
					.map(({ signing_key: _key, ...resource }) => resource);
				send(200, { collection, pagination: { count: collection.length, next_page: null, previous_page: null, next_page_token: null, previous_page_token: null } });
				return;
			}
			if (req.method === 'DELETE' && url.pathname.startsWith('/webhook_subscriptions/')) {
				const uri = `${fake.url}${url.pathname}`;
				if (!subscriptions.delete(uri)) {
					send(404, { title: 'Resource Not Found', message: 'The server could not find the requested resource.' });
					return;
				}
				send(204);
				return;
			}
			send(404, { title: 'Resource Not Found', message: 'The server could not find the requested resource.' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	fake.url = `http://127.0.0.1:${port}`;
	fake.userUri = `${fake.url}/users/AAAAAAAAAAAAAAAA`;
	fake.organizationUri = `${fake.url}/organizations/BBBBBBBBBBBBBBBB`;
	fake.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return fake;
}

/** A must-use plugin that points the site at the fake (a constant, read on every request). */
export function pointSiteAtFake(site: Site, fake: FakeCalendly): void {
	const dir = path.join(site.dir, 'wp-content', 'mu-plugins');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'solar-capture-test-calendly-api.php'),
		`<?php\n// Written by tests/e2e/fake-calendly.ts: Calendly's API is the local fake.\ndefine( 'SOLAR_CAPTURE_CALENDLY_API', '${fake.url}' );\n`,
	);
}
