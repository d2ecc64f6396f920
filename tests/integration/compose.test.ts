// The production set-up, checked without a Docker engine: docker-compose.yml, sidecar/Dockerfile,
// /.dockerignore, .env.example and deploy/ are parsed and cross-checked against each other and
// against the code (the variables sidecar/src/config.ts reads, the port it listens on, the files
// the image needs). Nothing is started, so this suite needs no WordPress and no database.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfig } from '../../sidecar/src/config';

const root = path.resolve(__dirname, '..', '..');
const read = (relative: string) => fs.readFileSync(path.join(root, relative), 'utf8');
const exists = (relative: string) => fs.existsSync(path.join(root, relative));

// ---------------------------------------------------------------------------------------------
// Helpers: .env files, compose interpolation, the Dockerfile, .dockerignore, config.ts
// ---------------------------------------------------------------------------------------------

/** `NAME=value` lines of an env file; `#NAME=value` lines count as documented but unset. */
function parseEnvFile(text: string): { values: Record<string, string>; documented: Set<string> } {
	const values: Record<string, string> = {};
	const documented = new Set<string>();
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		const match = /^(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
		if (!match) continue;
		documented.add(match[2]);
		if (match[1]) continue;
		values[match[2]] = match[3].replace(/^(["'])(.*)\1$/, '$2');
	}
	return { values, documented };
}

class MissingVariable extends Error {}

/**
 * Compose's interpolation: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?error}`, `${NAME?error}`, `${NAME:+alt}`, `${NAME+alt}`. Records every name used.
 */
function interpolate(value: string, vars: Record<string, string>, used: Set<string>): string {
	return value.replace(
		/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
		(whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
			if (whole === '$$') return '$';
			const name = (braced ?? bare)!;
			used.add(name);
			const set = Object.prototype.hasOwnProperty.call(vars, name);
			const val = set ? vars[name] : undefined;
			const present = op?.startsWith(':') ? set && val !== '' : set;
			switch (op) {
				case ':-':
				case '-':
					return present ? val! : arg!;
				case ':?':
				case '?':
					if (!present) throw new MissingVariable(`${name}: ${arg}`);
					return val!;
				case ':+':
				case '+':
					return present ? arg! : '';
				default:
					return val ?? '';
			}
		},
	);
}

function interpolateDeep(node: unknown, vars: Record<string, string>, used: Set<string>): unknown {
	if (typeof node === 'string') return interpolate(node, vars, used);
	if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, vars, used));
	if (node && typeof node === 'object')
		return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars, used)]));
	return node;
}

type Compose = {
	name?: string;
	services: Record<string, Service>;
	volumes?: Record<string, unknown>;
};
type Service = {
	image?: string;
	build?: string | { context?: string; dockerfile?: string };
	environment?: Record<string, unknown> | string[];
	ports?: Array<string | number | { target?: number; published?: string | number }>;
	expose?: Array<string | number>;
	depends_on?: string[] | Record<string, { condition?: string }>;
	healthcheck?: { test?: string | string[]; disable?: boolean };
	volumes?: Array<string | { type?: string; source?: string; target?: string; read_only?: boolean }>;
	restart?: string;
	entrypoint?: string | string[];
	command?: string | string[];
};

function loadCompose(vars: Record<string, string>, used = new Set<string>()): Compose {
	const doc = parseDocument(read('docker-compose.yml'));
	if (doc.errors.length > 0) throw new Error(`docker-compose.yml: ${doc.errors.map(String).join('; ')}`);
	return interpolateDeep(doc.toJSON(), vars, used) as Compose;
}

/** A service's environment as strings (map or `NAME=value` list form; a bare NAME is unset). */
function environmentOf(service: Service): Record<string, string> {
	const env = service.environment ?? {};
	if (Array.isArray(env))
		return Object.fromEntries(
			env.filter((item) => item.includes('=')).map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]),
		);
	return Object.fromEntries(
		Object.entries(env)
			.filter(([, v]) => v !== null && v !== undefined)
			.map(([k, v]) => [k, String(v)]),
	);
}

/** Compose passes an empty value as an empty variable; the sidecar treats it as unset. */
const nonEmpty = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));

