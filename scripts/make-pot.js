#!/usr/bin/env node
'use strict';
/**
 * Writes plugin/languages/solar-capture.pot from the plugin's PHP and the admin screens' sources.
 * No dependencies: `node scripts/make-pot.js` (npm run pot).
 *
 * Scanned: plugin/**\/*.php (not build/, vendor/, node_modules/) and admin-ui/src/**\/*.{ts,tsx}
 * (not tests, fixtures or type declarations); plus the plugin header, the labels of plugin/pipeline.json,
 * providers.json and lead-fields.json (PHP translates them with translate()) and each block.json's title,
 * description and keywords (with the contexts WordPress translates them in).
 *
 * Extracted: __(), _e(), _x(), _ex(), _n(), _nx(), _n_noop(), _nx_noop(), esc_html__(), esc_attr__(),
 * esc_html_e(), esc_attr_e(), esc_html_x(), esc_attr_x() with the text domain 'solar-capture', and the
 * plugin's own self::t('…') (translate() once translations may load; domain implied). Only literal
 * strings (and literals joined with `.` in PHP or `+` in JS) are taken; anything else is skipped
 * and counted. `translators:` comments just before a call become `#.` comments.
 *
 * Options:
 *   --out=FILE     where to write (default plugin/languages/solar-capture.pot)
 *   --js-map=FILE  also write a source → script map for `wp i18n make-json --use-map=FILE`, so the
 *                  JSON translations are named after build/<entry>.js, as wp_set_script_translations() looks them up
 *   --verbose      list the calls that were skipped
 *   --check        exit 1 when the file on disk differs from what would be written (ignoring the date)
 * SOURCE_DATE_EPOCH fixes POT-Creation-Date for reproducible output.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PLUGIN = path.join(ROOT, 'plugin');
const ADMIN_SRC = path.join(ROOT, 'admin-ui', 'src');
const DOMAIN = 'solar-capture';

const args = Object.fromEntries(
	process.argv.slice(2).map((arg) => {
		const [key, ...value] = arg.replace(/^--/, '').split('=');
		return [key, value.length ? value.join('=') : true];
	}),
);
const OUT = path.resolve(ROOT, typeof args.out === 'string' ? args.out : 'plugin/languages/solar-capture.pot');

/** Argument positions per function; `domain: null` means the domain is implied. */
const KEYWORDS = {
	__: { msgid: 0, domain: 1 },
	_e: { msgid: 0, domain: 1 },
	esc_html__: { msgid: 0, domain: 1 },
	esc_attr__: { msgid: 0, domain: 1 },
	esc_html_e: { msgid: 0, domain: 1 },
	esc_attr_e: { msgid: 0, domain: 1 },
	_x: { msgid: 0, context: 1, domain: 2 },
	_ex: { msgid: 0, context: 1, domain: 2 },
	esc_html_x: { msgid: 0, context: 1, domain: 2 },
	esc_attr_x: { msgid: 0, context: 1, domain: 2 },
	_n: { msgid: 0, plural: 1, domain: 3 },
	_nx: { msgid: 0, plural: 1, context: 3, domain: 4 },
	_n_noop: { msgid: 0, plural: 1, domain: 2 },
	_nx_noop: { msgid: 0, plural: 1, context: 2, domain: 3 },
};
const PHP_OWN = { 'self::t': { msgid: 0, domain: null } };

// ---------------------------------------------------------------------------------------------
// Files

function walk(dir, accept, skipDir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (!skipDir(entry.name, full)) out.push(...walk(full, accept, skipDir));
		} else if (accept(entry.name, full)) {
			out.push(full);
		}
	}
	return out;
}

const skipCommon = (name) => name === 'node_modules' || name === 'vendor' || name.startsWith('.');
const phpFiles = walk(PLUGIN, (name) => name.endsWith('.php'), (name, full) => skipCommon(name) || full === path.join(PLUGIN, 'build') || full === path.join(PLUGIN, 'languages'));
const blockFiles = walk(path.join(ADMIN_SRC, 'blocks'), (name) => name === 'block.json', skipCommon);
const tsFiles = walk(
	ADMIN_SRC,
	(name) => /\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) && !name.endsWith('.d.ts'),
	(name) => skipCommon(name) || name === '__tests__' || name === '__fixtures__' || name === '__mocks__' || name === 'test',
);

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');

// ---------------------------------------------------------------------------------------------
// Scanning: find each call site, then read its arguments with a small tokenizer.

const entries = new Map(); // key: context \u0004 msgid
let skipped = 0;
const skippedAt = [];

