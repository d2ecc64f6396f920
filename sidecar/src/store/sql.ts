/**
 * Every SQL statement the sidecar runs, for SQLite and MySQL/MariaDB alike. The two dialects
 * differ in two places only: how an INSERT skips a row whose unique key exists, and whether
 * reads inside a transaction lock what they find (MySQL; SQLite's BEGIN IMMEDIATE already
 * holds the whole database). Placeholders are positional `?`, which both drivers take.
 */
import type { BookingStatus } from '../events';
import { blogsTable, tableNames } from './tables';
import type {
  AppliedDelivery,
  BookingChange,
  BookingRow,
  DeliveryFinish,
  DeliveryRow,
  DrainPolicy,
  LeadDetails,
  LeadFill,
  LeadRow,
  NewBooking,
  NewDelivery,
  NewEvent,
  NewLead,
  Store,
  Touch,
  Tx,
} from './types';

export type Param = string | number | null;

/** How a store runs one statement: on its connection, or inside the current transaction. */
export interface Executor {
  one<T>(sql: string, params: Param[]): Promise<T | null>;
  all<T>(sql: string, params: Param[]): Promise<T[]>;
  /** `changes`: rows written; `insertId`: the new row's id after an INSERT that wrote one. */
  run(sql: string, params: Param[]): Promise<{ changes: number; insertId: number }>;
  /** Whether `error` is a UNIQUE key refusing a write. */
  isUniqueViolation(error: unknown): boolean;
  /** Whether `error` says the table does not exist (or this user may not read it). */
  isMissingTable(error: unknown): boolean;
}

export interface Dialect {
  /** Ends an INSERT that writes nothing (0 changes) when a unique key already exists. */
  skipDuplicate: string;
  /** Ends a read inside a transaction that must see the latest committed row and hold it. */
  lock: string;
}

export const SQLITE_DIALECT: Dialect = { skipDuplicate: 'ON CONFLICT DO NOTHING', lock: '' };
// ON DUPLICATE KEY (rather than INSERT IGNORE) locks the existing row exclusively at once, so
// concurrent inserts of one e-mail queue instead of deadlocking, and no other error is ignored.
export const MYSQL_DIALECT: Dialect = { skipDuplicate: 'ON DUPLICATE KEY UPDATE id = id', lock: ' FOR UPDATE' };

const list = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * The statements whose text is fixed, written out once per Queries: the SQLite store keeps each
 * prepared statement under its text, and a text built anew for every call would be hashed anew.
 */
