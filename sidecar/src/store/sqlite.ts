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

  isMissingTable(error: unknown): boolean {
    return /no such table/i.test((error as { message?: unknown }).message as string);
  }
}

interface Pending {
  fn: (tx: Queries) => Promise<unknown>;
  /** The statements of the site (table prefix) the transaction is for. */
  queries: Queries;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The connection and its group commit, shared by the main site's store and the other sites' views
 * of a multisite network: one write lock, one queue, whichever site a transaction is for.
 */
class Connection {
  readonly executor: SqliteExecutor;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo',
    Database.Statement
  >;
  /** Transactions waiting for the next group. */
  private pending: Pending[] = [];
  /** The group being run, if any (close waits for it). */
  private running: Promise<void> | null = null;

  constructor(readonly db: Database.Database) {
    this.executor = new SqliteExecutor(db);
    const prepare = (sql: string) => db.prepare(sql);
    this.control = {
      begin: prepare('BEGIN IMMEDIATE'),
      commit: prepare('COMMIT'),
      rollback: prepare('ROLLBACK'),
      savepoint: prepare('SAVEPOINT one'),
      release: prepare('RELEASE one'),
      undo: prepare('ROLLBACK TO one'),
    };
  }

  transaction<T>(queries: Queries, fn: (tx: Queries) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, queries, resolve: resolve as (value: unknown) => void, reject });
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
          const value = await item.fn(item.queries);
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

export class SqliteStore extends SqlStore {
  readonly client = 'sqlite';
  protected readonly queries: Queries;
  protected readonly network: SqliteStore;
  protected readonly basePrefix: string;
  private readonly connection: Connection;

  /**
   * Opens an existing database file (WordPress made it; WAL is already on). `shared`: the network's
   * store whose connection a site's view uses (multisite).
   */
  constructor(file: string, prefix: string, shared?: SqliteStore) {
    super();
    this.network = shared ?? this;
    this.basePrefix = shared ? shared.basePrefix : prefix;
    this.connection = shared ? shared.connection : new Connection(SqliteStore.open(file));
    this.queries = new Queries(this.connection.executor, prefix, SQLITE_DIALECT);
  }

  private static open(file: string): Database.Database {
    // `timeout` is SQLite's busy_timeout: wait up to 5 s for PHP's lock instead of failing at once.
    const db = new Database(file, { fileMustExist: true, timeout: 5000 });
    // As WordPress's SQLite drop-in sets it: with WAL, a commit survives a crash of either process.
    db.pragma('synchronous = NORMAL');
    // Each transaction of a group runs in a SAVEPOINT, whose undo copies of the pages it changes
    // would otherwise spill to a temporary file; in memory, applying a delivery takes about a
    // quarter less time. (This connection's temporary storage only; the database file is untouched.)
    db.pragma('temp_store = MEMORY');
    return db;
  }

  protected view(prefix: string): SqliteStore {
    return new SqliteStore('', prefix, this);
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    return this.connection.transaction(this.queries, fn);
  }

  async close(): Promise<void> {
    if (this.network === this) await this.connection.close();
  }
}
