'use strict';
// A small HTTP load generator (run in the benchmark's own process, apart from the servers it measures):
// sends `total` requests with `concurrency` in flight over keep-alive connections and reports latencies.
const http = require('node:http');

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Keeps `concurrency` requests in flight over keep-alive connections while `more(i)` says so (the
 * fixed-count and fixed-time loads below are this with another `more`). makeRequest(i) → { url, method,
 * headers, body }. Resolves with { count, errors, non2xx, statuses, seconds, rps, p50, p90, p99, max }
 * (latencies in ms; `errors`: 5xx answers and requests that got no answer; `non2xx`: every answer
 * outside 200–299), plus `latencies` when keepLatencies is set.
 */
async function drive({ concurrency, makeRequest, more, timeoutMs = 30000, keepLatencies = false }) {
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
	const worker = async () => {
		while (more(next)) {
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

/** Sends `total` requests with `concurrency` in flight. */
function load({ total, ...options }) {
	return drive({ ...options, more: (i) => i < total });
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function row(label, r) {
	return `${label.padEnd(44)} ${fmt(r.rps, 0).padStart(7)}/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms  errors ${r.errors}  ${JSON.stringify(r.statuses)}`;
}

module.exports = { drive, load, percentile, row, fmt };