function statements(t: ReturnType<typeof tableNames>, { skipDuplicate, lock }: Dialect, blogs: string) {
  const findLead = (column: string) => `SELECT id, stage FROM ${t.leads} WHERE ${column} = ?${lock}`;
  const bookingColumns = `id, lead_id AS leadId, external_id AS externalId, status, start_at AS startAt,
           attendee_email AS attendeeEmail, booking_uid AS bookingUid, seat_id AS seatId, series_id AS seriesId,
           cancel_scope AS cancelScope, pre_no_show_stage AS preNoShowStage,
           previous_external_id AS previousExternalId`;
  const findBooking = (where: string, order = 'id') => `
    SELECT ${bookingColumns} FROM ${t.bookings} WHERE ${where} ORDER BY ${order} LIMIT 1${lock}`;
  const findBookings = (where: string, order: string) => `
    SELECT ${bookingColumns} FROM ${t.bookings} WHERE ${where} ORDER BY ${order} LIMIT 500${lock}`;
  // Blank as the quote form and the lead page leave them: '' for text, NULL for numbers and the message.
  const fill = (column: string, blank: string) => `${column} = CASE WHEN ${blank} AND ? IS NOT NULL THEN ? ELSE ${column} END`;
  const utm = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'landing_page', 'referrer'];
  return {
    lockDelivery: `
      SELECT id, provider, status, http_status AS httpStatus, error, body, headers,
             lead_id AS leadId, booking_id AS bookingId, result, received_at AS receivedAt
        FROM ${t.deliveries} WHERE id = ?${lock}`,
    claimKey: `UPDATE ${t.deliveries} SET applied_key = ? WHERE id = ?`,
    findAppliedDelivery: `
      SELECT id, lead_id AS leadId, booking_id AS bookingId FROM ${t.deliveries} WHERE applied_key = ?`,
    finishDelivery: `
      UPDATE ${t.deliveries}
         SET status = ?, http_status = ?, error = ?,
             trigger_name = COALESCE(?, trigger_name), idempotency_key = COALESCE(?, idempotency_key),
             applied_key = ?, lead_id = ?, booking_id = ?, result = ?, processed_at = ?, attempts = attempts + 1,
             body = CASE WHEN ? = 1 THEN NULL ELSE body END,
             headers = CASE WHEN ? = 1 THEN NULL ELSE headers END
       WHERE id = ?`,
    getOption: `SELECT option_value AS value FROM ${t.options} WHERE option_name = ?`,
    findLeadById: findLead('id'),
    findLeadByToken: findLead('lead_token'),
    // A token the quote form issued for one request (PHP's Token_Repository, the lead_tokens table).
    findLeadByRequestToken: `
      SELECT id, stage FROM ${t.leads} WHERE id = (SELECT lead_id FROM ${t.tokens} WHERE token = ?)${lock}`,
    findLeadByEmail: findLead('email_normalized'),
    insertLead: `
      INSERT INTO ${t.leads}
             (email, email_normalized, name, phone, source, stage, stage_changed_at, lead_token, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${skipDuplicate}`,
    fillLeadBlanks: `
      UPDATE ${t.leads}
         SET name = CASE WHEN name = '' THEN ? ELSE name END,
             phone = CASE WHEN phone = '' THEN ? ELSE phone END,
             updated_at = ?
       WHERE id = ?`,
    setLeadStage: `UPDATE ${t.leads} SET stage = ?, stage_changed_at = ?, updated_at = ? WHERE id = ?`,
    findLeadDetails: `
      SELECT phone, address, postcode, monthly_bill AS monthlyBill, roof_type AS roofType, homeowner, message
        FROM ${t.leads} WHERE id = ?${lock}`,
    fillLeadDetails: `
      UPDATE ${t.leads}
         SET ${fill('phone', "phone = ''")},
             ${fill('address', "address = ''")},
             ${fill('postcode', "postcode = ''")},
             ${fill('monthly_bill', 'monthly_bill IS NULL')},
             ${fill('roof_type', "roof_type = ''")},
             ${fill('homeowner', 'homeowner IS NULL')},
             ${fill('message', "(message IS NULL OR message = '')")},
             updated_at = ?
       WHERE id = ?`,
    recordTouch: `
      UPDATE ${t.leads}
         SET ${utm.map((c) => `first_${c} = CASE WHEN first_touch_at IS NULL THEN ? ELSE first_${c} END`).join(',\n             ')},
             first_touch_at = COALESCE(first_touch_at, ?),
             ${utm.map((c) => `last_${c} = ?`).join(', ')},
             last_touch_at = ?, updated_at = ?
       WHERE id = ?`,
    setNextBookingAt: `UPDATE ${t.leads} SET next_booking_at = ?, updated_at = ? WHERE id = ?`,
    findBooking: findBooking('provider = ? AND external_id = ?'),
    // Through the lead_id index: previous_external_id has none.
    findBookingReplacing: findBooking('lead_id = ? AND provider = ? AND previous_external_id = ?'),
    findSeat: findBooking('provider = ? AND booking_uid = ? AND seat_id = ?'),
    findSeatByEmail: findBooking('provider = ? AND booking_uid = ? AND LOWER(attendee_email) = ?', 'id DESC'),
    findUnseatedSeatByEmail: findBooking(
      'provider = ? AND booking_uid = ? AND LOWER(attendee_email) = ? AND seat_id IS NULL',
      'id DESC',
    ),
    findSessionBookings: findBookings('provider = ? AND booking_uid = ?', 'id'),
    findSeriesBookings: findBookings('provider = ? AND series_id = ? AND start_at >= ?', 'start_at, id'),
    findSeriesCancellation: findBooking(
      "provider = ? AND series_id = ? AND cancel_scope = 'series' AND start_at <= ?",
    ),
    insertBooking: `
      INSERT INTO ${t.bookings}
             (lead_id, provider, external_id, status, title, start_at, end_at, timezone, attendee_email, guests,
              previous_external_id, next_external_id, cancel_reason, booking_uid, seat_id, seats, series_id,
              location, location_type, answers, cancelled_by, cancelled_by_role, cancel_scope, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${skipDuplicate}`,
    addEvent: `INSERT INTO ${t.events} (lead_id, type, data, actor, created_at) VALUES (?, ?, ?, ?, ?)`,
    insertDelivery: `
      INSERT INTO ${t.deliveries} (provider, status, body, content_type, headers, attempts, received_at)
      VALUES (?, 'queued', ?, ?, ?, 0, ?)`,
    deliveryCounts: `SELECT status, COUNT(*) AS n FROM ${t.deliveries} GROUP BY status`,
    networkSiteIds: `SELECT blog_id AS id FROM ${blogs} WHERE deleted = 0 ORDER BY blog_id`,
    networkSite: `SELECT blog_id AS id FROM ${blogs} WHERE blog_id = ? AND deleted = 0`,
  };
}

