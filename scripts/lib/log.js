'use strict';
// Progress output for the set-up steps: one line when a step starts, one when it ends.
const tty = process.stdout.isTTY;
const paint = (code, text) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);

function seconds(ms) {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

async function step(title, fn) {
	const started = Date.now();
	process.stdout.write(`${paint('36', '▸')} ${title}…\n`);
	try {
		const note = await fn();
		const suffix = note ? ` ${paint('2', `(${note})`)}` : '';
		process.stdout.write(`${paint('32', '✓')} ${title} ${paint('2', seconds(Date.now() - started))}${suffix}\n`);
		return note;
	} catch (error) {
		process.stdout.write(`${paint('31', '✗')} ${title} failed after ${seconds(Date.now() - started)}\n`);
		throw error;
	}
}

function info(line) {
	process.stdout.write(`  ${line}\n`);
}

module.exports = { step, info, paint, seconds };
