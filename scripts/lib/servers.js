'use strict';
// Production-shaped web stacks: nginx or Apache (mpm_event) in front of PHP-FPM, run as this
// harness's own processes with the configuration docs/production.md shows (deploy/nginx.conf,
// deploy/apache.conf, deploy/php-opcache.ini). Only the port, the document root and PHP-FPM's socket
// of those files are replaced with the site's; everything else (pid files, sockets, logs, temp files)
// lives in the site's folder. Nothing is installed on the machine: Debian's packages are unpacked into
// .wp/cache/servers (scripts/lib/debian.js), no system service is registered or started.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startService, stopService, ServiceGroup } = require('./run');
const debian = require('./debian');
const paths = require('./paths');

const STACKS = ['builtin', 'nginx', 'apache'];

/** The PHP version of the machine's php (8.2 on Debian 12): PHP-FPM must be the same. */
function phpVersion() {
	const out = spawnSync('php', ['-r', 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;'], { encoding: 'utf8' });
	if (out.status !== 0) throw new Error('php is not installed');
	return out.stdout.trim();
}

const root = () => path.join(paths.servers, 'root');

function binaries() {
	const r = root();
	const v = phpVersion();
	const libDir = [path.join(r, 'usr', 'lib', 'x86_64-linux-gnu'), path.join(r, 'usr', 'lib', 'aarch64-linux-gnu'), path.join(r, 'usr', 'lib')].find((d) => fs.existsSync(d)) || path.join(r, 'usr', 'lib');
	return {
		nginx: path.join(r, 'usr', 'sbin', 'nginx'),
		nginxConf: path.join(r, 'etc', 'nginx'),
		fpm: path.join(r, 'usr', 'sbin', `php-fpm${v}`),
		apache: path.join(r, 'usr', 'sbin', 'apache2'),
		apacheModules: path.join(r, 'usr', 'lib', 'apache2', 'modules'),
		libDir,
		phpIni: `/usr/lib/php/${v}/php.ini-production`,
		// The extensions enabled on this machine (phpenmod writes one conf.d per SAPI installed; PHP-FPM
		// is not installed, so it reads the command line's list: the same extensions, opcache included).
		phpConfD: `/etc/php/${v}/cli/conf.d`,
		phpVersion: v,
	};
}

const hasLibrary = (soname) => (spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }).stdout || '').includes(soname);

/** Shared libraries a binary needs that neither the machine nor .wp/cache/servers has. */
function missingLibraries(file, libDir) {
	const out = spawnSync('ldd', [file], { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: libDir } });
	return (out.stdout || '')
		.split('\n')
		.filter((line) => line.includes('not found'))
		.map((line) => line.trim().split(' ')[0]);
}

// The Apache modules the stack loads (deploy/apache.conf needs these; Debian's apache2.conf the rest).
const APACHE_MODULES = ['mpm_event', 'authz_core', 'authz_host', 'dir', 'mime', 'env', 'setenvif', 'rewrite', 'remoteip', 'proxy', 'proxy_fcgi', 'headers', 'alias'];

/**
 * nginx, Apache and PHP-FPM from Debian, unpacked into .wp/cache/servers (the machine's apt state:
 * they must match its libraries; PHP-FPM the exact version of its php-cli when the archive still has it).
 */
async function ensureWebServers() {
	const v = phpVersion();
	const cli = debian.installedVersion(`php${v}-cli`);
	const wanted = ['nginx', 'nginx-common', cli ? `php${v}-fpm=${cli}` : `php${v}-fpm`, 'apache2-bin'];
	for (const [soname, pkg] of [['libapr-1.so.0', 'libapr1'], ['libaprutil-1.so.0', 'libaprutil1']]) if (!hasLibrary(soname)) wanted.push(pkg);
	const stamp = path.join(root(), '.unpacked.json');
	const b = binaries();
	const ready = () => [b.nginx, b.fpm, b.apache].every((f) => fs.existsSync(f));
	if (ready() && fs.existsSync(stamp) && JSON.parse(fs.readFileSync(stamp, 'utf8')).wanted.join() === wanted.join()) return 'cached';
	const state = debian.machineState('servers');
	const files = await debian.download(state, wanted);
	fs.rmSync(root(), { recursive: true, force: true });
	await debian.unpack(state, files, root());
	const after = binaries();
	const problems = [after.nginx, after.fpm, after.apache, ...APACHE_MODULES.map((m) => path.join(after.apacheModules, `mod_${m}.so`))].flatMap((file) =>
		!fs.existsSync(file) ? [`${path.basename(file)} is missing`] : missingLibraries(file, after.libDir).map((lib) => `${path.basename(file)} needs ${lib}`),
	);
	if (problems.length) throw new Error(`the web servers unpacked from Debian's packages cannot run here: ${problems.join('; ')}`);
	fs.writeFileSync(stamp, JSON.stringify({ wanted, files }, null, 2));
	return files.map((f) => f.replace(/_(all|amd64|arm64)\.deb$/, '')).join(', ');
}