export class Queries implements Tx {
  private readonly t: ReturnType<typeof tableNames>;
  private readonly sql: ReturnType<typeof statements>;

  constructor(
    private readonly db: Executor,
    prefix: string,
    dialect: Dialect,
  ) {
    this.t = tableNames(prefix);
    this.sql = statements(this.t, dialect, blogsTable(prefix));
  }

  /** Runs an INSERT that skips duplicates: the new row's id, or null when the unique key existed. */
  private async insert(sql: string, params: Param[]): Promise<number | null> {
    const { changes, insertId } = await this.db.run(sql, params);
    return changes === 0 ? null : insertId;
  }

  async lockDelivery(id: number): Promise<DeliveryRow | null> {
    // The body comes back as text (SQLite) or bytes (MySQL).
    type Stored = Omit<DeliveryRow, 'body'> & { body: string | Buffer | null };
    const row = await this.db.one<Stored>(this.sql.lockDelivery, [id]);
    if (!row) return null;
    const body = typeof row.body === 'string' ? Buffer.from(row.body, 'utf8') : row.body;
    return { ...row, body };
  }

  async claimKey(id: number, key: string): Promise<boolean> {
    try {
      await this.db.run(this.sql.claimKey, [key, id]);
      return true;
    } catch (error) {
      if (this.db.isUniqueViolation(error)) return false;
      throw error;
    }
  }

  findAppliedDelivery(key: string): Promise<AppliedDelivery | null> {
    return this.db.one<AppliedDelivery>(this.sql.findAppliedDelivery, [key]);
  }

  async finishDelivery(id: number, f: DeliveryFinish): Promise<void> {
    const drop = f.dropBody ? 1 : 0;
    await this.db.run(this.sql.finishDelivery, [
      f.status,
      f.httpStatus,
      f.error,
      f.triggerName,
      f.idempotencyKey,
      f.appliedKey,
      f.leadId,
      f.bookingId,
      f.result,
      f.processedAt,
      drop,
      drop,
      id,
    ]);
  }

  async getOption(name: string): Promise<string | null> {
    const row = await this.db.one<{ value: string }>(this.sql.getOption, [name]);
    return row?.value ?? null;
  }

