/**
 * TEST-ONLY: a throw-away WordPress-like database (a SQLite file, or a database on the MariaDB
 * server jest.global-setup.js started) with the plugin's tables and options, and helpers to
 * queue deliveries the way PHP's webhook route does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { spawn } from 'node:child_process';
import { type DbConfig, packageRoot } from '../config';
import { loadPipeline } from '../pipeline';
import type { Outcome, ProcessContext } from '../process';
import { INTERNAL_TOKEN_OPTION, PROVIDERS_OPTION } from '../settings';
import { MysqlStore } from '../store/mysql';
import { SqliteStore } from '../store/sqlite';
import { tableNames } from '../store/tables';
import type { Store } from '../store/types';
import { blogsTestSchema, mysqlTestSchema, sqliteTestSchema } from './schema';

export const PREFIX = 'wp_';
export const SECRET = 'whsec_test_5b1f0c2e9a';
/** Fixtures' bookings start on 2025-06-10..12; the tests run "now" a little before. */
export const NOW = new Date('2025-06-01T12:00:00Z');
export const RECEIVED = '2025-06-01 12:00:00';
export const t = tableNames(PREFIX);

export type DbKind = 'sqlite' | 'mariadb';

/** Set by jest.global-setup.js when it started a MariaDB server. */
const mariadbSocket = () => process.env.SIDECAR_TEST_MARIADB_SOCKET;

/**
 * Declares the suite once per database: SQLite and MariaDB. `npm test` installs MariaDB; where its
 * server could not be started, the MariaDB half fails with the reason instead of silently not running.
 */
export function eachDatabase(suite: (kind: DbKind) => void): void {
  describe('on SQLite', () => suite('sqlite'));
  if (mariadbSocket()) describe('on MariaDB', () => suite('mariadb'));
  else
    describe('on MariaDB', () => {
      test('needs a MariaDB server (npm test installs mariadb-server; run it, or install mariadb-server)', () => {
        throw new Error('mariadbd is not installed, so the MariaDB half of this suite cannot run');
      });
    });
}

export function fixture(provider: string, name: string): Buffer {
  return readFileSync(path.join(packageRoot, 'src/providers/__fixtures__', provider, `${name}.json`));
}

export const calcomFixture = (name: string) => fixture('calcom', name);

const hmacHex = (secret: string, ...parts: (Buffer | string)[]) =>
  parts.reduce((hmac, part) => hmac.update(part), createHmac('sha256', secret)).digest('hex');

export const signCalcom = (body: Buffer | string, secret = SECRET): string => hmacHex(secret, body);

/** `Calendly-Webhook-Signature` for `body` signed at `at`. */
export function signCalendly(body: Buffer | string, secret = SECRET, at: Date = NOW): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.`, body)}`;
}

/** The connection a test arranges and asserts with, as PHP would have it. Positional `?` params. */
interface TestDb {
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** Test-only DDL: the tables of another site of a network (dropped first), and the network's blogs table. */
  addSiteTables(prefix: string): Promise<void>;
  rows<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  upsertOption(name: string, value: string): Promise<void>;
  close(): Promise<void>;
}

interface Backend {
  db: TestDb;
  /** How a sidecar is configured for this database. */
  config: DbConfig;
  /** A store on the database, as a sidecar opens it (`connections`: MySQL pool size). */
  openStore(connections?: number): Store;
}

