'use strict';
// The repository must explain itself: every link in its docs, every repository path a doc names in
// backticks, and every `*.md` file a source comment names must exist in this checkout.
// Usage: node scripts/check-links.js  (exit 1 and one line per broken reference)
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
	.split('\0')
	.filter((file) => file && fs.existsSync(path.join(root, file)));
const trackedSet = new Set(tracked);
const basenames = new Set(tracked.map((file) => path.posix.basename(file)));
// Folders whose files are made by the build or the set-up, not kept in git.
const GENERATED = /^(plugin\/build|sidecar\/dist|dist|node_modules|\.wp|test-results|bench\/results)(\/|$)/;
const TOP = /^(plugin|sidecar|admin-ui|tests|scripts|docs|deploy|bench|\.ci)\//;

function globToRegExp(pattern) {
	const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*');
	return new RegExp(`^${escaped}$`);
}

function exists(relative) {
	const clean = relative.replace(/\/$/, '');
	if (GENERATED.test(clean)) return true;
	if (clean.includes('*')) {
		const re = globToRegExp(clean);
		return tracked.some((file) => re.test(file));
	}
	if (trackedSet.has(clean)) return true;
	// A folder: some tracked file lives under it.
	return tracked.some((file) => file.startsWith(`${clean}/`));
}

const problems = [];
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

for (const file of tracked) {
	if (!/\.(md|ts|tsx|js|php|json|yml|yaml|sh|txt)$/.test(file) || /\.pot$/.test(file) || file === 'package-lock.json') continue;
	if (/(^|\/)__fixtures__\//.test(file)) continue;
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	const dir = path.posix.dirname(file);

	if (file.endsWith('.md')) {
		// [text](target): relative targets resolve from the file's folder.
		for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
			const target = match[1].split('#')[0];
			if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
			const resolved = path.posix.normalize(path.posix.join(dir, decodeURI(target)));
			if (!exists(resolved)) problems.push(`${file}:${lineOf(text, match.index)}: link to ${match[1]}, which does not exist`);
		}
		// `plugin/…`, `sidecar/…` and the like: paths from the repository root.
		for (const match of text.matchAll(/`([^`\s]+)`/g)) {
			let candidate = match[1].replace(/[:#]\d+(-\d+)?$/, '').replace(/[),.;]+$/, '');
			if (!TOP.test(candidate) || /[<>{}…]/.test(candidate)) continue;
			candidate = candidate.split(/[?#]/)[0];
			if (!exists(candidate)) problems.push(`${file}:${lineOf(text, match.index)}: names ${match[1]}, which does not exist`);
		}
	}

	// Any markdown file named anywhere must be a file of this repository.
	for (const match of text.matchAll(/\b([A-Za-z][A-Za-z0-9_-]*\.md)\b/g)) {
		if (!basenames.has(match[1])) problems.push(`${file}:${lineOf(text, match.index)}: refers to ${match[1]}, which is not in the repository`);
	}
}

if (problems.length) {
	console.error(`${problems.length} broken reference${problems.length === 1 ? '' : 's'}:`);
	for (const problem of problems) console.error(`  ${problem}`);
	process.exit(1);
}
console.log(`Every reference resolves (${tracked.length} files checked).`);