  findLeadById(id: number): Promise<LeadRow | null> {
    return this.db.one<LeadRow>(this.sql.findLeadById, [id]);
  }

  /** The lead's own long-lived token, or a token issued for one of its quote requests. */
  async findLeadByToken(token: string): Promise<LeadRow | null> {
    return (
      (await this.db.one<LeadRow>(this.sql.findLeadByToken, [token])) ??
      (await this.db.one<LeadRow>(this.sql.findLeadByRequestToken, [token]))
    );
  }

  findLeadByEmail(emailNormalized: string): Promise<LeadRow | null> {
    return this.db.one<LeadRow>(this.sql.findLeadByEmail, [emailNormalized]);
  }

  insertLead(l: NewLead): Promise<number | null> {
    return this.insert(this.sql.insertLead, [
      l.email,
      l.emailNormalized,
      l.name,
      l.phone,
      l.source,
      l.stage,
      l.now,
      l.leadToken,
      l.now,
      l.now,
    ]);
  }

  async fillLeadBlanks(id: number, details: { name: string; phone: string }, now: string): Promise<void> {
    await this.db.run(this.sql.fillLeadBlanks, [details.name, details.phone, now, id]);
  }

  async setLeadStage(id: number, stage: string, now: string): Promise<void> {
    await this.db.run(this.sql.setLeadStage, [stage, now, now, id]);
  }

  async setNextBookingAt(id: number, nextBookingAt: string | null, now: string): Promise<void> {
    await this.db.run(this.sql.setNextBookingAt, [nextBookingAt, now, id]);
  }

  findLeadDetails(id: number): Promise<LeadDetails | null> {
    return this.db.one<LeadDetails>(this.sql.findLeadDetails, [id]);
  }

  async fillLeadDetails(id: number, f: LeadFill, now: string): Promise<void> {
    const pair = (value: string | number | undefined) => [value ?? null, value ?? null];
    await this.db.run(this.sql.fillLeadDetails, [
      ...pair(f.phone),
      ...pair(f.address),
      ...pair(f.postcode),
      ...pair(f.monthlyBill),
      ...pair(f.roofType),
      ...pair(f.homeowner),
      ...pair(f.message),
      now,
      id,
    ]);
  }

  async recordTouch(id: number, t: Touch, now: string): Promise<void> {
    const values = [t.utmSource, t.utmMedium, t.utmCampaign, t.utmTerm, t.utmContent, t.landingPage, t.referrer];
    await this.db.run(this.sql.recordTouch, [...values, now, ...values, now, now, id]);
  }

  findBooking(provider: string, externalId: string): Promise<BookingRow | null> {
    return this.db.one<BookingRow>(this.sql.findBooking, [provider, externalId]);
  }

  findSeat(provider: string, bookingUid: string, seatId: string): Promise<BookingRow | null> {
    return this.db.one<BookingRow>(this.sql.findSeat, [provider, bookingUid, seatId]);
  }

  findSeatByEmail(
    provider: string,
    bookingUid: string,
    emailNormalized: string,
    withoutSeatId: boolean,
  ): Promise<BookingRow | null> {
    const sql = withoutSeatId ? this.sql.findUnseatedSeatByEmail : this.sql.findSeatByEmail;
    return this.db.one<BookingRow>(sql, [provider, bookingUid, emailNormalized]);
  }

