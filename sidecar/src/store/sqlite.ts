/**
 * The Store on the WordPress SQLite file, through better-sqlite3 (synchronous, so every
 * transaction is short by construction). PHP writes the same file: a busy timeout lets us
 * wait for its locks, and BEGIN IMMEDIATE takes ours up front (which also serialises several
 * sidecars on one file). The statements are in sql.ts.
 *
 * Group commit: the transactions asked for in one turn of the event loop run one after another
 * inside one BEGIN IMMEDIATE … COMMIT, each in its own SAVEPOINT, so a transaction that throws
 * rolls back only its own writes. Nobody hears back before that COMMIT: a caller's result is
 * durable (WAL, synchronous = NORMAL) when its promise resolves. A commit writes every page the
 * group changed to the WAL, and consecutive deliveries change mostly the same pages (the tails of
 * the tables and indexes): about 19 pages a delivery committed alone, 3 in a group of 16. A group
 * is at most MAX_GROUP transactions, a few milliseconds of write lock, so PHP never waits long.
 */
import Database from 'better-sqlite3';
import { type Executor, type Param, Queries, SQLITE_DIALECT, SqlStore } from './sql';

/** Most transactions committed together. */
const MAX_GROUP = 32;

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

interface Pending {
  fn: (tx: Queries) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteStore extends SqlStore {
  readonly client = 'sqlite';
  private readonly db: Database.Database;
  protected readonly queries: Queries;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo',
    Database.Statement
  >;
  /** Transactions waiting for the next group. */
  private pending: Pending[] = [];
  /** The group being run, if any (close waits for it). */
  private running: Promise<void> | null = null;

  /** Opens an existing database file (WordPress made it; WAL is already on). */
  constructor(file: string, prefix: string) {
    super();
    // `timeout` is SQLite's busy_timeout: wait up to 5 s for PHP's lock instead of failing at once.
    this.db = new Database(file, { fileMustExist: true, timeout: 5000 });
    // As WordPress's SQLite drop-in sets it: with WAL, a commit survives a crash of either process.
    this.db.pragma('synchronous = NORMAL');
    // Each transaction of a group runs in a SAVEPOINT, whose undo copies of the pages it changes
    // would otherwise spill to a temporary file; in memory, applying a delivery takes about a
    // quarter less time. (This connection's temporary storage only; the database file is untouched.)
    this.db.pragma('temp_store = MEMORY');
    this.queries = new Queries(new SqliteExecutor(this.db), prefix, SQLITE_DIALECT);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.control = {
      begin: prepare('BEGIN IMMEDIATE'),
      commit: prepare('COMMIT'),
      rollback: prepare('ROLLBACK'),
      savepoint: prepare('SAVEPOINT one'),
      release: prepare('RELEASE one'),
      undo: prepare('ROLLBACK TO one'),
    };
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1 && !this.running) setImmediate(() => this.runGroups());
    });
  }

  /** Runs the waiting transactions, a group at a time, until none is left. */
  private runGroups(): void {
    if (this.running || this.pending.length === 0) return;
    this.running = this.runGroup(this.pending.splice(0, MAX_GROUP)).finally(() => {
      this.running = null;
      // Let the answers go out and new requests come in before the next group.
      if (this.pending.length > 0) setImmediate(() => this.runGroups());
    });
  }

  private async runGroup(group: Pending[]): Promise<void> {
    const { control } = this;
    const answers: (() => void)[] = [];
    try {
      control.begin.run();
      for (const [index, item] of group.entries()) {
        control.savepoint.run();
        try {
          const value = await item.fn(this.queries);
          control.release.run();
          answers.push(() => item.resolve(value));
        } catch (error) {
          if (!this.db.inTransaction) {
            // SQLite gave up the whole transaction (I/O error, disk full…): the others' writes are
            // gone through no fault of theirs, so they run again in the next group.
            this.pending.unshift(...group.filter((_, other) => other !== index));
            item.reject(error);
            return;
          }
          control.undo.run();
          control.release.run();
          answers.push(() => item.reject(error));
        }
      }
      control.commit.run();
    } catch (error) {
      // BEGIN (PHP held the lock past the busy timeout), a savepoint or COMMIT failed: nothing of
      // the group is kept. (Should even the ROLLBACK fail, the next BEGIN reports it.)
      for (const item of group) item.reject(error);
      try {
        if (this.db.inTransaction) control.rollback.run();
      } catch {
        // reported by the next BEGIN
      }
      return;
    }
    for (const answer of answers) answer();
  }

  async close(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      this.runGroups();
      await this.running;
    }
    this.db.close();
  }
}
