import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listen } from './listen';

/** GET / over the Unix socket at `socketPath`; the answer's body. */
const get = (socketPath: string) =>
  new Promise<string>((resolve, reject) => {
    const req = request({ socketPath, path: '/' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });

describe('listening on a Unix socket (hosting panels that give Node.js apps a socket path)', () => {
  let dir: string;
  const servers: Server[] = [];
  const serve = (text: string) => {
    const server = createServer((_req, res) => res.end(text));
    servers.push(server);
    return server;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'solar-sidecar-listen-'));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTP on it, readable and writable by its owner and group only', async () => {
    const socket = path.join(dir, 'sidecar.sock');
    await listen(serve('hello'), { socket });
    expect(await get(socket)).toBe('hello');
    expect(statSync(socket).mode & 0o777).toBe(0o660);
  });

  it('replaces a stale socket a crash left behind', async () => {
    const socket = path.join(dir, 'sidecar.sock');
    // Another process listens on it and is killed with SIGKILL: its socket file stays, nobody answers.
    const crashed = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`]);
    await new Promise((resolve) => crashed.stdout.once('data', resolve));
    const gone = new Promise((resolve) => crashed.once('exit', resolve));
    crashed.kill('SIGKILL');
    await gone;
    expect(lstatSync(socket).isSocket()).toBe(true);
    await listen(serve('new'), { socket });
    expect(await get(socket)).toBe('new');
  });

  it('never touches a path that is not a socket, nor a socket another sidecar answers on', async () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'keep me');
    await expect(listen(serve('x'), { socket: file })).rejects.toThrow(/is not a socket/);
    const socket = path.join(dir, 'sidecar.sock');
    await listen(serve('first'), { socket });
    await expect(listen(serve('second'), { socket })).rejects.toThrow(/another process is listening/);
    expect(await get(socket)).toBe('first');
  });
});