  findSessionBookings(provider: string, bookingUid: string): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(this.sql.findSessionBookings, [provider, bookingUid]);
  }

  findSeriesBookings(provider: string, seriesId: string, from: string): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(this.sql.findSeriesBookings, [provider, seriesId, from]);
  }

  findSeriesCancellation(provider: string, seriesId: string, start: string): Promise<BookingRow | null> {
    return this.db.one<BookingRow>(this.sql.findSeriesCancellation, [provider, seriesId, start]);
  }

  findBookingReplacing(provider: string, externalId: string, leadId: number): Promise<BookingRow | null> {
    return this.db.one<BookingRow>(this.sql.findBookingReplacing, [leadId, provider, externalId]);
  }

  insertBooking(b: NewBooking): Promise<number | null> {
    return this.insert(this.sql.insertBooking, [
      b.leadId,
      b.provider,
      b.externalId,
      b.status,
      b.title,
      b.startAt,
      b.endAt,
      b.timeZone,
      b.attendeeEmail,
      b.guests,
      b.previousExternalId,
      b.nextExternalId,
      b.cancelReason,
      b.bookingUid,
      b.seatId,
      b.seats,
      b.seriesId,
      b.location,
      b.locationType,
      b.answers,
      b.cancelledBy,
      b.cancelledByRole,
      b.cancelScope,
      b.now,
      b.now,
    ]);
  }

  async updateBooking(id: number, change: BookingChange): Promise<void> {
    const columns = {
      status: 'status',
      startAt: 'start_at',
      endAt: 'end_at',
      cancelReason: 'cancel_reason',
      previousExternalId: 'previous_external_id',
      nextExternalId: 'next_external_id',
      bookingUid: 'booking_uid',
      seatId: 'seat_id',
      seriesId: 'series_id',
      location: 'location',
      locationType: 'location_type',
      answers: 'answers',
      cancelledBy: 'cancelled_by',
      cancelledByRole: 'cancelled_by_role',
      cancelScope: 'cancel_scope',
      preNoShowStage: 'pre_no_show_stage',
    } as const;
    const keys = (Object.keys(columns) as (keyof typeof columns)[]).filter((key) => change[key] !== undefined);
    const assignments = [...keys.map((key) => `${columns[key]} = ?`), 'updated_at = ?'].join(', ');
    const values = keys.map((key) => change[key] ?? null);
    await this.db.run(`UPDATE ${this.t.bookings} SET ${assignments} WHERE id = ?`, [...values, change.now, id]);
  }

  async earliestBookingStart(
    leadId: number,
    after: string,
    statuses: readonly BookingStatus[],
  ): Promise<string | null> {
    const row = await this.db.one<{ next: string | null }>(
      `SELECT MIN(start_at) AS next FROM ${this.t.bookings}
        WHERE lead_id = ? AND start_at > ? AND status IN (${list(statuses)})`,
      [leadId, after, ...statuses],
    );
    return row?.next ?? null;
  }

  async addEvent(e: NewEvent): Promise<void> {
    await this.db.run(this.sql.addEvent, [e.leadId, e.type, JSON.stringify(e.data), e.actor, e.now]);
  }

  /** The same row PHP's webhook route writes. */
  async insertDelivery(d: NewDelivery): Promise<number> {
    const { insertId } = await this.db.run(this.sql.insertDelivery, [
      d.provider,
      d.body,
      d.contentType,
      d.headers,
      d.receivedAt,
    ]);
    return insertId;
  }

  async deliveryCounts(): Promise<Record<string, number>> {
    const rows = await this.db.all<{ status: string; n: number }>(this.sql.deliveryCounts, []);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  /** The network's undeleted sites; null on a single site (no `{prefix}blogs`). */
  async networkSiteIds(): Promise<number[] | null> {
    try {
      return (await this.db.all<{ id: number }>(this.sql.networkSiteIds, [])).map((row) => Number(row.id));
    } catch (error) {
      if (this.db.isMissingTable(error)) return null;
      throw error;
    }
  }

  /** Whether the network has this undeleted site (false on a single site). */
  async networkSiteExists(blogId: number): Promise<boolean> {
    try {
      return (await this.db.one<{ id: number }>(this.sql.networkSite, [blogId])) !== null;
    } catch (error) {
      if (this.db.isMissingTable(error)) return false;
      throw error;
    }
  }

  async drainableDeliveryIds({ maxAttempts, retryAfter, limit }: DrainPolicy): Promise<number[]> {
    const due = retryAfter.map((_, index) => `WHEN ${index + 1} THEN ?`).join(' ');
    const rows = await this.db.all<{ id: number }>(
      `SELECT id FROM ${this.t.deliveries}
        WHERE status = 'queued'
           OR (status = 'failed' AND attempts < ?
               AND (processed_at IS NULL OR processed_at <= CASE attempts ${due} ELSE ? END))
        ORDER BY id LIMIT ?`,
      [maxAttempts, ...retryAfter, retryAfter.at(-1) ?? '9999-12-31 23:59:59', limit],
    );
    return rows.map((row) => row.id);
  }

  async dropExpiredBodies(before: string, limit: number): Promise<number> {
    // Two statements: MySQL cannot take a LIMIT inside `IN (SELECT …)`. Queued rows keep theirs.
    const ids = (
      await this.db.all<{ id: number }>(
        `SELECT id FROM ${this.t.deliveries}
          WHERE received_at < ? AND status NOT IN ('queued', 'processing') AND (body IS NOT NULL OR headers IS NOT NULL)
          ORDER BY id LIMIT ?`,
        [before, limit],
      )
    ).map((row) => row.id);
    if (ids.length === 0) return 0;
    await this.db.run(`UPDATE ${this.t.deliveries} SET body = NULL, headers = NULL WHERE id IN (${list(ids)})`, ids);
    return ids.length;
  }
}