const dependsOn = (service: Service): Record<string, { condition?: string }> =>
	Array.isArray(service.depends_on)
		? Object.fromEntries(service.depends_on.map((name) => [name, {}]))
		: (service.depends_on ?? {});

/** `host:port` → [host, port]. */
function hostPort(value: string, defaultPort: number): [string, number] {
	const match = /^([^:]+)(?::(\d+))?$/.exec(value);
	if (!match) throw new Error(`not host[:port]: ${value}`);
	return [match[1], match[2] ? Number(match[2]) : defaultPort];
}

/** The container port of a `ports:` entry (short or long syntax). */
function containerPort(entry: string | number | { target?: number }): number {
	if (typeof entry === 'number') return entry;
	if (typeof entry === 'object') return Number(entry.target);
	const parts = entry.replace(/\/(tcp|udp)$/, '').split(':');
	return Number(parts[parts.length - 1]);
}

type Instruction = { keyword: string; args: string; line: number };
type Stage = { name: string | null; base: string; instructions: Instruction[] };

/** Dockerfile → stages of instructions (continuation lines joined, comments and directives dropped). */
function parseDockerfile(text: string): Stage[] {
	const instructions: Instruction[] = [];
	let buffer = '';
	let start = 0;
	text.split('\n').forEach((raw, index) => {
		const line = raw.replace(/\r$/, '');
		if (/^\s*#/.test(line)) return; // comments (and parser directives) are not instructions
		if (buffer === '') start = index + 1;
		if (/\\\s*$/.test(line)) {
			buffer += line.replace(/\\\s*$/, ' ');
			return;
		}
		buffer += line;
		const match = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(buffer);
		if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: start });
		buffer = '';
	});
	const stages: Stage[] = [];
	for (const instruction of instructions) {
		if (instruction.keyword === 'FROM') {
			const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
			if (!match) throw new Error(`line ${instruction.line}: FROM ${instruction.args}`);
			stages.push({ base: match[1], name: match[2] ?? null, instructions: [] });
		} else if (stages.length > 0) stages[stages.length - 1].instructions.push(instruction);
	}
	return stages;
}

/** A COPY/ADD's flags, sources and destination (shell or JSON form). */
function parseCopy(args: string): { flags: Record<string, string>; sources: string[]; dest: string } {
	const flags: Record<string, string> = {};
	let rest = args;
	for (let match; (match = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(rest)); rest = rest.slice(match[0].length))
		flags[match[1]] = match[2] ?? 'true';
	const words: string[] = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
	return { flags, sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** An instruction's JSON (exec form) arguments, or null for the shell form. */
function execForm(args: string): string[] | null {
	try {
		const parsed: unknown = JSON.parse(args);
		return Array.isArray(parsed) ? parsed.map(String) : null;
	} catch {
		return null;
	}
}

/**
 * `.dockerignore` as Docker applies it: patterns relative to the context, `*`, `?` and `**`, the
 * last matching pattern wins, `!` re-includes, and a pattern matching a folder covers what is in it.
 */
function dockerIgnore(text: string): (file: string) => boolean {
	const rules = text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => {
			const negate = line.startsWith('!');
			const pattern = path.posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '');
			const source = pattern
				.split('/')
				.map((part) =>
					part === '**'
						? '.*'
						: part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'),
				)
				.join('/')
				.replace(/\.\*\//g, '(?:.*/)?');
			return { negate, regex: new RegExp(`^${source}$`) };
		});
	return (file: string) => {
		const parts = file.split('/');
		const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
		let excluded = false;
		for (const rule of rules) if (prefixes.some((prefix) => rule.regex.test(prefix))) excluded = !rule.negate;
		return excluded;
	};
}

/** Every file below a folder of the repository, relative to the repository root. */
function filesBelow(relative: string): string[] {
	const full = path.join(root, relative);
	if (fs.statSync(full).isFile()) return [relative];
	return fs.readdirSync(full).flatMap((entry) => filesBelow(path.posix.join(relative, entry)));
}

/**
 * The keys of the zod schema of the environment in sidecar/src/config.ts, each with whether it
 * has a default or is optional (read from the source: config.ts does not export the list).
 */
function configKeys(): Map<string, { defaulted: boolean }> {
	const source = read('sidecar/src/config.ts');
	const block = /const envSchema\s*=\s*z\s*\.object\(\{([\s\S]*?)\n\s*\}\)/.exec(source);
	if (!block) throw new Error('sidecar/src/config.ts: no `const envSchema = z.object({ … })`');
	const keys = new Map<string, { defaulted: boolean }>();
	const entries = [...block[1].matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)];
	entries.forEach((entry, i) => {
		const text = block[1].slice(entry.index, entries[i + 1]?.index ?? block[1].length);
		keys.set(entry[1], { defaulted: /\.default\(|\.optional\(\)/.test(text) });
	});
	return keys;
}

/** `process.env.NAME` / `process.env['NAME']` read anywhere in the sidecar's (non-test) code. */
function directEnvReads(): Set<string> {
	const names = new Set<string>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
			const relative = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'test-support' && entry.name !== '__fixtures__') walk(relative);
			} else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
				for (const match of read(relative).matchAll(/process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])/g))
					names.add(match[1] ?? match[2]);
			}
		}
	};
	walk('sidecar/src');
	return names;
}