function add({ msgid, plural, context, reference, comment }) {
	if (msgid === '') return;
	const key = `${context ?? ''}\u0004${msgid}`;
	let entry = entries.get(key);
	if (!entry) {
		entry = { msgid, plural: null, context: context ?? null, references: [], comments: [] };
		entries.set(key, entry);
	}
	if (plural && !entry.plural) entry.plural = plural;
	if (reference && !entry.references.includes(reference)) entry.references.push(reference);
	if (comment && !entry.comments.includes(comment)) entry.comments.push(comment);
}

/** 1-based line of an offset. */
function lineAt(text, offset) {
	let line = 1;
	for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

/** Whether the call at `offset` sits in a line comment or a block comment's continuation line. */
function inComment(text, offset) {
	const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
	const before = text.slice(lineStart, offset);
	const trimmed = before.trimStart();
	if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('#') || trimmed.startsWith('//')) return true;
	// A `//` outside quotes earlier on the line.
	let quote = null;
	for (let i = 0; i < before.length; i++) {
		const c = before[i];
		if (quote) {
			if (c === '\\') i++;
			else if (c === quote) quote = null;
		} else if (c === '"' || c === "'" || c === '`') quote = c;
		else if (c === '/' && before[i + 1] === '/') return true;
	}
	return false;
}

const PHP_ESCAPES = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' };
const JS_ESCAPES = { n: '\n', t: '\t', r: '\r', v: '\v', b: '\b', f: '\f', 0: '\0' };

/**
 * Reads a string literal starting at text[i] (the quote). Returns { value, end, literal }:
 * value null when it is not a plain literal (PHP interpolation, JS template with ${}).
 */
function readString(text, i, lang) {
	const quote = text[i];
	let j = i + 1;
	let value = '';
	let literal = true;
	while (j < text.length) {
		const c = text[j];
		if (c === quote) return { value: literal ? value : null, end: j + 1 };
		if (c === '\\') {
			const n = text[j + 1];
			if (lang === 'php' && quote === "'") {
				value += n === "'" || n === '\\' ? n : `\\${n}`;
				j += 2;
				continue;
			}
			if (lang === 'php') {
				if (n in PHP_ESCAPES) {
					value += PHP_ESCAPES[n];
					j += 2;
				} else if (/[0-7]/.test(n)) {
					const m = /^[0-7]{1,3}/.exec(text.slice(j + 1));
					value += String.fromCharCode(parseInt(m[0], 8));
					j += 1 + m[0].length;
				} else if (n === 'x' && /^[0-9a-fA-F]{1,2}/.test(text.slice(j + 2))) {
					const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2));
					value += String.fromCharCode(parseInt(m[0], 16));
					j += 2 + m[0].length;
				} else if (n === 'u' && text[j + 2] === '{') {
					const close = text.indexOf('}', j + 3);
					value += String.fromCodePoint(parseInt(text.slice(j + 3, close), 16));
					j = close + 1;
				} else {
					value += `\\${n}`;
					j += 2;
				}
				continue;
			}
			// JavaScript.
			if (n in JS_ESCAPES && !(n === '0' && /[0-9]/.test(text[j + 2]))) {
				value += JS_ESCAPES[n];
				j += 2;
			} else if (n === 'x') {
				value += String.fromCharCode(parseInt(text.slice(j + 2, j + 4), 16));
				j += 4;
			} else if (n === 'u' && text[j + 2] === '{') {
				const close = text.indexOf('}', j + 3);
				value += String.fromCodePoint(parseInt(text.slice(j + 3, close), 16));
				j = close + 1;
			} else if (n === 'u') {
				value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
				j += 6;
			} else if (n === '\r' || n === '\n') {
				j += n === '\r' && text[j + 2] === '\n' ? 3 : 2; // line continuation
			} else {
				value += n;
				j += 2;
			}
			continue;
		}
		if (lang === 'php' && quote === '"' && c === '$' && /[A-Za-z_{]/.test(text[j + 1] || '')) literal = false;
		if (lang === 'php' && quote === '"' && c === '{' && text[j + 1] === '$') literal = false;
		if (lang === 'js' && quote === '`' && c === '$' && text[j + 1] === '{') {
			literal = false;
			j = skipBalanced(text, j + 1, lang); // past the matching }
			continue;
		}
		value += c;
		j++;
	}
	return { value: null, end: text.length };
}

