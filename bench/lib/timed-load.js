'use strict';
// Load for a fixed time rather than a fixed count (bench/lib/load.js sends a fixed count): each
// concurrency step of bench/load.js then costs the same wall time, fast route or slow.
const { drive, percentile } = require('./load');

/**
 * Keeps `concurrency` requests in flight for `durationMs` (requests in flight at the end are awaited
 * and counted); same options and result as load.js's drive().
 */
function timedLoad({ durationMs, ...options }) {
	const until = Date.now() + durationMs;
	return drive({ ...options, more: () => Date.now() < until });
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
