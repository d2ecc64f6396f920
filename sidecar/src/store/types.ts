/**
 * What the sidecar asks of the WordPress database. Every SQL statement lives in an
 * implementation of these interfaces: `sqlite.ts` (better-sqlite3, the embedded default)
 * and, next, `mysql.ts` (mysql2). Implementations never issue DDL: PHP's dbDelta owns the tables.
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

/** Queries that run inside a transaction. */
export interface Tx {
  /** Loads a delivery and holds it for the rest of the transaction (MySQL: `SELECT … FOR UPDATE`). */
  lockDelivery(id: number): Promise<DeliveryRow | null>;
  /** The delivery that applied this idempotency key (MySQL: a locking read, so concurrent claims queue). */
  findAppliedDelivery(key: string): Promise<AppliedDelivery | null>;
  finishDelivery(id: number, finish: DeliveryFinish): Promise<void>;
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
  /** The booking that says it replaced `externalId` (a reschedule seen before the original). */
  findBookingReplacing(provider: string, externalId: string): Promise<BookingRow | null>;
  /** Inserts unless (provider, external id) exists (then null). */
  insertBooking(booking: NewBooking): Promise<number | null>;
  updateBooking(id: number, change: BookingChange): Promise<void>;
  /** Earliest start after `after` among the lead's bookings in one of `statuses`. */
  earliestBookingStart(leadId: number, after: string, statuses: readonly BookingStatus[]): Promise<string | null>;

  addEvent(event: NewEvent): Promise<void>;
}

export interface Store {
  readonly client: 'sqlite' | 'mysql';
  /** Runs `fn` in one short write transaction; rolls back if it throws. Transactions never overlap. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  getOption(name: string): Promise<string | null>;
  deliveryCounts(): Promise<{ queued: number; failed: number }>;
  /** Queued deliveries and failed ones with fewer than `maxAttempts` attempts, oldest first. */
  drainableDeliveryIds(maxAttempts: number, limit: number): Promise<number[]>;
  close(): Promise<void>;
}