/** From an opening bracket at text[i], the offset just past its match (strings and comments skipped). */
function skipBalanced(text, i, lang) {
	const open = text[i];
	const close = { '(': ')', '[': ']', '{': '}' }[open];
	let depth = 0;
	let j = i;
	while (j < text.length) {
		const c = text[j];
		if (c === '"' || c === "'" || c === '`') {
			j = readString(text, j, lang).end;
			continue;
		}
		if (c === '/' && text[j + 1] === '*') {
			const end = text.indexOf('*/', j + 2);
			j = end < 0 ? text.length : end + 2;
			continue;
		}
		if ((c === '/' && text[j + 1] === '/') || (lang === 'php' && c === '#' && text[j + 1] !== '[')) {
			const end = text.indexOf('\n', j);
			j = end < 0 ? text.length : end;
			continue;
		}
		if (c === open) depth++;
		else if (c === close) {
			depth--;
			if (depth === 0) return j + 1;
		}
		j++;
	}
	return text.length;
}

/**
 * The arguments of the call whose "(" is at text[i]: for each, its literal value or null.
 */
function readArguments(text, i, lang) {
	const end = skipBalanced(text, i, lang) - 1; // the closing )
	const values = [];
	let parts = [];
	let literal = true;
	let expectOperand = true;
	let j = i + 1;
	const finish = () => {
		values.push(literal && parts.length && !expectOperand ? parts.join('') : null);
		parts = [];
		literal = true;
		expectOperand = true;
	};
	while (j < end) {
		const c = text[j];
		if (/\s/.test(c)) {
			j++;
			continue;
		}
		if (c === '/' && text[j + 1] === '*') {
			const close = text.indexOf('*/', j + 2);
			j = close < 0 ? end : close + 2;
			continue;
		}
		if ((c === '/' && text[j + 1] === '/') || (lang === 'php' && c === '#' && text[j + 1] !== '[')) {
			const close = text.indexOf('\n', j);
			j = close < 0 ? end : close;
			continue;
		}
		if (c === ',') {
			finish();
			j++;
			continue;
		}
		if ((c === '"' || c === "'" || (c === '`' && lang === 'js')) && expectOperand) {
			const s = readString(text, j, lang);
			if (s.value === null) literal = false;
			else parts.push(s.value);
			expectOperand = false;
			j = s.end;
			continue;
		}
		if (!expectOperand && ((lang === 'php' && c === '.') || (lang === 'js' && c === '+'))) {
			expectOperand = true;
			j++;
			continue;
		}
		// Anything else makes this argument non-literal; skip nested brackets whole.
		literal = false;
		if (c === '(' || c === '[' || c === '{') j = skipBalanced(text, j, lang);
		else if (c === '"' || c === "'" || c === '`') j = readString(text, j, lang).end;
		else j++;
	}
	if (values.length || parts.length || !literal) finish();
	return values;
}

/** The `translators:` comment just before a call (same statement, nothing translatable in between). */
function translatorComment(text, offset, callPattern) {
	const window = text.slice(Math.max(0, offset - 1500), offset);
	const re = /\/\*+\s*translators:([\s\S]*?)\*\/|\/\/\s*translators:(.*)/gi;
	let match;
	let last = null;
	while ((match = re.exec(window))) last = match;
	if (!last) return null;
	const between = window.slice(last.index + last[0].length);
	if (/;/.test(between.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) || (between.match(/\n/g) || []).length > 3) return null;
	callPattern.lastIndex = 0;
	if (callPattern.test(between)) return null;
	const raw = (last[1] ?? last[2] ?? '').replace(/\n\s*\*\s?/g, ' ').replace(/\s+/g, ' ').trim();
	return raw ? `translators: ${raw}` : null;
}

