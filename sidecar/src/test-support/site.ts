/**
 * TEST-ONLY: a throw-away WordPress-like SQLite database with the plugin's tables and options,
 * and helpers to queue deliveries the way PHP's webhook route does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { packageRoot } from '../config';
import { loadPipeline } from '../pipeline';
import type { ProcessContext } from '../process';
import { INTERNAL_TOKEN_OPTION, PROVIDERS_OPTION } from '../settings';
import { SqliteStore } from '../store/sqlite';
import { tableNames } from '../store/tables';
import { testSchema } from './schema';

export const PREFIX = 'wp_';
export const SECRET = 'whsec_test_5b1f0c2e9a';
/** Fixtures' bookings start on 2025-06-10..12; the tests run "now" a little before. */
export const NOW = new Date('2025-06-01T12:00:00Z');
export const t = tableNames(PREFIX);

export function calcomFixture(name: string): Buffer {
  return readFileSync(path.join(packageRoot, 'src/providers/__fixtures__/calcom', `${name}.json`));
}

export function signCalcom(body: Buffer | string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export class TestSite {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'solar-sidecar-'));
  readonly file = path.join(this.dir, '.ht.sqlite');
  /** A second connection, as PHP would have, for arranging and asserting. */
  readonly db: Database.Database;
  readonly store: SqliteStore;
  readonly internalToken = randomBytes(32).toString('hex');
  readonly ctx: ProcessContext;
  now = NOW;

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(testSchema(PREFIX));
    this.setOption(INTERNAL_TOKEN_OPTION, this.internalToken);
    this.setProviders({
      calcom: {
        enabled: true,
        secret: SECRET,
        previous_secret: null,
        previous_secret_expires: null,
        accept_unsigned: false,
        booking_url: '',
      },
    });
    this.store = new SqliteStore(this.file, PREFIX);
    this.ctx = {
      store: this.store,
      pipeline: loadPipeline(path.join(packageRoot, '..', 'plugin', 'pipeline.json')),
      env,
      clock: () => this.now,
    };
  }

  setOption(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO ${t.options} (option_name, option_value) VALUES (?, ?) ON CONFLICT (option_name) DO UPDATE SET option_value = excluded.option_value`,
      )
      .run(name, value);
  }

  setProviders(providers: Record<string, unknown>): void {
    this.setOption(PROVIDERS_OPTION, JSON.stringify(providers));
  }

  /** Stores a raw delivery like the webhook route: status queued, headers with lower-cased names. */
  queue(body: Buffer | string, headers: Record<string, string> = {}, provider = 'calcom'): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO ${t.deliveries} (provider, status, body, content_type, headers, received_at)
         VALUES (?, 'queued', ?, 'application/json', ?, '2025-06-01 12:00:00')`,
      )
      .run(provider, Buffer.isBuffer(body) ? body.toString('utf8') : body, JSON.stringify(headers));
    return Number(lastInsertRowid);
  }

  /** Queues a Cal.com body signed with `secret`. */
  queueCalcom(body: Buffer | string, secret = SECRET): number {
    return this.queue(body, { 'x-cal-signature-256': signCalcom(body, secret), 'x-cal-webhook-version': '2021-10-20' });
  }

  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  row<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T {
    return this.db.prepare(sql).get(...params) as T;
  }

  async close(): Promise<void> {
    await this.store.close();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
