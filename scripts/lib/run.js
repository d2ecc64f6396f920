'use strict';
// Child processes: run a command to completion, or start a long-lived service in its own process group.
const { spawn, spawnSync } = require('node:child_process');
const { EventEmitter } = require('node:events');

class CommandError extends Error {}

/** Runs a command; resolves with its output, rejects with the tail of its output when it fails. */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: { ...process.env, ...(options.env || {}) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const keep = (chunk) => {
			out += chunk;
			if (out.length > 200000) out = out.slice(-100000);
			if (options.echo) process.stdout.write(chunk);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', (error) => reject(new CommandError(`${command}: ${error.message}`)));
		child.on('close', (code) => {
			if (code === 0) return resolve(out);
			const tail = out.trim().split('\n').slice(-25).join('\n');
			reject(new CommandError(`${command} ${args.join(' ')} exited with ${code}\n${tail}`));
		});
	});
}

function has(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a long-lived process in its own process group (so its children, such as php -S workers, stop with it).
 * Output goes to a log file when given.
 */
function startService(name, command, args, options = {}) {
	const fs = require('node:fs');
	const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: { ...process.env, ...(options.env || {}) },
		stdio: ['ignore', options.inherit ? 'inherit' : out, options.inherit ? 'inherit' : out],
		detached: true,
	});
	child.serviceName = name;
	return child;
}

/**
 * Several services that run as one (PHP-FPM and the web server in front of it): each in its own
 * process group. Emits 'exit' once, when the first of them ends; exitCode/signalCode are that one's.
 */
class ServiceGroup extends EventEmitter {
	constructor(name, members) {
		super();
		this.serviceName = name;
		this.members = members;
		this.exitCode = null;
		this.signalCode = null;
		for (const member of members) {
			member.once('exit', (code, signal) => {
				if (this.exitCode !== null || this.signalCode !== null) return;
				this.exitCode = code;
				this.signalCode = signal;
				this.emit('exit', code, signal);
			});
		}
	}

	/** The first member's pid (the web server). */
	get pid() {
		return this.members[0].pid;
	}
}

/** Sends a signal to a service's process group (each member's, for a ServiceGroup). */
function signalService(service, signal) {
	for (const child of service && service.members ? service.members : [service]) {
		if (!child || child.exitCode !== null || child.signalCode !== null) continue;
		try {
			process.kill(-child.pid, signal);
		} catch {
			/* already gone */
		}
	}
}

/** Stops a service started with startService (or a ServiceGroup): SIGTERM to its group, SIGKILL after a grace period. */
function stopService(child, graceMs = 5000) {
	if (child && child.members) return Promise.all(child.members.map((member) => stopService(member, graceMs))).then(() => undefined);
	return new Promise((resolve) => {
		if (!child || child.exitCode !== null || child.signalCode !== null) {
			// Workers may outlive their parent (php -S, nginx after a SIGKILL of its master): the group goes too.
			if (child) {
				try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
			}
			return resolve();
		}
		const timer = setTimeout(() => {
			try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			// php -S workers may outlive their parent: make sure the whole group is gone.
			try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
			resolve();
		});
		try { process.kill(-child.pid, 'SIGTERM'); } catch { clearTimeout(timer); resolve(); }
	});
}

module.exports = { run, has, startService, stopService, signalService, ServiceGroup, CommandError };
