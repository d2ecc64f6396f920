/**
 * Listening: on host:port (loopback by default), or on a Unix socket (SIDECAR_SOCKET, or a PORT that
 * is a path, as some hosting panels give Node.js apps). A socket is made readable and writable by its
 * owner and group only (PHP runs as the same user on such hosts, or in its group), and a stale one
 * left by a crash is replaced; a path that is not a socket, or a socket another process still answers
 * on, is never touched.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';

/** Whether something answers on the Unix socket at `file`. */
function answers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(file);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Removes a stale socket at `file`; throws when the path is something else or in use. */
export async function clearStaleSocket(file: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return; // nothing there
  }
  if (!stat.isSocket()) throw new Error(`${file} exists and is not a socket; refusing to replace it`);
  if (await answers(file)) throw new Error(`another process is listening on ${file}`);
  unlinkSync(file);
}

export type Address = { socket: string } | { host: string; port: number };

export const describeAddress = (address: Address): string =>
  'socket' in address ? `unix:${address.socket}` : `${address.host}:${address.port}`;

/** Starts `server` listening; resolves once it does. */
export async function listen(server: Server, address: Address): Promise<void> {
  if ('socket' in address) await clearStaleSocket(address.socket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if ('socket' in address) server.listen(address.socket, done);
    else server.listen(address.port, address.host, done);
  });
  if ('socket' in address) chmodSync(address.socket, 0o660);
}
