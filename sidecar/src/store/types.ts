/**
 * What the sidecar asks of the WordPress database. Every SQL statement lives in `sql.ts`,
 * shared by `sqlite.ts` (better-sqlite3, the embedded default) and `mysql.ts` (mysql2).
 * Implementations never issue DDL: PHP's dbDelta owns the tables.
 *
 * Times are database times (UTC `YYYY-MM-DD HH:MM:SS`, see ../time.ts).
 */
import type { BookingStatus } from '../events';

export type DeliveryStatus = 'queued' | 'processing' | 'applied' | 'duplicate' | 'ignored' | 'rejected' | 'failed';

export interface DeliveryRow {
  id: number;
  provider: string;
  status: DeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  /** Raw body, byte for byte; null once rejected. */
  body: Buffer | null;
  /** JSON object of the signature-bearing headers (lower-cased names, plus `query:token`). */
  headers: string | null;
  leadId: number | null;
  bookingId: number | null;
  /** The outcome recorded when the delivery was finished (JSON). */
  result: string | null;
  /** When PHP stored it (database time): signatures' replay windows and secret rotation count from here. */
  receivedAt: string;
}

/** A delivery stored the way PHP's webhook route stores it (status `queued`). */
export interface NewDelivery {
  provider: string;
  body: string;
  contentType: string;
  /** JSON object of the signature-bearing headers. */
  headers: string;
  receivedAt: string;
}

/** A delivery the drain may pick up. */
export interface DrainPolicy {
  /** Failed deliveries with this many attempts are left for a replay by hand. */
  maxAttempts: number;
  /** Index n: a delivery that failed n + 1 times is retried once processed at or before this time. */
  retryAfter: string[];
  limit: number;
}

/** What finishing a delivery writes; `attempts` always goes up by one. */
export interface DeliveryFinish {
  status: Exclude<DeliveryStatus, 'queued' | 'processing'>;
  httpStatus: number;
  error: string | null;
  /** Kept as they are when null. */
  triggerName: string | null;
  idempotencyKey: string | null;
  /** Set only on the delivery that applied its idempotency key (UNIQUE: the exactly-once guard). */
  appliedKey: string | null;
  leadId: number | null;
  bookingId: number | null;
  result: string;
  processedAt: string;
  /** Rejected deliveries drop their body and headers. */
  dropBody: boolean;
}

export interface AppliedDelivery {
  id: number;
  leadId: number | null;
  bookingId: number | null;
}

export interface LeadRow {
  id: number;
  stage: string;
}

export interface NewLead {
  email: string;
  emailNormalized: string;
  name: string;
  phone: string;
  source: string;
  stage: string;
  leadToken: string;
  now: string;
}

export interface BookingRow {
  id: number;
  leadId: number | null;
  externalId: string;
  status: BookingStatus;
  startAt: string | null;
  attendeeEmail: string;
}

export interface NewBooking {
  leadId: number;
  provider: string;
  externalId: string;
  status: BookingStatus;
  title: string;
  startAt: string | null;
  endAt: string | null;
  timeZone: string;
  attendeeEmail: string;
  /** JSON array of `{email, name}`. */
  guests: string;
  previousExternalId: string | null;
  nextExternalId: string | null;
  cancelReason: string | null;
  now: string;
}

/** Columns of a booking that events change; undefined ones stay as they are. */
export interface BookingChange {
  status?: BookingStatus;
  startAt?: string | null;
  endAt?: string | null;
  cancelReason?: string | null;
  previousExternalId?: string | null;
  nextExternalId?: string | null;
  now: string;
}

export interface NewEvent {
  leadId: number;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  now: string;
}

/** Queries that run inside a transaction. Reads of leads, bookings and deliveries lock the rows they find (MySQL). */
export interface Tx {
  /** Loads a delivery and holds it for the rest of the transaction (MySQL: `SELECT … FOR UPDATE`). */
  lockDelivery(id: number): Promise<DeliveryRow | null>;
  /**
   * Reserves the idempotency key for this delivery (its `applied_key`, UNIQUE). False when another
   * delivery holds it; on MySQL a concurrent claim waits for the holder's commit or rollback.
   */
  claimKey(id: number, key: string): Promise<boolean>;
  /** The delivery that applied this idempotency key. */
  findAppliedDelivery(key: string): Promise<AppliedDelivery | null>;
  finishDelivery(id: number, finish: DeliveryFinish): Promise<void>;
  /** Stores a delivery as PHP does; its id. */
  insertDelivery(delivery: NewDelivery): Promise<number>;
  getOption(name: string): Promise<string | null>;

  findLeadById(id: number): Promise<LeadRow | null>;
  findLeadByToken(token: string): Promise<LeadRow | null>;
  findLeadByEmail(emailNormalized: string): Promise<LeadRow | null>;
  /** Inserts unless a lead with that normalised e-mail exists (then null): `ON CONFLICT DO NOTHING`. */
  insertLead(lead: NewLead): Promise<number | null>;
  /** Fills a lead's empty name/phone; never overwrites what the owner or the form saved. */
  fillLeadBlanks(id: number, details: { name: string; phone: string }, now: string): Promise<void>;
  setLeadStage(id: number, stage: string, now: string): Promise<void>;
  setNextBookingAt(id: number, nextBookingAt: string | null, now: string): Promise<void>;

  findBooking(provider: string, externalId: string): Promise<BookingRow | null>;
  /** The lead's booking that says it replaced `externalId` (a reschedule seen before the original). */
  findBookingReplacing(provider: string, externalId: string, leadId: number): Promise<BookingRow | null>;
  /** Inserts unless (provider, external id) exists (then null). */
  insertBooking(booking: NewBooking): Promise<number | null>;
  updateBooking(id: number, change: BookingChange): Promise<void>;
  /** Earliest start after `after` among the lead's bookings in one of `statuses`. */
  earliestBookingStart(leadId: number, after: string, statuses: readonly BookingStatus[]): Promise<string | null>;

  addEvent(event: NewEvent): Promise<void>;
}

export interface Store {
  readonly client: 'sqlite' | 'mysql';
  /**
   * Runs `fn` in one short write transaction; rolls back if it throws; settles once the outcome is
   * committed. SQLite: transactions never overlap; those asked for in one turn of the event loop
   * share one commit, each in its own savepoint. MySQL: a deadlock or lock timeout rolls back and
   * runs `fn` again, a few times.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  getOption(name: string): Promise<string | null>;
  /** Stores a delivery as PHP does (committed on return); its id. */
  insertDelivery(delivery: NewDelivery): Promise<number>;
  /** Number of deliveries per status. */
  deliveryCounts(): Promise<Record<string, number>>;
  /** Queued deliveries, and failed ones due for a retry, oldest first. */
  drainableDeliveryIds(policy: DrainPolicy): Promise<number[]>;
  /** Drops body and headers of up to `limit` finished deliveries received before `before`; how many. */
  dropExpiredBodies(before: string, limit: number): Promise<number>;
  /**
   * The sites whose tables this database holds, by blog id: a multisite network's undeleted sites
   * (from `{prefix}blogs`), or [1] for a single site.
   */
  siteIds(): Promise<number[]>;
  /**
   * The same database seen through one site's tables: 1 is the main site (`{prefix}…`), n another
   * site of the network (`{prefix}n_…`). Null when `{prefix}blogs` has no such undeleted site (always,
   * for n > 1, on a single site): a wrong or hostile id never reaches tables of its own making.
   */
  site(blogId: number): Promise<Store | null>;
  /** Closes the connections (a site's store shares its network's: closing it does nothing). */
  close(): Promise<void>;
}
