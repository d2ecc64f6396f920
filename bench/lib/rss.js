'use strict';
// A process's resident memory, read from /proc/<pid>/status (VmRSS), sampled in the background.
const fs = require('node:fs');

/** VmRSS of `pid` in MB, or null when it cannot be read (process gone, not Linux). */
function rssMb(pid) {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : null;
	} catch {
		return null;
	}
}

/**
 * Samples `pid()` (a function: the process may be replaced) every `everyMs`.
 * mark(label) starts a new window; window(label) → { samples, min, max, mean } of that window; peak() the overall maximum.
 */
function rssSampler(pid, everyMs = 100) {
	const windows = new Map();
	let current = null;
	let peak = 0;
	const take = () => {
		const mb = rssMb(pid());
		if (mb === null) return;
		peak = Math.max(peak, mb);
		if (current) current.push(mb);
	};
	const timer = setInterval(take, everyMs);
	timer.unref();
	return {
		mark(label) {
			take();
			current = [];
			windows.set(label, current);
		},
		window(label) {
			const s = windows.get(label) || [];
			if (!s.length) return { samples: 0, min: NaN, max: NaN, mean: NaN };
			return { samples: s.length, min: Math.min(...s), max: Math.max(...s), mean: s.reduce((a, b) => a + b, 0) / s.length };
		},
		now: () => rssMb(pid()),
		peak: () => peak,
		stop: () => clearInterval(timer),
	};
}

module.exports = { rssMb, rssSampler };