function scan(file, lang) {
	const text = fs.readFileSync(file, 'utf8');
	const names = Object.keys(KEYWORDS).sort((a, b) => b.length - a.length);
	const own = lang === 'php' ? Object.keys(PHP_OWN) : [];
	const alternatives = [...own.map((k) => k.replace(/[$:]/g, (m) => `\\${m}`)), ...names].join('|');
	// Not a method of something else, not a definition, not part of a longer name.
	const call = new RegExp(`(?<![\\w$>\\\\]|::|function\\s)(${alternatives})\\s*\\(`, 'g');
	const anyCall = new RegExp(call.source, 'g');
	let match;
	while ((match = call.exec(text))) {
		const name = match[1];
		const spec = KEYWORDS[name] || PHP_OWN[name];
		const offset = match.index;
		// `.__(` (wp.i18n.__) is fine in JS; `->__(` and `::__(` are other classes' methods.
		if (lang === 'php' && !PHP_OWN[name] && /(->|::)\s*$/.test(text.slice(Math.max(0, offset - 3), offset))) continue;
		if (inComment(text, offset)) continue;
		const open = offset + match[0].length - 1;
		const values = readArguments(text, open, lang);
		if (spec.domain !== null) {
			const domain = values[spec.domain];
			if (domain !== DOMAIN) {
				if (domain === null || domain === undefined) {
					skipped++;
					skippedAt.push(`${rel(file)}:${lineAt(text, offset)} (text domain not a literal)`);
				}
				continue;
			}
		}
		const msgid = values[spec.msgid];
		const plural = spec.plural === undefined ? undefined : values[spec.plural];
		const context = spec.context === undefined ? undefined : values[spec.context];
		if (typeof msgid !== 'string' || plural === null || context === null) {
			skipped++;
			skippedAt.push(`${rel(file)}:${lineAt(text, offset)} (not a literal string)`);
			continue;
		}
		add({
			msgid,
			plural,
			context,
			reference: `${rel(file)}:${lineAt(text, offset)}`,
			comment: translatorComment(text, offset, anyCall),
		});
		call.lastIndex = open + 1;
	}
}

// ---------------------------------------------------------------------------------------------
// The plugin header and pipeline.json

const mainFile = path.join(PLUGIN, 'solar-capture.php');
const mainText = fs.readFileSync(mainFile, 'utf8');
const header = (field) => {
	const m = new RegExp(`^[ \\t/*#@]*${field}:(.*)$`, 'mi').exec(mainText.slice(0, 8192));
	return m ? m[1].trim() : '';
};
for (const field of ['Plugin Name', 'Plugin URI', 'Description', 'Author', 'Author URI']) {
	const value = header(field);
	if (value) add({ msgid: value, reference: rel(mainFile), comment: `${field} of the plugin` });
}

for (const file of phpFiles) scan(file, 'php');
for (const file of tsFiles) scan(file, 'js');

const pipelineFile = path.join(PLUGIN, 'pipeline.json');
if (fs.existsSync(pipelineFile)) {
	const pipeline = JSON.parse(fs.readFileSync(pipelineFile, 'utf8'));
	for (const stage of pipeline.stages || []) {
		if (stage && typeof stage.label === 'string') add({ msgid: stage.label, reference: rel(pipelineFile), comment: `Pipeline stage label (slug: ${stage.slug})` });
	}
}

// providers.json and lead-fields.json: PHP translates their labels with translate() (Contract::translate()).
const providersFile = path.join(PLUGIN, 'providers.json');
if (fs.existsSync(providersFile)) {
	for (const provider of JSON.parse(fs.readFileSync(providersFile, 'utf8')).providers || []) {
		for (const key of ['label', 'short_label']) {
			if (provider && typeof provider[key] === 'string') add({ msgid: provider[key], reference: rel(providersFile), comment: `Booking tool name (id: ${provider.id})` });
		}
	}
}
const fieldsFile = path.join(PLUGIN, 'lead-fields.json');
if (fs.existsSync(fieldsFile)) {
	for (const field of JSON.parse(fs.readFileSync(fieldsFile, 'utf8')).fields || []) {
		if (field && typeof field.label === 'string') add({ msgid: field.label, reference: rel(fieldsFile), comment: `Lead field label (key: ${field.key})` });
	}
}

// As wp-cli's make-pot reads block.json, and register_block_type() translates it (block-i18n.json).
for (const file of blockFiles) {
	const block = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (block.textdomain !== DOMAIN) continue;
	if (typeof block.title === 'string') add({ msgid: block.title, context: 'block title', reference: rel(file) });
	if (typeof block.description === 'string') add({ msgid: block.description, context: 'block description', reference: rel(file) });
	for (const keyword of Array.isArray(block.keywords) ? block.keywords : []) add({ msgid: String(keyword), context: 'block keyword', reference: rel(file) });
}

// ---------------------------------------------------------------------------------------------
// Output

function quote(value) {
	const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
	if (!escaped.includes('\n')) return `"${escaped.replace(/\n/g, '\\n')}"`;
	const lines = escaped.split('\n');
	const parts = lines.map((line, index) => (index < lines.length - 1 ? `${line}\\n` : line)).filter((line) => line !== '');
	return `""\n${parts.map((line) => `"${line}"`).join('\n')}`;
}

const epoch = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
const pad = (n) => String(n).padStart(2, '0');
const created = `${epoch.getUTCFullYear()}-${pad(epoch.getUTCMonth() + 1)}-${pad(epoch.getUTCDate())} ${pad(epoch.getUTCHours())}:${pad(epoch.getUTCMinutes())}+0000`;
const name = header('Plugin Name') || 'Solar Capture';
const version = header('Version') || '0.0.0';
const license = header('License') || 'GPL-2.0-or-later';