/** Site views are looked up again after this long (a site deleted meanwhile stops being served). */
const SITE_TTL_MS = 5000;

/**
 * What both stores share: reads outside a transaction go to `queries`; writes run as their own
 * short transaction (on SQLite's one connection, a write outside the queue could land inside
 * another caller's open transaction). A store opened on the WordPress database is the main site's;
 * `site(n)` gives another site's view of the same connections (multisite).
 */
export abstract class SqlStore implements Store {
  abstract readonly client: 'sqlite' | 'mysql';
  protected abstract readonly queries: Queries;
  abstract transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
  /** The main site's store (the one opened; itself unless this is a view). */
  protected abstract readonly network: SqlStore;
  /** A view of the same connections through the tables under `prefix`. */
  protected abstract view(prefix: string): SqlStore;
  /** The table prefix of the main site (WordPress's `$table_prefix`). */
  protected abstract readonly basePrefix: string;

  private readonly views = new Map<number, { store: SqlStore; checkedAt: number }>();

  getOption(name: string): Promise<string | null> {
    return this.queries.getOption(name);
  }

  insertDelivery(delivery: NewDelivery): Promise<number> {
    return this.transaction((q) => q.insertDelivery(delivery));
  }

  deliveryCounts(): Promise<Record<string, number>> {
    return this.queries.deliveryCounts();
  }

  drainableDeliveryIds(policy: DrainPolicy): Promise<number[]> {
    return this.queries.drainableDeliveryIds(policy);
  }

  dropExpiredBodies(before: string, limit: number): Promise<number> {
    return this.transaction((q) => q.dropExpiredBodies(before, limit));
  }

  async siteIds(): Promise<number[]> {
    const ids = await this.network.queries.networkSiteIds();
    return ids && ids.length > 0 ? ids : [1];
  }

  async site(blogId: number): Promise<Store | null> {
    if (!Number.isSafeInteger(blogId) || blogId < 1) return null;
    const network = this.network;
    if (blogId === 1) return network;
    const known = network.views.get(blogId);
    if (known && Date.now() - known.checkedAt < SITE_TTL_MS) return known.store;
    if (!(await network.queries.networkSiteExists(blogId))) {
      network.views.delete(blogId);
      return null;
    }
    // Only a number the network knows goes into a table name: `{prefix}{blog id}_`, as WordPress names them.
    const store = known?.store ?? network.view(`${network.basePrefix}${blogId}_`);
    network.views.set(blogId, { store, checkedAt: Date.now() });
    return store;
  }
}