async function sqliteSite(): Promise<Backend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'solar-sidecar-'));
  const file = path.join(dir, '.ht.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(sqliteTestSchema(PREFIX));
  return {
    config: { client: 'sqlite', path: file },
    openStore: () => new SqliteStore(file, PREFIX),
    db: {
      run: async (sql, ...params) => Number(db.prepare(sql).run(...params).lastInsertRowid),
      addSiteTables: async (prefix) => {
        db.exec(blogsTestSchema(PREFIX, 'sqlite'));
        for (const table of Object.values(tableNames(prefix))) db.exec(`DROP TABLE IF EXISTS ${table}`);
        db.exec(sqliteTestSchema(prefix));
      },
      rows: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
      upsertOption: async (name, value) => {
        db.prepare(
          `INSERT INTO ${t.options} (option_name, option_value) VALUES (?, ?)
           ON CONFLICT (option_name) DO UPDATE SET option_value = excluded.option_value`,
        ).run(name, value);
      },
      close: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

/** One database per test file (made on first use), emptied for each site. */
let mariadbName: Promise<string> | null = null;

async function mariadbSite(): Promise<Backend> {
  const socket = mariadbSocket();
  if (!socket) throw new Error('no MariaDB server: jest.global-setup.js did not start one');
  const db = await mysql.createConnection({
    socketPath: socket,
    user: 'root',
    dateStrings: true,
    charset: 'UTF8MB4_UNICODE_CI',
  });
  mariadbName ??= (async () => {
    const name = `sc_test_${randomBytes(6).toString('hex')}`;
    await db.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);
    await db.query(`USE ${name}`);
    for (const sql of mysqlTestSchema(PREFIX)) await db.query(sql);
    return name;
  })();
  const name = await mariadbName;
  await db.query(`USE ${name}`);
  for (const table of Object.values(t)) await db.query(`TRUNCATE TABLE ${table}`);
  const config = { client: 'mysql', host: '', port: 0, socket, database: name, user: 'root', password: '' } as const;
  return {
    config,
    openStore: (connections) => new MysqlStore(config, PREFIX, connections),
    db: {
      run: async (sql, ...params) => ((await db.query(sql, params))[0] as mysql.ResultSetHeader).insertId,
      addSiteTables: async (prefix) => {
        await db.query(blogsTestSchema(PREFIX, 'mysql'));
        for (const table of Object.values(tableNames(prefix))) await db.query(`DROP TABLE IF EXISTS ${table}`);
        for (const sql of mysqlTestSchema(prefix)) await db.query(sql);
      },
      rows: async <T>(sql: string, ...params: unknown[]) => (await db.query(sql, params))[0] as T[],
      upsertOption: async (name, value) => {
        await db.query(
          `INSERT INTO ${t.options} (option_name, option_value) VALUES (?, ?)
           ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)`,
          [name, value],
        );
      },
      close: () => db.end(),
    },
  };
}

const enabled = (secret: string | null = SECRET) => ({
  enabled: true,
  secret,
  previous_secret: null,
  previous_secret_expires: null,
  accept_unsigned: false,
  booking_url: '',
});

export class TestSite {
  readonly internalToken = randomBytes(32).toString('hex');
  readonly ctx: ProcessContext;
  now = NOW;

  readonly store: Store;

  private constructor(
    readonly kind: DbKind,
    private readonly backend: Backend,
    env: NodeJS.ProcessEnv,
    storeConnections?: number,
  ) {
    this.store = backend.openStore(storeConnections);
    this.ctx = {
      store: this.store,
      pipeline: loadPipeline(path.join(packageRoot, '..', 'plugin', 'pipeline.json')),
      env,
      clock: () => this.now,
    };
  }

  /** Every provider enabled with SECRET. `storeConnections`: the MySQL store's pool size. */
  static async create(kind: DbKind = 'sqlite', env: NodeJS.ProcessEnv = {}, storeConnections?: number) {
    const site = new TestSite(
      kind,
      kind === 'sqlite' ? await sqliteSite() : await mariadbSite(),
      env,
      storeConnections,
    );
    await site.setOption(INTERNAL_TOKEN_OPTION, site.internalToken);
    await site.setProviders({ calcom: enabled(), calendly: enabled(), orufy: enabled(), generic: enabled() });
    return site;
  }

  /**
   * Starts another sidecar process on the same database; once it is ready, `go()` makes it process
   * `ids` concurrently and resolves with its outcomes.
   */
  async otherSidecar(ids: number[]): Promise<{ go(): Promise<Outcome[]> }> {
    const input = JSON.stringify({ db: this.backend.config, prefix: PREFIX, ids, now: this.now, env: this.ctx.env });
    const child = spawn(process.execPath, [path.join(__dirname, 'other-sidecar.js'), input]);
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.startsWith('ready\n')) resolve();
      });
      exited.then((code) => reject(new Error(`the other sidecar exited (${code}) before it was ready: ${err}`)));
    });
    return {
      go: async () => {
        child.stdin.end('go\n');
        const code = await exited;
        if (code !== 0) throw new Error(`the other sidecar failed (${code}): ${err}`);
        return JSON.parse(out.slice('ready\n'.length)) as Outcome[];
      },
    };
  }

  private get db(): TestDb {
    return this.backend.db;
  }

  setOption(name: string, value: string): Promise<void> {
    return this.db.upsertOption(name, value);
  }

  setProviders(providers: Record<string, unknown>): Promise<void> {
    return this.setOption(PROVIDERS_OPTION, JSON.stringify(providers));
  }

  /** Stores a raw delivery like the webhook route: status queued, headers with lower-cased names. */
  queue(body: Buffer | string, headers: Record<string, string> = {}, provider = 'calcom'): Promise<number> {
    return this.db.run(
      `INSERT INTO ${t.deliveries} (provider, status, body, content_type, headers, attempts, received_at)
       VALUES (?, 'queued', ?, 'application/json', ?, 0, ?)`,
      provider,
      Buffer.isBuffer(body) ? body.toString('utf8') : body,
      JSON.stringify(headers),
      RECEIVED,
    );
  }

  /** Queues a Cal.com body signed with `secret`. */
  queueCalcom(body: Buffer | string, secret = SECRET): Promise<number> {
    return this.queue(body, { 'x-cal-signature-256': signCalcom(body, secret), 'x-cal-webhook-version': '2021-10-20' });
  }

  queueCalendly(body: Buffer | string, secret = SECRET, at: Date = NOW): Promise<number> {
    return this.queue(body, { 'calendly-webhook-signature': signCalendly(body, secret, at) }, 'calendly');
  }

  /** Queues a body for a provider authenticated by a token (Orufy, generic), as a bearer token by default. */
  queueWithToken(
    provider: string,
    body: Buffer | string,
    headers: Record<string, string> = { authorization: `Bearer ${SECRET}` },
  ) {
    return this.queue(body, headers, provider);
  }

  exec(sql: string, ...params: unknown[]): Promise<number> {
    return this.db.run(sql, ...params);
  }

  /**
   * Makes this database a multisite network's: WordPress's `{prefix}blogs` lists the main site and
   * `blogId` (deleted or not), whose tables `{prefix}{blogId}_…` hold its own token and providers
   * (every provider enabled with `secret`). Returns that site's prefix and token.
   */
  async addNetworkSite(blogId: number, { deleted = false, secret = SECRET } = {}): Promise<{ prefix: string; token: string }> {
    const prefix = `${PREFIX}${blogId}_`;
    await this.db.addSiteTables(prefix);
    const blogs = `${PREFIX}blogs`;
    await this.db.run(`DELETE FROM ${blogs} WHERE blog_id IN (1, ?)`, blogId);
    await this.db.run(`INSERT INTO ${blogs} (blog_id, site_id, domain, path, deleted) VALUES (1, 1, 'example.org', '/', 0)`);
    await this.db.run(
      `INSERT INTO ${blogs} (blog_id, site_id, domain, path, deleted) VALUES (?, 1, 'example.org', ?, ?)`,
      blogId,
      `/site${blogId}/`,
      deleted ? 1 : 0,
    );
    const token = randomBytes(32).toString('hex');
    const options = tableNames(prefix).options;
    await this.db.run(`INSERT INTO ${options} (option_name, option_value) VALUES (?, ?)`, INTERNAL_TOKEN_OPTION, token);
    await this.db.run(
      `INSERT INTO ${options} (option_name, option_value) VALUES (?, ?)`,
      PROVIDERS_OPTION,
      JSON.stringify({ calcom: enabled(secret), calendly: enabled(secret), orufy: enabled(secret), generic: enabled(secret) }),
    );
    return { prefix, token };
  }

  /** Queues a signed Cal.com delivery in another site's inbox (`{prefix}solar_deliveries`), as PHP on that site does. */
  queueCalcomOn(prefix: string, body: Buffer | string, secret = SECRET): Promise<number> {
    return this.db.run(
      `INSERT INTO ${tableNames(prefix).deliveries} (provider, status, body, content_type, headers, attempts, received_at)
       VALUES ('calcom', 'queued', ?, 'application/json', ?, 0, ?)`,
      Buffer.isBuffer(body) ? body.toString('utf8') : body,
      JSON.stringify({ 'x-cal-signature-256': signCalcom(body, secret) }),
      RECEIVED,
    );
  }

  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.db.rows<T>(sql, ...params);
  }

  async row<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T> {
    return (await this.db.rows<T>(sql, ...params))[0];
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.db.close();
  }
}
