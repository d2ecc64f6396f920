'use strict';
// Load for a fixed time rather than a fixed count (bench/lib/load.js sends a fixed count): each
// concurrency step of bench/load.js then costs the same wall time, fast route or slow.
const http = require('node:http');

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Keeps `concurrency` requests in flight for `durationMs` (requests in flight at the end are awaited
 * and counted). makeRequest(i) → { url, method, headers, body }.
 * Resolves with { count, errors, non2xx, statuses, seconds, rps, p50, p90, p99, max } (latencies in ms).
 * `errors`: 5xx answers and requests that got no answer; `non2xx`: every answer outside 200–299.
 */
async function timedLoad({ durationMs, concurrency, makeRequest, timeoutMs = 30000, keepLatencies = false }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies = [];
	const statuses = {};
	let errors = 0;
	let non2xx = 0;
	let next = 0;
	const one = (i) =>
		new Promise((resolve) => {
			const spec = makeRequest(i);
			const url = new URL(spec.url);
			const body = spec.body === undefined ? null : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
			const started = process.hrtime.bigint();
			const req = http.request(
				{ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: spec.method || 'POST', headers: { ...(spec.headers || {}), ...(body ? { 'content-length': body.length } : {}) }, timeout: timeoutMs },
				(res) => {
					res.resume();
					res.on('end', () => {
						latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
						statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
						if (res.statusCode >= 500) errors += 1;
						if (res.statusCode < 200 || res.statusCode > 299) non2xx += 1;
						resolve();
					});
				},
			);
			req.on('error', (error) => {
				errors += 1;
				non2xx += 1;
				const key = `error ${error.code || error.message}`;
				statuses[key] = (statuses[key] || 0) + 1;
				resolve();
			});
			req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
			if (body) req.write(body);
			req.end();
		});
	const started = process.hrtime.bigint();
	const until = Date.now() + durationMs;
	const worker = async () => {
		while (Date.now() < until) {
			const i = next;
			next += 1;
			await one(i);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	return {
		count: next,
		errors,
		non2xx,
		statuses,
		seconds,
		rps: next / seconds,
		p50: percentile(latencies, 50),
		p90: percentile(latencies, 90),
		p99: percentile(latencies, 99),
		max: latencies[latencies.length - 1],
		...(keepLatencies ? { latencies } : {}),
	};
}

/** One result from several runs made with keepLatencies (alternating runs of two routes, say). */
function merge(runs) {
	const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const statuses = {};
	for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] || 0) + v;
	const count = runs.reduce((n, r) => n + r.count, 0);
	const seconds = runs.reduce((n, r) => n + r.seconds, 0);
	return {
		count,
		errors: runs.reduce((n, r) => n + r.errors, 0),
		non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
		statuses,
		seconds,
		rps: count / seconds,
		p50: percentile(latencies, 50),
		p90: percentile(latencies, 90),
		p99: percentile(latencies, 99),
		max: latencies[latencies.length - 1],
	};
}

module.exports = { timedLoad, merge };
