/**
 * The Store on the WordPress SQLite file, through better-sqlite3 (synchronous, so every
 * transaction is short by construction). PHP writes the same file: a busy timeout lets us
 * wait for its locks, BEGIN IMMEDIATE takes ours up front, and an in-process queue keeps our
 * own transactions from interleaving on the one connection.
 */
import Database from 'better-sqlite3';
import type { BookingStatus } from '../events';
import { tableNames } from './tables';
import type {
  AppliedDelivery,
  BookingChange,
  BookingRow,
  DeliveryFinish,
  DeliveryRow,
  LeadRow,
  NewBooking,
  NewEvent,
  NewLead,
  Store,
  Tx,
} from './types';

type Params = object | unknown[];

class SqliteQueries implements Tx {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly t: ReturnType<typeof tableNames>;

  constructor(
    private readonly db: Database.Database,
    prefix: string,
  ) {
    this.t = tableNames(prefix);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private one<T>(sql: string, params: Params): T | null {
    return (this.statement(sql).get(params) as T | undefined) ?? null;
  }

  private all<T>(sql: string, params: Params): T[] {
    return this.statement(sql).all(params) as T[];
  }

  private run(sql: string, params: Params): Database.RunResult {
    return this.statement(sql).run(params);
  }

  /** The new row's id, or null when `ON CONFLICT DO NOTHING` skipped it. */
  private insert(sql: string, params: Params): number | null {
    const { changes, lastInsertRowid } = this.run(sql, params);
    return changes === 0 ? null : Number(lastInsertRowid);
  }

  async lockDelivery(id: number): Promise<DeliveryRow | null> {
    // BEGIN IMMEDIATE already holds the database's write lock.
    const row = this.one<Omit<DeliveryRow, 'body'> & { body: string | Buffer | null }>(
      `SELECT id, provider, status, http_status AS httpStatus, error, body, headers,
              lead_id AS leadId, booking_id AS bookingId, result
         FROM ${this.t.deliveries} WHERE id = ?`,
      [id],
    );
    if (!row) return null;
    const body = typeof row.body === 'string' ? Buffer.from(row.body, 'utf8') : row.body;
    return { ...row, body };
  }

  async findAppliedDelivery(key: string): Promise<AppliedDelivery | null> {
    return this.one<AppliedDelivery>(
      `SELECT id, lead_id AS leadId, booking_id AS bookingId FROM ${this.t.deliveries} WHERE applied_key = ?`,
      [key],
    );
  }

  async finishDelivery(id: number, f: DeliveryFinish): Promise<void> {
    this.run(
      `UPDATE ${this.t.deliveries}
          SET status = @status, http_status = @httpStatus, error = @error,
              trigger_name = COALESCE(@triggerName, trigger_name),
              idempotency_key = COALESCE(@idempotencyKey, idempotency_key),
              applied_key = @appliedKey, lead_id = @leadId, booking_id = @bookingId,
              result = @result, processed_at = @processedAt, attempts = attempts + 1,
              body = CASE WHEN @dropBody = 1 THEN NULL ELSE body END,
              headers = CASE WHEN @dropBody = 1 THEN NULL ELSE headers END
        WHERE id = @id`,
      { ...f, dropBody: f.dropBody ? 1 : 0, id },
    );
  }

  async getOption(name: string): Promise<string | null> {
    const row = this.one<{ value: string }>(
      `SELECT option_value AS value FROM ${this.t.options} WHERE option_name = ?`,
      [name],
    );
    return row?.value ?? null;
  }

  async findLeadById(id: number): Promise<LeadRow | null> {
    return this.one<LeadRow>(`SELECT id, stage FROM ${this.t.leads} WHERE id = ?`, [id]);
  }

  async findLeadByToken(token: string): Promise<LeadRow | null> {
    return this.one<LeadRow>(`SELECT id, stage FROM ${this.t.leads} WHERE lead_token = ?`, [token]);
  }

  async findLeadByEmail(emailNormalized: string): Promise<LeadRow | null> {
    return this.one<LeadRow>(`SELECT id, stage FROM ${this.t.leads} WHERE email_normalized = ?`, [emailNormalized]);
  }

  async insertLead(lead: NewLead): Promise<number | null> {
    return this.insert(
      `INSERT INTO ${this.t.leads}
              (email, email_normalized, name, phone, source, stage, stage_changed_at, lead_token, created_at, updated_at)
       VALUES (@email, @emailNormalized, @name, @phone, @source, @stage, @now, @leadToken, @now, @now)
       ON CONFLICT DO NOTHING`,
      lead,
    );
  }

  async fillLeadBlanks(id: number, details: { name: string; phone: string }, now: string): Promise<void> {
    this.run(
      `UPDATE ${this.t.leads}
          SET name = CASE WHEN name = '' THEN @name ELSE name END,
              phone = CASE WHEN phone = '' THEN @phone ELSE phone END,
              updated_at = @now
        WHERE id = @id`,
      { id, name: details.name, phone: details.phone, now },
    );
  }

  async setLeadStage(id: number, stage: string, now: string): Promise<void> {
    this.run(`UPDATE ${this.t.leads} SET stage = ?, stage_changed_at = ?, updated_at = ? WHERE id = ?`, [
      stage,
      now,
      now,
      id,
    ]);
  }

  async setNextBookingAt(id: number, nextBookingAt: string | null, now: string): Promise<void> {
    this.run(`UPDATE ${this.t.leads} SET next_booking_at = ?, updated_at = ? WHERE id = ?`, [nextBookingAt, now, id]);
  }

  private readonly bookingColumns =
    'id, lead_id AS leadId, external_id AS externalId, status, start_at AS startAt, attendee_email AS attendeeEmail';

  async findBooking(provider: string, externalId: string): Promise<BookingRow | null> {
    return this.one<BookingRow>(
      `SELECT ${this.bookingColumns} FROM ${this.t.bookings} WHERE provider = ? AND external_id = ?`,
      [provider, externalId],
    );
  }

  async findBookingReplacing(provider: string, externalId: string): Promise<BookingRow | null> {
    return this.one<BookingRow>(
      `SELECT ${this.bookingColumns} FROM ${this.t.bookings}
        WHERE provider = ? AND previous_external_id = ? ORDER BY id LIMIT 1`,
      [provider, externalId],
    );
  }

  async insertBooking(booking: NewBooking): Promise<number | null> {
    return this.insert(
      `INSERT INTO ${this.t.bookings}
              (lead_id, provider, external_id, status, title, start_at, end_at, timezone, attendee_email, guests,
               previous_external_id, next_external_id, cancel_reason, created_at, updated_at)
       VALUES (@leadId, @provider, @externalId, @status, @title, @startAt, @endAt, @timeZone, @attendeeEmail, @guests,
               @previousExternalId, @nextExternalId, @cancelReason, @now, @now)
       ON CONFLICT DO NOTHING`,
      booking,
    );
  }

  async updateBooking(id: number, change: BookingChange): Promise<void> {
    const columns = {
      status: 'status',
      cancelReason: 'cancel_reason',
      previousExternalId: 'previous_external_id',
      nextExternalId: 'next_external_id',
    } as const;
    const keys = (Object.keys(columns) as (keyof typeof columns)[]).filter((key) => change[key] !== undefined);
    const assignments = keys.map((key) => `${columns[key]} = @${key}`).join(', ');
    const params = Object.fromEntries([...keys.map((key) => [key, change[key]]), ['now', change.now], ['id', id]]);
    this.run(
      `UPDATE ${this.t.bookings} SET ${assignments}${keys.length ? ', ' : ''}updated_at = @now WHERE id = @id`,
      params,
    );
  }

  async earliestBookingStart(
    leadId: number,
    after: string,
    statuses: readonly BookingStatus[],
  ): Promise<string | null> {
    const row = this.one<{ next: string | null }>(
      `SELECT MIN(start_at) AS next FROM ${this.t.bookings}
        WHERE lead_id = ? AND start_at > ? AND status IN (${statuses.map(() => '?').join(', ')})`,
      [leadId, after, ...statuses],
    );
    return row?.next ?? null;
  }

  async addEvent(event: NewEvent): Promise<void> {
    this.run(`INSERT INTO ${this.t.events} (lead_id, type, data, actor, created_at) VALUES (?, ?, ?, ?, ?)`, [
      event.leadId,
      event.type,
      JSON.stringify(event.data),
      event.actor,
      event.now,
    ]);
  }

  deliveryCounts(): { queued: number; failed: number } {
    const rows = this.all<{ status: string; n: number }>(
      `SELECT status, COUNT(*) AS n FROM ${this.t.deliveries} WHERE status IN ('queued', 'failed') GROUP BY status`,
      [],
    );
    const count = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
    return { queued: count('queued'), failed: count('failed') };
  }

  drainableDeliveryIds(maxAttempts: number, limit: number): number[] {
    return this.all<{ id: number }>(
      `SELECT id FROM ${this.t.deliveries}
        WHERE status = 'queued' OR (status = 'failed' AND attempts < ?)
        ORDER BY id LIMIT ?`,
      [maxAttempts, limit],
    ).map((row) => row.id);
  }
}

export class SqliteStore implements Store {
  readonly client = 'sqlite';
  private readonly db: Database.Database;
  private readonly queries: SqliteQueries;
  /** Tail of the transaction queue: the next transaction starts when this settles. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Opens an existing database file (WordPress made it; WAL is already on). */
  constructor(file: string, prefix: string) {
    // `timeout` is SQLite's busy_timeout: wait up to 5 s for PHP's lock instead of failing at once.
    this.db = new Database(file, { fileMustExist: true, timeout: 5000 });
    this.queries = new SqliteQueries(this.db, prefix);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
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

  async getOption(name: string): Promise<string | null> {
    return this.queries.getOption(name);
  }

  async deliveryCounts(): Promise<{ queued: number; failed: number }> {
    return this.queries.deliveryCounts();
  }

  async drainableDeliveryIds(maxAttempts: number, limit: number): Promise<number[]> {
    return this.queries.drainableDeliveryIds(maxAttempts, limit);
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
