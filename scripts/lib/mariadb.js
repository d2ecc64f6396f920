'use strict';
// A throw-away MariaDB server run as a plain process (no system service), for the production-path tests
// and benchmarks. Debian's mariadb-server provides the binaries.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { run, startService, stopService } = require('./run');
const { freePort } = require('./site');
const paths = require('./paths');

function userName() {
	return require('node:os').userInfo().username;
}

async function sql(server, statement) {
	return run('mariadb', ['--no-defaults', '-S', server.socket, '-uroot', '-N', '-B', '-e', statement]);
}

/** Starts a server with its data in dir; resolves with { socket, port, stop(), createDatabase(name) }. */
async function startMariaDb(dir) {
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	if (!fs.existsSync(path.join(data, 'mysql'))) {
		await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', `--user=${userName()}`]);
	}
	const server = { dir, socket: path.join(dir, 'mysqld.sock'), port: await freePort(), host: '127.0.0.1' };
	const mariadbd = fs.existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';
	server.child = startService('mariadb', mariadbd, [
		'--no-defaults',
		`--datadir=${data}`,
		`--socket=${server.socket}`,
		`--port=${server.port}`,
		'--bind-address=127.0.0.1',
		`--user=${userName()}`,
		`--pid-file=${path.join(dir, 'mysqld.pid')}`,
		'--skip-log-bin',
		'--innodb-flush-log-at-trx-commit=2',
		'--max-connections=500',
	], { logFile: path.join(dir, 'server.log') });
	const until = Date.now() + 20000;
	for (;;) {
		try {
			await sql(server, 'SELECT 1');
			break;
		} catch (error) {
			if (Date.now() > until || server.child.exitCode !== null) throw new Error(`MariaDB did not start; see ${path.join(dir, 'server.log')}\n${error.message}`);
			await new Promise((r) => setTimeout(r, 150));
		}
	}
	server.stop = () => stopService(server.child, 10000);
	return server;
}

/** A database and a user for one site on a running server ({ socket, port }); returns the site's db description. */
async function createDatabase(server, name) {
	const password = crypto.randomBytes(12).toString('hex');
	const user = `u_${name}`.slice(0, 32);
	const statements = ['localhost', '127.0.0.1']
		.map((host) => `CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY '${password}';
ALTER USER '${user}'@'${host}' IDENTIFIED BY '${password}';
GRANT ALL ON \`${name}\`.* TO '${user}'@'${host}';`)
		.join('\n');
	await sql(server, `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n${statements}`);
	return { client: 'mysql', host: '127.0.0.1', port: server.port, socket: server.socket, name, user, password };
}

/**
 * The sidecar's own least-privileged user for a site's database, made by running deploy/sidecar-grants.sql
 * (and deploy/sidecar-grants-network.sql for a network) as docs/production.md says, with this database's
 * name, a user name of its own (several test sites share one server) and a fresh password.
 */
async function createSidecarUser(server, db, { network = false, user = `scs_${db.name}`.slice(0, 32) } = {}) {
	const password = crypto.randomBytes(12).toString('hex');
	const files = ['sidecar-grants.sql', ...(network ? ['sidecar-grants-network.sql'] : [])];
	const sqlText = files
		.map((file) => {
			const text = fs.readFileSync(path.join(paths.deploy, file), 'utf8');
			for (const token of [' wordpress.', "'solar_sidecar'"]) {
				if (!text.includes(token)) throw new Error(`deploy/${file} no longer contains ${token}: update scripts/lib/mariadb.js`);
			}
			return text.split(' wordpress.').join(` \`${db.name}\`.`).split("'solar_sidecar'").join(`'${user}'`).split('change-me-to-a-long-random-password').join(password);
		})
		.join('\n');
	// The password of an existing user (a second start) is set again: CREATE USER IF NOT EXISTS keeps the old one.
	const reset = ['localhost', '127.0.0.1'].map((host) => `ALTER USER '${user}'@'${host}' IDENTIFIED BY '${password}';`).join('\n');
	await sql(server, `${sqlText}\n${reset}`);
	return { user, password };
}

async function dropDatabase(server, name) {
	const users = [`u_${name}`, `scs_${name}`].map((u) => u.slice(0, 32));
	await sql(server, `DROP DATABASE IF EXISTS \`${name}\`; ${users.map((u) => `DROP USER IF EXISTS '${u}'@'localhost', '${u}'@'127.0.0.1';`).join(' ')}`);
}


module.exports = { startMariaDb, createDatabase, createSidecarUser, dropDatabase };