const head = [
	`# Copyright (C) ${epoch.getUTCFullYear()} ${header('Author') || name}`,
	`# This file is distributed under the ${license}.`,
	'msgid ""',
	'msgstr ""',
	`"Project-Id-Version: ${name} ${version}\\n"`,
	`"Report-Msgid-Bugs-To: https://wordpress.org/support/plugin/${DOMAIN}\\n"`,
	'"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
	'"Language-Team: LANGUAGE <LL@li.org>\\n"',
	'"MIME-Version: 1.0\\n"',
	'"Content-Type: text/plain; charset=UTF-8\\n"',
	'"Content-Transfer-Encoding: 8bit\\n"',
	`"POT-Creation-Date: ${created}\\n"`,
	'"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
	'"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
	'"X-Generator: scripts/make-pot.js\\n"',
	`"X-Domain: ${DOMAIN}\\n"`,
].join('\n');

const blocks = [...entries.values()].map((entry) => {
	const lines = [];
	for (const comment of entry.comments) lines.push(`#. ${comment.replace(/\n/g, ' ')}`);
	// Several references per line, as xgettext writes them.
	let refLine = '#:';
	for (const reference of entry.references) {
		if (refLine.length + reference.length + 1 > 79 && refLine !== '#:') {
			lines.push(refLine);
			refLine = '#:';
		}
		refLine += ` ${reference}`;
	}
	if (refLine !== '#:') lines.push(refLine);
	// Like wp-cli: PHP strings with sprintf() placeholders are flagged so tools check translations keep them.
	const placeholder = /%(\d+\$)?[-+0#']?\d*(\.\d+)?[bcdeEfFgGosuxX]/;
	const fromPhp = entry.references.some((reference) => /\.php(:\d+)?$/.test(reference));
	if (fromPhp && [entry.msgid, entry.plural || ''].some((text) => placeholder.test(text.replace(/%%/g, '')))) lines.push('#, php-format');
	if (entry.context !== null) lines.push(`msgctxt ${quote(entry.context)}`);
	lines.push(`msgid ${quote(entry.msgid)}`);
	if (entry.plural) {
		lines.push(`msgid_plural ${quote(entry.plural)}`);
		lines.push('msgstr[0] ""', 'msgstr[1] ""');
	} else {
		lines.push('msgstr ""');
	}
	return lines.join('\n');
});

const pot = `${head}\n\n${blocks.join('\n\n')}\n`;

if (args.check) {
	const strip = (s) => s.replace(/^"POT-Creation-Date: .*$/m, '').replace(/^# Copyright \(C\) \d+/m, '');
	const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
	if (strip(current) !== strip(pot)) {
		console.error(`${rel(OUT)} is out of date: run npm run pot`);
		process.exit(1);
	}
	console.log(`${rel(OUT)} is up to date (${entries.size} strings).`);
	process.exit(0);
}

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, pot);

if (typeof args['js-map'] === 'string') {
	// admin-ui/src/<entry>/… → build/<entry>.js; admin-ui/src/common/… → every entry;
	// admin-ui/src/blocks/<name>/… → build/blocks/<name>/index.js (the block's editor script).
	const entryNames = fs
		.readdirSync(ADMIN_SRC, { withFileTypes: true })
		.filter((d) => d.isDirectory() && fs.existsSync(path.join(ADMIN_SRC, d.name, 'index.tsx')))
		.map((d) => d.name);
	const map = {};
	for (const file of tsFiles) {
		const top = path.relative(ADMIN_SRC, file).split(path.sep)[0];
		const parts = path.relative(ADMIN_SRC, file).split(path.sep);
		if (top === 'blocks') map[rel(file)] = [`build/blocks/${parts[1]}/index.js`];
		else map[rel(file)] = entryNames.includes(top) ? [`build/${top}.js`] : entryNames.map((e) => `build/${e}.js`);
	}
	fs.writeFileSync(path.resolve(ROOT, args['js-map']), `${JSON.stringify(map, null, '\t')}\n`);
}

if (args.verbose) for (const where of skippedAt) console.log(`skipped ${where}`);
console.log(
	`${rel(OUT)}: ${entries.size} strings from ${phpFiles.length} PHP, ${tsFiles.length} TypeScript and ${blockFiles.length} block.json files` +
		(skipped ? ` (${skipped} calls skipped: not literal, or another text domain)` : ''),
);
