/**
 * The Store on the WordPress SQLite file, through better-sqlite3 (synchronous, so every
 * transaction is short by construction). PHP writes the same file: a busy timeout lets us
 * wait for its locks, BEGIN IMMEDIATE takes ours up front (which also serialises several
 * sidecars on one file), and an in-process queue keeps our own transactions from
 * interleaving on the one connection. The statements are in sql.ts.
 */
import Database from 'better-sqlite3';
import { type Executor, type Param, Queries, SQLITE_DIALECT, SqlStore } from './sql';

class SqliteExecutor implements Executor {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async one<T>(sql: string, params: Param[]): Promise<T | null> {
    return (this.statement(sql).get(params) as T | undefined) ?? null;
  }

  async all<T>(sql: string, params: Param[]): Promise<T[]> {
    return this.statement(sql).all(params) as T[];
  }

  async run(sql: string, params: Param[]): Promise<{ changes: number; insertId: number }> {
    const { changes, lastInsertRowid } = this.statement(sql).run(params);
    return { changes, insertId: Number(lastInsertRowid) };
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
  }
}

export class SqliteStore extends SqlStore {
  readonly client = 'sqlite';
  private readonly db: Database.Database;
  protected readonly queries: Queries;
  /** Tail of the transaction queue: the next transaction starts when this settles. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Opens an existing database file (WordPress made it; WAL is already on). */
  constructor(file: string, prefix: string) {
    super();
    // `timeout` is SQLite's busy_timeout: wait up to 5 s for PHP's lock instead of failing at once.
    this.db = new Database(file, { fileMustExist: true, timeout: 5000 });
    // As WordPress's SQLite drop-in sets it: with WAL, a commit survives a crash of either process.
    this.db.pragma('synchronous = NORMAL');
    this.queries = new Queries(new SqliteExecutor(this.db), prefix, SQLITE_DIALECT);
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.queries);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