/** Names used as `env:NAME` webhook secrets: any *_WEBHOOK_SECRET is one (not a config setting). */
const isSecretReference = (name: string) => /^[A-Z][A-Z0-9_]*_WEBHOOK_SECRET$/.test(name);

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

// ---------------------------------------------------------------------------------------------

const envExample = parseEnvFile(read('.env.example'));
const usedVariables = new Set<string>();
const compose = loadCompose(envExample.values, usedVariables);
const services = compose.services;
const serviceNames = Object.keys(services);
const wordpress = services.wordpress;
const sidecar = services.sidecar;
const db = services.db;
const sidecarEnv = environmentOf(sidecar ?? {});
const wordpressEnv = environmentOf(wordpress ?? {});
const sidecarConfig = () => loadConfig(nonEmpty(sidecarEnv));

describe('docker-compose.yml', () => {
	test('has the three services: db (MariaDB), wordpress (official image, PHP 8.2+), sidecar (built here)', () => {
		expect(serviceNames.sort()).toEqual(['db', 'sidecar', 'wordpress']);
		expect(db.image).toMatch(/^mariadb:(1[1-9]|[2-9]\d)(\b|$)/);
		const php = /^wordpress:(?:[\d.]+-)?php(\d+)\.(\d+)-(apache|fpm)/.exec(wordpress.image ?? '');
		expect(php).not.toBeNull();
		expect(Number(php![1]) * 100 + Number(php![2])).toBeGreaterThanOrEqual(802);
		expect(sidecar.build).toBeDefined();
		for (const name of serviceNames) expect([name, services[name].restart]).toEqual([name, 'unless-stopped']);
	});

	test('every ${VAR} it uses is in .env.example, and only the required ones (${VAR:?}) must be set', () => {
		const undocumented = [...usedVariables].filter((name) => !envExample.documented.has(name));
		expect(undocumented).toEqual([]);
		// With nothing set, interpolation fails on a required variable, and .env.example sets each of those.
		const required = new Set<string>();
		for (const match of read('docker-compose.yml').matchAll(/\$\{([A-Za-z_]\w*):?\?/g)) required.add(match[1]);
		expect([...required].sort()).toEqual(['DB_PASSWORD', 'DB_ROOT_PASSWORD']);
		for (const name of required) expect([name, envExample.values[name] ?? '']).toEqual([name, expect.stringMatching(/.+/)]);
		expect(() => loadCompose({})).toThrow(MissingVariable);
		const requiredOnly = Object.fromEntries([...required].map((name) => [name, 'x']));
		expect(() => loadCompose(requiredOnly)).not.toThrow();
	});

	test('every service has a health check', () => {
		for (const name of serviceNames) {
			const check = services[name].healthcheck;
			expect([name, check?.disable ?? false]).toEqual([name, false]);
			const test = Array.isArray(check?.test) ? check!.test : [check?.test ?? ''];
			expect([name, test.length > 0 && test[0] !== 'NONE' && test.join(' ').trim() !== '']).toEqual([name, true]);
		}
		expect(db.healthcheck!.test).toEqual(expect.arrayContaining([expect.stringMatching(/healthcheck\.sh|mysqladmin|mariadb-admin/)]));
		const sidecarCheck = ([] as string[]).concat(sidecar.healthcheck!.test!).join(' ');
		expect(sidecarCheck).toContain(`:${sidecarConfig().port}/health`);
	});

	test('only WordPress publishes a port (to its Apache on 80), on loopback unless told otherwise; the sidecar and MariaDB stay inside', () => {
		for (const name of serviceNames) if (name !== 'wordpress') expect([name, services[name].ports ?? []]).toEqual([name, []]);
		expect(wordpress.ports?.length).toBeGreaterThan(0);
		for (const entry of wordpress.ports!) expect(containerPort(entry)).toBe(80);
		expect(wordpress.ports).toEqual(['127.0.0.1:8080:80']);
		expect(loadCompose({ ...envExample.values, WP_ADDRESS: '0.0.0.0', WP_PORT: '80' }).services.wordpress.ports).toEqual(['0.0.0.0:80:80']);
	});

	test("the database refuses to start with .env.example's placeholder passwords (so nothing that waits for it starts)", () => {
		const example = envExample.values;
		const entry = [...(db.entrypoint as string[]), ...(db.command as string[])];
		expect(entry.slice(0, 2)).toEqual(['/bin/sh', '-c']);
		// Run the entrypoint as the container would, with the image's own entrypoint as a stub on PATH.
		const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-entry-'));
		fs.writeFileSync(path.join(bin, 'docker-entrypoint.sh'), '#!/bin/sh\necho "started: $*"\n', { mode: 0o755 });
		const run = (password: string, root: string) =>
			spawnSync(entry[0], entry.slice(1), { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, MARIADB_PASSWORD: password, MARIADB_ROOT_PASSWORD: root } });
		try {
			const placeholder = run(example.DB_PASSWORD, example.DB_ROOT_PASSWORD);
			expect(placeholder.status).toBe(64);
			expect(placeholder.stderr).toContain('set DB_PASSWORD and DB_ROOT_PASSWORD in .env');
			expect(placeholder.stdout).toBe('');
			expect(run('a-long-random-db-password-123', example.DB_ROOT_PASSWORD).status).toBe(64);
			const good = run('a-long-random-db-password-123', 'another-long-random-root-password');
			expect(good.status).toBe(0);
			expect(good.stdout.trim()).toBe('started: mariadbd');
		} finally {
			fs.rmSync(bin, { recursive: true, force: true });
		}
	});

	test('every depends_on names another service, and waits for the database to be healthy', () => {
		for (const [name, service] of Object.entries(services))
			for (const [target, options] of Object.entries(dependsOn(service))) {
				expect([name, target, serviceNames.includes(target) && target !== name]).toEqual([name, target, true]);
				if (options.condition === 'service_healthy') expect(services[target].healthcheck).toBeDefined();
			}
		expect(dependsOn(wordpress).db?.condition).toBe('service_healthy');
		expect(dependsOn(sidecar).db?.condition).toBe('service_healthy');
	});

	test('every variable the sidecar reads is given to it or has a default in config.ts', () => {
		const keys = configKeys();
		expect(keys.size).toBeGreaterThan(5);
		const missing = [...keys].filter(([name, { defaulted }]) => !defaulted && !(name in sidecarEnv)).map(([name]) => name);
		expect(missing).toEqual([]);
		const missingDirect = [...directEnvReads()].filter((name) => !keys.has(name) && !(name in sidecarEnv));
		expect(missingDirect).toEqual([]);
		// …and nothing is given to it that it does not read (a misspelt name would silently fall back to a default).
		const unknown = Object.keys(sidecarEnv).filter((name) => !keys.has(name) && !isSecretReference(name));
		expect(unknown).toEqual([]);
	});

	test("the sidecar's own validation accepts its environment: MySQL on the db service, all interfaces, the image's pipeline file", () => {
		const config = sidecarConfig();
		expect(config.db.client).toBe('mysql');
		if (config.db.client !== 'mysql') return;
		expect(serviceNames).toContain(config.db.host);
		expect(config.db.host).toBe('db');
		expect(config.db.port).toBe(3306);
		expect(config.db.socket).toBeUndefined();
		// On 127.0.0.1 the WordPress container could not reach it.
		expect(config.host).not.toMatch(LOOPBACK);
		expect(config.tablePrefix).toBe(wordpressEnv.WORDPRESS_TABLE_PREFIX ?? 'wp_');
		expect(config.pipelineFile).toBe(sidecarEnv.PIPELINE_FILE);
	});

	test('SOLAR_CAPTURE_SIDECAR_URL in WordPress names the sidecar service and the port it listens on', () => {
		const extra = wordpressEnv.WORDPRESS_CONFIG_EXTRA ?? '';
		const define = /define\(\s*['"]SOLAR_CAPTURE_SIDECAR_URL['"]\s*,\s*['"]([^'"]+)['"]\s*\)/.exec(extra);
		expect(define).not.toBeNull();
		const url = new URL(define![1]);
		expect(url.protocol).toBe('http:');
		expect(serviceNames).toContain(url.hostname);
		expect(url.hostname).toBe('sidecar');
		const port = Number(url.port || 80);
		expect(port).toBe(sidecarConfig().port);
		expect((services[url.hostname].expose ?? []).map(Number)).toContain(port);
	});

	test('WordPress and the sidecar use the same database, user and table prefix, on the db service', () => {
		const [host, port] = hostPort(wordpressEnv.WORDPRESS_DB_HOST ?? '', 3306);
		expect(serviceNames).toContain(host);
		expect(host).toBe(sidecarEnv.DB_HOST);
		expect(String(port)).toBe(sidecarEnv.DB_PORT ?? '3306');
		const dbEnv = environmentOf(db);
		expect(wordpressEnv.WORDPRESS_DB_NAME).toBe(dbEnv.MARIADB_DATABASE);
		expect(sidecarEnv.DB_NAME).toBe(dbEnv.MARIADB_DATABASE);
		expect(wordpressEnv.WORDPRESS_DB_USER).toBe(dbEnv.MARIADB_USER);
		expect(sidecarEnv.DB_USER).toBe(dbEnv.MARIADB_USER);
		expect(wordpressEnv.WORDPRESS_DB_PASSWORD).toBe(dbEnv.MARIADB_PASSWORD);
		expect(sidecarEnv.DB_PASSWORD).toBe(dbEnv.MARIADB_PASSWORD);
		expect(sidecarEnv.TABLE_PREFIX).toBe(wordpressEnv.WORDPRESS_TABLE_PREFIX);
	});

	test('webhook secrets referenced as env:NAME reach both WordPress (test deliveries) and the sidecar', () => {
		const inSidecar = Object.keys(sidecarEnv).filter(isSecretReference).sort();
		const inWordPress = Object.keys(wordpressEnv).filter(isSecretReference).sort();
		expect(inSidecar).toEqual(inWordPress);
	});

	test('the plugin is mounted read-only from ./plugin; named volumes are declared', () => {
		const mounts = (wordpress.volumes ?? []).map((volume) => {
			if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target ?? '', ro: !!volume.read_only };
			const [source, target, mode = ''] = volume.split(':');
			return { source, target, ro: mode.split(',').includes('ro') };
		});
		const plugin = mounts.find((m) => m.target === '/var/www/html/wp-content/plugins/solar-capture');
		expect(plugin).toBeDefined();
		expect(plugin!.ro).toBe(true);
		expect(plugin!.source).toMatch(/^\.\.?\//);
		const source = path.relative(root, path.resolve(root, plugin!.source));
		expect(source).toBe('plugin');
		expect(read(path.join(source, 'solar-capture.php'))).toMatch(/Plugin Name:/);
		expect(exists(path.join(source, 'pipeline.json'))).toBe(true);
		// Uploads persist: a named volume covers wp-content (or wp-content/uploads).
		expect(mounts.some((m) => /^\/var\/www\/html\/wp-content(\/uploads)?$/.test(m.target) && !m.source.startsWith('.'))).toBe(true);
		expect(db.volumes?.some((v) => typeof v === 'string' && v.endsWith(':/var/lib/mysql'))).toBe(true);
		const declared = Object.keys(compose.volumes ?? {});
		for (const service of Object.values(services))
			for (const volume of service.volumes ?? []) {
				const source = typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '');
				if (source !== '' && !/^[./~]/.test(source)) expect(declared).toContain(source);
			}
	});
});

describe('sidecar/Dockerfile', () => {
	const build = typeof sidecar.build === 'string' ? { context: sidecar.build } : (sidecar.build ?? {});
	const context = path.relative(root, path.resolve(root, build.context ?? '.'));
	const dockerfilePath = path.join(context, build.dockerfile ?? 'Dockerfile');
	const stages = parseDockerfile(read(dockerfilePath));
	const runtime = stages[stages.length - 1];
	const ignored = dockerIgnore(exists(path.join(context, '.dockerignore')) ? read(path.join(context, '.dockerignore')) : '');
	const ofRuntime = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

	test('compose builds sidecar/Dockerfile from the repository root (it needs the lock file and plugin/pipeline.json)', () => {
		expect(context).toBe('');
		expect(dockerfilePath).toBe('sidecar/Dockerfile');
		expect(stages.length).toBeGreaterThanOrEqual(2);
		for (const stage of stages) expect(stage.base).toMatch(/^(node:20-bookworm-slim|\$\{NODE_IMAGE\})$/);
		expect(read(dockerfilePath)).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
	});

	test("every COPY source exists in the repository, is not left out by .dockerignore, and every --from names an earlier stage", () => {
		const problems: string[] = [];
		stages.forEach((stage, index) => {
			for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
				const { flags, sources } = parseCopy(instruction.args);
				if (flags.from) {
					if (!stages.slice(0, index).some((s) => s.name === flags.from))
						problems.push(`line ${instruction.line}: --from=${flags.from} is not an earlier stage`);
					continue;
				}
				for (const source of sources) {
					const relative = path.posix.join(context, source.replace(/\/+$/, ''));
					if (!exists(relative)) {
						problems.push(`line ${instruction.line}: ${source} does not exist`);
						continue;
					}
					const sent = filesBelow(relative).filter((file) => !ignored(path.posix.relative(context || '.', file)));
					if (sent.length === 0) problems.push(`line ${instruction.line}: ${source} is left out by .dockerignore`);
				}
			}
		});
		expect(problems).toEqual([]);
		// What must not be sent to the builder.
		for (const file of ['node_modules/.package-lock.json', '.wp/site/wp-config.php', 'sidecar/dist/main.js', '.env', 'admin-ui/package.json'])
			expect([file, ignored(file)]).toEqual([file, true]);
	});

	test('the sidecar sources it compiles are all in the build context (tests and fixtures may be left out)', () => {
		const sent = filesBelow('sidecar/src').filter((file) => !ignored(file));
		const compiled = filesBelow('sidecar/src').filter(
			(file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('/test-support/') && !file.includes('/__fixtures__/'),
		);
		expect(compiled.filter((file) => !sent.includes(file))).toEqual([]);
		expect(read('sidecar/tsconfig.json')).toMatch(/"exclude":\s*\[[^\]]*\*\*\/\*\.test\.ts/);
	});

	test('the image runs node dist/main.js as a non-root user, with dist/, package.json and the pipeline file where the code looks', () => {
		const users = ofRuntime('USER');
		expect(users.length).toBeGreaterThan(0);
		expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);

		const workdirs = ofRuntime('WORKDIR');
		const workdir = workdirs[workdirs.length - 1]?.args ?? '/';
		const cmd = execForm(ofRuntime('CMD').pop()?.args ?? '');
		expect(cmd).toEqual(['node', 'dist/main.js']);

		// Absolute destinations of the runtime stage's COPYs, and where each came from.
		const copied = ofRuntime('COPY').map((i) => {
			const { flags, sources, dest } = parseCopy(i.args);
			return { from: flags.from ?? null, sources, dest: path.posix.resolve(workdir, dest) };
		});
		const covers = (file: string) => copied.some((c) => file === c.dest || file.startsWith(`${c.dest.replace(/\/$/, '')}/`));
		const main = path.posix.resolve(workdir, cmd![1]);
		expect(covers(main)).toBe(true);
		expect(copied.find((c) => c.dest === path.posix.dirname(main))?.from).not.toBeNull(); // dist/ from the build stage

		// config.ts: packageRoot is dist/.. ; it reads packageRoot/package.json for the version.
		const packageRoot = path.posix.dirname(path.posix.dirname(main));
		expect(copied.some((c) => c.dest === `${packageRoot}/package.json` && c.sources.includes('sidecar/package.json'))).toBe(true);
		// The workspace's node_modules sits one folder above the package, where Node looks next.
		const nodeModules = path.posix.join(path.posix.dirname(packageRoot), 'node_modules');
		expect(copied.find((c) => c.dest === nodeModules)?.from).toBeTruthy();

		// PIPELINE_FILE given by compose (and the image's default) is the copied plugin/pipeline.json.
		const pipelineCopy = copied.find((c) => c.sources.includes('plugin/pipeline.json'));
		expect(pipelineCopy?.dest).toBe(sidecarEnv.PIPELINE_FILE);
		expect(ofRuntime('ENV').map((i) => i.args).join(' ')).toContain(`PIPELINE_FILE=${sidecarEnv.PIPELINE_FILE}`);
	});

	test('the image exposes the port compose expects and checks /health', () => {
		const port = sidecarConfig().port;
		expect(ofRuntime('EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => Number(p.replace(/\/tcp$/, '')))).toContain(port);
		const health = ofRuntime('HEALTHCHECK').pop()?.args ?? '';
		expect(health).toMatch(/\/health/);
		expect(health).toMatch(/SIDECAR_PORT\|\|8787|:8787\//);
	});

	test('native build tools only in the dependency stage, dev dependencies left out of what runs', () => {
		const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
		// The stage the runtime's node_modules come from.
		const from = ofRuntime('COPY')
			.map((i) => parseCopy(i.args))
			.find((c) => c.flags.from && c.dest.endsWith('/node_modules'))?.flags.from;
		const depsStage = stages.find((s) => s.name === from);
		expect(depsStage).toBeDefined();
		expect(runs(depsStage!)).toMatch(/python3.*make.*g\+\+|g\+\+.*make.*python3/s);
		expect(runs(depsStage!)).toMatch(/npm ci[^\n]*--omit=dev[^\n]*--workspace sidecar/);
		expect(runs(runtime)).toBe('');
	});
});

describe('deploy/ (systemd, next to PHP-FPM)', () => {
	const unit = read('deploy/solar-capture-sidecar.service');
	const directive = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1].trim());
	const example = parseEnvFile(read('deploy/sidecar.env.example'));

	test('the unit runs dist/main.js as its own user from the env file, restarts always, and is hardened', () => {
		// Never the PHP-FPM user (it could read wp-config.php); www-data only as an extra group, for SQLite, commented out.
		expect(directive('User')).toEqual(['solar-sidecar']);
		expect(directive('Group')).toEqual(['solar-sidecar']);
		expect(directive('SupplementaryGroups')).toEqual([]);
		expect(unit).toMatch(/^#SupplementaryGroups=www-data$/m);
		expect(directive('EnvironmentFile')).toEqual(['/etc/solar-capture/sidecar.env']);
		expect(directive('Restart')).toEqual(['always']);
		expect(directive('RestartSec')).toEqual(['2']);
		expect(directive('ExecStart')[0]).toMatch(/\bnode \S*sidecar\/dist\/main\.js$/);
		for (const name of ['NoNewPrivileges', 'PrivateTmp']) expect([name, directive(name)]).toEqual([name, ['true']]);
		expect(directive('ProtectSystem')).toEqual(['strict']);
		expect(directive('ReadWritePaths').length).toBeGreaterThan(0);
		// StartLimitIntervalSec belongs to [Unit]; in [Service] systemd ignores it.
		const unitSection = unit.slice(unit.indexOf('[Unit]'), unit.indexOf('[Service]'));
		expect(unitSection).toMatch(/^StartLimitIntervalSec=0$/m);
	});

	test('the example env file is accepted by the sidecar, keeps it on loopback, and names only settings it reads', () => {
		const config = loadConfig(example.values);
		expect(config.host).toMatch(LOOPBACK);
		expect(config.db.client).toBe('mysql');
		const keys = configKeys();
		const unknown = [...example.documented].filter((name) => !keys.has(name) && !isSecretReference(name));
		expect(unknown).toEqual([]);
		// The SQLite alternative it documents is valid too.
		const sqlite = { ...example.values, DB_CLIENT: 'sqlite', SQLITE_PATH: '/var/www/html/wp-content/database/.ht.sqlite' };
		expect(loadConfig(sqlite).db.client).toBe('sqlite');
		expect(directive('ReadWritePaths').join(' ')).toContain(path.posix.dirname(sqlite.SQLITE_PATH));
	});
});
