'use strict';
// A small HTTP load generator (run in the benchmark's own process, apart from the servers it measures):
// sends `total` requests with `concurrency` in flight over keep-alive connections and reports latencies.
const http = require('node:http');

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * makeRequest(i) → { url, method, headers, body }. Resolves with { count, errors, statuses, seconds, rps, p50, p90, p99, max } (ms).
 */
async function load({ total, concurrency, makeRequest, timeoutMs = 30000 }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies = [];
	const statuses = {};
	let errors = 0;
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
						resolve();
					});
				},
			);
			req.on('error', () => {
				errors += 1;
				statuses.error = (statuses.error || 0) + 1;
				resolve();
			});
			req.on('timeout', () => req.destroy(new Error('timeout')));
			if (body) req.write(body);
			req.end();
		});
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < total) {
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
		count: total,
		errors,
		statuses,
		seconds,
		rps: total / seconds,
		p50: percentile(latencies, 50),
		p90: percentile(latencies, 90),
		p99: percentile(latencies, 99),
		max: latencies[latencies.length - 1],
	};
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function row(label, r) {
	return `${label.padEnd(44)} ${fmt(r.rps, 0).padStart(7)}/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms  errors ${r.errors}  ${JSON.stringify(r.statuses)}`;
}

module.exports = { load, row, fmt };