// --- configuration -----------------------------------------------------------------------------------

/**
 * A file of deploy/ with the production values that must differ replaced ([from, to] pairs). Each
 * `from` must be in the file: a renamed path in deploy/ fails here instead of silently running
 * something else than what the docs show.
 */
function render(file, replacements) {
	let text = fs.readFileSync(path.join(paths.deploy, file), 'utf8');
	for (const [from, to] of replacements) {
		if (!text.includes(from)) throw new Error(`deploy/${file} no longer contains "${from}": update scripts/lib/servers.js with it`);
		text = text.split(from).join(to);
	}
	return text;
}

/** What deploy/* say in production, and what a site uses instead. */
const PRODUCTION = { docroot: '/var/www/html', fpmSocket: (v) => `unix:/run/php/php${v}-fpm.sock` };

/** When run as root, workers run as www-data (as Debian's packages do); otherwise as this user. */
function webUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
	const id = spawnSync('id', ['-u', 'www-data'], { encoding: 'utf8' });
	return id.status === 0 ? { name: 'www-data', group: 'www-data' } : { name: 'nobody', group: 'nogroup' };
}

function layout(site) {
	const dir = site.dir;
	return {
		docroot: path.join(dir, 'public'),
		conf: path.join(dir, 'server'),
		run: path.join(dir, 'run'),
		tmp: path.join(dir, 'tmp'),
		fpmSocket: path.join(dir, 'run', 'php-fpm.sock'),
	};
}

/**
 * The document root WordPress is installed in on a real server: core's files (linked from the shared
 * core folder), the site's own wp-content, and, for Apache, the .htaccess WordPress writes.
 */
function layDocroot(site) {
	const l = layout(site);
	fs.mkdirSync(l.docroot, { recursive: true });
	for (const entry of fs.readdirSync(l.docroot)) {
		if (entry !== '.htaccess') fs.rmSync(path.join(l.docroot, entry), { recursive: true, force: true });
	}
	for (const entry of fs.readdirSync(site.core)) {
		if (entry === 'wp-content' || entry === '.htaccess') continue;
		fs.symlinkSync(path.join(site.core, entry), path.join(l.docroot, entry));
	}
	fs.symlinkSync(site.contentDir, path.join(l.docroot, 'wp-content'));
	for (const d of [l.conf, l.run, l.tmp, site.logs]) fs.mkdirSync(d, { recursive: true });
	// Web server workers (www-data when started as root) must reach the document root and the socket.
	const user = webUser();
	if (user) {
		for (const d of [site.dir, l.run]) fs.chmodSync(d, 0o711);
		for (const d of [l.conf, l.docroot]) fs.chmodSync(d, 0o755);
		// The folders above the site are not ours to open up: say which one keeps the workers out.
		for (let d = path.dirname(site.dir); ; d = path.dirname(d)) {
			if ((fs.statSync(d).mode & 0o001) === 0) {
				throw new Error(`${user.name} (the web server's and PHP-FPM's workers) cannot reach ${site.dir}: ${d} is not searchable by others. Run from a folder they can reach (e.g. under /srv or /opt), or allow it with: chmod o+x ${d}`);
			}
			if (d === path.dirname(d)) break;
		}
	}
	return l;
}

