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
  /** The session's shared id when this booking is one seat of a group session. */
  bookingUid: string | null;
  /** Cal.com `attendeeSeatId` of the seat. */
  seatId: string | null;
  /** The recurring series this occurrence belongs to. */
  seriesId: string | null;
  /** `series`: this cancellation also cancelled the series' later occurrences. */
  cancelScope: string | null;
  /** The lead's stage before this booking's no-show mark (restored when it is unmarked). */
  preNoShowStage: string | null;
  /** The booking this one replaced (or, while it waits for confirmation, would replace). */
  previousExternalId: string | null;
}

/** The lead fields booking and form answers may fill (only while blank). */
export interface LeadDetails {
  phone: string;
  address: string;
  postcode: string;
  monthlyBill: number | string | null;
  roofType: string;
  homeowner: number | null;
  message: string | null;
}

/** Values for LeadDetails' blank columns; undefined ones are left as they are. */
export type LeadFill = Partial<Record<keyof LeadDetails, string | number>>;

/** A touch's UTM parameters and pages (first touch kept once set, latest touch always replaced). */
export interface Touch {
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  landingPage: string;
  referrer: string;
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
  bookingUid: string | null;
  seatId: string | null;
  seats: number | null;
  seriesId: string | null;
  location: string | null;
  locationType: string;
  /** JSON array of `{key, label, value}`, or null. */
  answers: string | null;
  cancelledBy: string | null;
  cancelledByRole: string | null;
  cancelScope: string | null;
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
  bookingUid?: string | null;
  seatId?: string | null;
  seriesId?: string | null;
  location?: string | null;
  locationType?: string;
  answers?: string | null;
  cancelledBy?: string | null;
  cancelledByRole?: string | null;
  cancelScope?: string | null;
  preNoShowStage?: string | null;
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

  /** The lead fields answers may fill, as they are now. */
  findLeadDetails(id: number): Promise<LeadDetails | null>;
  /** Writes `fill` into the lead's columns that are still blank (never over a value). */
  fillLeadDetails(id: number, fill: LeadFill, now: string): Promise<void>;
  /** Sets the latest touch, and the first touch while the lead has none. */
  recordTouch(id: number, touch: Touch, now: string): Promise<void>;

  findBooking(provider: string, externalId: string): Promise<BookingRow | null>;
  /** The seat `seatId` of the session `bookingUid`. */
  findSeat(provider: string, bookingUid: string, seatId: string): Promise<BookingRow | null>;
  /** The newest seat of the session held by `emailNormalized` (`withoutSeatId`: only seats saved without a seat id). */
  findSeatByEmail(
    provider: string,
    bookingUid: string,
    emailNormalized: string,
    withoutSeatId: boolean,
  ): Promise<BookingRow | null>;
  /** Every seat of a session (at most a few hundred). */
  findSessionBookings(provider: string, bookingUid: string): Promise<BookingRow[]>;
  /** The occurrences of a series that start at or after `from`, earliest first. */
  findSeriesBookings(provider: string, seriesId: string, from: string): Promise<BookingRow[]>;
  /** An occurrence of the series, starting at or before `start`, whose cancellation cancelled the rest of the series. */
  findSeriesCancellation(provider: string, seriesId: string, start: string): Promise<BookingRow | null>;
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
