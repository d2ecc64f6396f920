/**
 * The Store on MySQL/MariaDB, through a mysql2 pool (the statements are in sql.ts).
 *
 * Sessions run in UTC (`time_zone = '+00:00'`, DATETIME read back as `YYYY-MM-DD HH:MM:SS` text)
 * and READ COMMITTED: a transaction's locking reads (`FOR UPDATE`) see the latest committed rows
 * and take no gap locks, so transactions on one lead queue behind each other instead of
 * deadlocking, and a row another sidecar just committed is found. A deadlock or lock timeout
 * that still happens rolls back and runs the whole transaction again.
 * (READ COMMITTED needs binlog_format ROW or MIXED, the defaults, when the binary log is on.)
 */
import mysql from 'mysql2/promise';
import type { DbConfig } from '../config';
import { type Executor, MYSQL_DIALECT, type Param, Queries, SqlStore } from './sql';

export type MysqlConfig = Extract<DbConfig, { client: 'mysql' }>;

const ER_DUP_ENTRY = 1062;
/** ER_NO_SUCH_TABLE; ER_TABLEACCESS_DENIED_ERROR (a least-privileged user without a grant on it). */
const MISSING_TABLE = new Set([1146, 1142]);
/** ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK, and a duplicate key a statement did not expect (a writer got there first). */
const RETRYABLE = new Set([1205, 1213, ER_DUP_ENTRY]);
const MAX_ATTEMPTS = 5;

const errno = (error: unknown): unknown => (error as { errno?: unknown } | null)?.errno;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class MysqlExecutor implements Executor {
  constructor(private readonly db: mysql.Pool | mysql.PoolConnection) {}

  async one<T>(sql: string, params: Param[]): Promise<T | null> {
    return (await this.all<T>(sql, params))[0] ?? null;
  }

  async all<T>(sql: string, params: Param[]): Promise<T[]> {
    const [rows] = await this.db.query<mysql.RowDataPacket[]>(sql, params);
    return rows as T[];
  }

  async run(sql: string, params: Param[]): Promise<{ changes: number; insertId: number }> {
    const [result] = await this.db.query<mysql.ResultSetHeader>(sql, params);
    return { changes: result.affectedRows, insertId: result.insertId };
  }

  isUniqueViolation(error: unknown): boolean {
    return errno(error) === ER_DUP_ENTRY;
  }

  isMissingTable(error: unknown): boolean {
    return MISSING_TABLE.has(errno(error) as number);
  }
}

export class MysqlStore extends SqlStore {
  readonly client = 'mysql';
  private readonly pool: mysql.Pool;
  protected readonly queries: Queries;
  protected readonly network: MysqlStore;
  protected readonly basePrefix: string;

  /** `shared`: the network's store whose pool a site's view uses (multisite). */
  constructor(
    private readonly config: MysqlConfig,
    private readonly prefix: string,
    private readonly connectionLimit = 10,
    shared?: MysqlStore,
  ) {
    super();
    this.network = shared ?? this;
    this.basePrefix = shared ? shared.basePrefix : prefix;
    this.pool = shared ? shared.pool : this.createPool();
    this.queries = new Queries(new MysqlExecutor(this.pool), prefix, MYSQL_DIALECT);
  }

  private createPool(): mysql.Pool {
    const { config, connectionLimit } = this;
    const pool = mysql.createPool({
      ...(config.socket ? { socketPath: config.socket } : { host: config.host, port: config.port }),
      user: config.user,
      password: config.password,
      database: config.database,
      charset: 'UTF8MB4_UNICODE_CI',
      timezone: 'Z',
      dateStrings: true,
      connectionLimit,
      // affectedRows counts rows changed, not rows matched: an INSERT … ON DUPLICATE KEY that
      // changed nothing reports 0, as SQLite's ON CONFLICT DO NOTHING does.
      flags: ['-FOUND_ROWS'],
    });
    // Runs before the pool hands the new connection out (queries on one connection are queued).
    pool.pool.on('connection', (connection) => {
      for (const sql of ["SET time_zone = '+00:00'", 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'])
        connection.query(sql, (error: unknown) => {
          if (error) connection.destroy();
        });
    });
    return pool;
  }

  protected view(prefix: string): MysqlStore {
    return new MysqlStore(this.config, prefix, this.connectionLimit, this);
  }

  async transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.pool.getConnection();
      let healthy = true;
      try {
        await connection.query('START TRANSACTION');
        const result = await fn(new Queries(new MysqlExecutor(connection), this.prefix, MYSQL_DIALECT));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        healthy = await connection.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(errno(error) as number)) throw error;
      } finally {
        if (healthy) connection.release();
        else connection.destroy();
      }
      // Let the transaction that won the lock finish; jitter keeps the losers from colliding again.
      await sleep(attempt * 5 + Math.random() * 20);
    }
  }

  async close(): Promise<void> {
    if (this.network === this) await this.pool.end();
  }
}