function writeFpmConfig(site, l, b, pool) {
	const user = webUser();
	const confD = path.join(l.conf, 'php-conf.d');
	fs.mkdirSync(confD, { recursive: true });
	fs.copyFileSync(path.join(paths.deploy, 'php-opcache.ini'), path.join(confD, '99-opcache.ini'));
	const env = { ...pool, ...(site.fpmEnv || {}) };
	const lines = [
		'; PHP-FPM of this site, written by scripts/lib/servers.js (Debian\'s pool defaults: pm dynamic, 5 children).',
		'[global]',
		`pid = ${path.join(l.run, 'php-fpm.pid')}`,
		`error_log = ${path.join(site.logs, 'php-fpm.log')}`,
		'daemonize = no',
		'',
		'[solar-capture]',
		...(user ? ['user = root', 'group = root', `listen.owner = ${user.name}`, `listen.group = ${user.group}`] : []),
		`listen = ${l.fpmSocket}`,
		'listen.mode = 0660',
		'pm = dynamic',
		'pm.max_children = 5',
		'pm.start_servers = 2',
		'pm.min_spare_servers = 1',
		'pm.max_spare_servers = 3',
		'catch_workers_output = yes',
		...Object.entries(env).map(([k, v]) => `env[${k}] = ${JSON.stringify(String(v))}`),
		'',
	];
	const file = path.join(l.conf, 'php-fpm.conf');
	fs.writeFileSync(file, lines.join('\n'));
	return { file, confD };
}

function writeNginxConfig(site, l, b) {
	const user = webUser();
	fs.copyFileSync(path.join(b.nginxConf, 'mime.types'), path.join(l.conf, 'mime.types'));
	// Debian's fastcgi_params passes HTTP_HOST as $host, without the port (a security update): right
	// for a site on 80/443, a redirect loop for this one on another port. Its copy here keeps the port.
	const params = fs.readFileSync(path.join(b.nginxConf, 'fastcgi_params'), 'utf8');
	fs.writeFileSync(path.join(l.conf, 'fastcgi_params'), params.replace(/^(fastcgi_param\s+HTTP_HOST\s+)\$host;$/m, '$1$host:$server_port;'));
	const temp = ['client_body', 'fastcgi', 'proxy', 'scgi', 'uwsgi'].map((t) => {
		const d = path.join(l.tmp, t);
		fs.mkdirSync(d, { recursive: true });
		if (user) spawnSync('chown', [`${user.name}:${user.group}`, d]);
		return `    ${t}_temp_path ${d};`;
	});
	fs.writeFileSync(
		path.join(l.conf, 'solar-capture.conf'),
		render('nginx.conf', [
			['listen 80;', `listen 127.0.0.1:${site.port};`],
			[`root ${PRODUCTION.docroot};`, `root ${l.docroot};`],
			[PRODUCTION.fpmSocket(b.phpVersion), `unix:${l.fpmSocket}`],
		]),
	);
	const file = path.join(l.conf, 'nginx.conf');
	fs.writeFileSync(
		file,
		`# nginx of this site, written by scripts/lib/servers.js: Debian's nginx.conf in short, then deploy/nginx.conf.
daemon off;
${user ? `user ${user.name} ${user.group};\n` : ''}worker_processes auto;
pid ${path.join(l.run, 'nginx.pid')};
error_log ${path.join(site.logs, 'nginx-error.log')} warn;
events {
    worker_connections 768;
}
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    server_tokens off;
    include mime.types;
    default_type application/octet-stream;
    access_log ${path.join(site.logs, 'nginx-access.log')};
${temp.join('\n')}
    include solar-capture.conf;
}
`,
	);
	return file;
}

function writeApacheConfig(site, l, b) {
	const user = webUser();
	fs.writeFileSync(
		path.join(l.conf, 'solar-capture-vhost.conf'),
		render('apache.conf', [
			['<VirtualHost *:80>', `<VirtualHost 127.0.0.1:${site.port}>`],
			[PRODUCTION.docroot, l.docroot],
			[PRODUCTION.fpmSocket(b.phpVersion), `unix:${l.fpmSocket}`],
		]),
	);
	const modules = APACHE_MODULES.map((m) => `LoadModule ${m}_module ${path.join(b.apacheModules, `mod_${m}.so`)}`).join('\n');
	const file = path.join(l.conf, 'apache2.conf');
	fs.writeFileSync(
		file,
		`# Apache of this site, written by scripts/lib/servers.js: Debian's apache2.conf and its enabled
# modules' settings in short, then deploy/apache.conf.
ServerRoot ${l.conf}
DefaultRuntimeDir ${l.run}
PidFile ${path.join(l.run, 'apache2.pid')}
Mutex file:${l.run} default
Timeout 300
KeepAlive On
MaxKeepAliveRequests 100
KeepAliveTimeout 5
${user ? `User ${user.name}\nGroup ${user.group}\n` : ''}HostnameLookups Off
ServerName 127.0.0.1
ServerTokens Prod
ErrorLog ${path.join(site.logs, 'apache-error.log')}
LogLevel warn
${modules}
<IfModule mpm_event_module>
    StartServers 2
    MinSpareThreads 25
    MaxSpareThreads 75
    ThreadLimit 64
    ThreadsPerChild 25
    MaxRequestWorkers 150
    MaxConnectionsPerChild 0
</IfModule>
Listen 127.0.0.1:${site.port}
TypesConfig /etc/mime.types
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
AccessFileName .htaccess
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
Include ${path.join(l.conf, 'solar-capture-vhost.conf')}
`,
	);
	return file;
}

// --- running ---------------------------------------------------------------------------------------

function waitForFile(file, child, timeoutMs, what) {
	return new Promise((resolve, reject) => {
		const until = Date.now() + timeoutMs;
		const tick = () => {
			if (fs.existsSync(file)) return resolve();
			if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`${what} exited (${child.exitCode ?? child.signalCode})`));
			if (Date.now() > until) return reject(new Error(`${what} did not start within ${timeoutMs / 1000} s`));
			setTimeout(tick, 50);
		};
		tick();
	});
}

async function startFpm(site, l, b, env) {
	const { file, confD } = writeFpmConfig(site, l, b, env);
	fs.rmSync(l.fpmSocket, { force: true });
	const args = ['--nodaemonize', '--fpm-config', file, '-c', b.phpIni];
	if (webUser()) args.push('--allow-to-run-as-root');
	const child = startService('php-fpm', b.fpm, args, {
		env: { PHP_INI_SCAN_DIR: `${b.phpConfD}:${confD}` },
		logFile: path.join(site.logs, 'php-fpm.out.log'),
	});
	try {
		await waitForFile(l.fpmSocket, child, 10000, `PHP-FPM (see ${path.join(site.logs, 'php-fpm.log')})`);
	} catch (error) {
		await stopService(child);
		throw error;
	}
	return child;
}

function startNginx(site, l, b) {
	const file = writeNginxConfig(site, l, b);
	return startService('nginx', b.nginx, ['-p', l.conf, '-c', file, '-e', path.join(site.logs, 'nginx-error.log')], { logFile: path.join(site.logs, 'nginx.out.log') });
}

function startApache(site, l, b) {
	const file = writeApacheConfig(site, l, b);
	// -DFOREGROUND: the parent stays in front, in its own process group, like php -S.
	return startService('apache', b.apache, ['-f', file, '-DFOREGROUND'], {
		env: { LD_LIBRARY_PATH: b.libDir, APACHE_LOG_DIR: site.logs, APACHE_RUN_DIR: l.run, APACHE_LOCK_DIR: l.run },
		logFile: path.join(site.logs, 'apache.out.log'),
	});
}

/**
 * Starts PHP-FPM (its pool's environment: `env`), then nginx or Apache, for a site described by
 * site.js (stack 'nginx' or 'apache').
 * Returns a ServiceGroup: stopping it stops both process groups; it emits 'exit' when either ends.
 */
async function startWebStack(site, { env = {} } = {}) {
	const b = binaries();
	const l = layDocroot(site);
	const fpm = await startFpm(site, l, b, env);
	let web;
	try {
		web = site.stack === 'apache' ? startApache(site, l, b) : startNginx(site, l, b);
	} catch (error) {
		await stopService(fpm);
		throw error;
	}
	return new ServiceGroup(site.stack, [web, fpm]);
}

module.exports = { STACKS, ensureWebServers, startWebStack, layDocroot, layout, render, binaries, PRODUCTION, webUser, phpVersion };
