/**
 * One delivery from the inbox to its outcome: verify, parse, apply, record — in one
 * transaction. The outcome is what PHP answers the booking tool with (docs/internals.md).
 */
import { z } from 'zod';
import { isRecord, parseJson } from './json';
import { errorMessage } from './log';
import type { Pipeline } from './pipeline';
import { findProvider, rejectionMessage } from './providers';
import { PROVIDERS_OPTION, readProviderSettings, SiteConfigError, type ProviderSettings } from './settings';
import type { DeliveryRow, DeliveryStatus, NewDelivery, Store, Tx } from './store/types';
import { parseTime, toDbTime } from './time';
import { activeSecrets } from './verify';

const outcomeSchema = z.object({
  delivery_id: z.number(),
  status: z.enum(['applied', 'duplicate', 'ignored', 'rejected', 'failed']),
  http_status: z.number(),
  message: z.string(),
  lead_id: z.number().nullable(),
  booking_id: z.number().nullable(),
  created: z.boolean(),
  /** Accepted without a signature check ("Accept unsigned deliveries"): the delivery log says so. */
  unsigned: z.boolean().optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;

/** A delivery in one of these states is done: processing it again returns its recorded outcome. */
const FINISHED: ReadonlySet<DeliveryStatus> = new Set(['applied', 'duplicate', 'ignored', 'rejected']);

/** Failed deliveries are retried by the drain until they have this many attempts. */
export const MAX_ATTEMPTS = 5;

export interface ProcessContext {
  store: Store;
  pipeline: Pipeline;
  /** Where `env:NAME` secrets resolve. */
  env: NodeJS.ProcessEnv;
  clock?: () => Date;
}

interface Decision {
  status: Outcome['status'];
  httpStatus: number;
  message: string;
  trigger?: string | null;
  idempotencyKey?: string | null;
  appliedKey?: string | null;
  leadId?: number | null;
  bookingId?: number | null;
  created?: boolean;
  unsigned?: boolean;
}

/** Processes delivery `id`; null when there is no such delivery. */
export async function processDelivery(ctx: ProcessContext, id: number): Promise<Outcome | null> {
  const now = ctx.clock?.() ?? new Date();
  try {
    return await ctx.store.transaction(async (tx) => {
      const row = await tx.lockDelivery(id);
      if (!row) return null;
      if (FINISHED.has(row.status)) return recordedOutcome(row);
      return finish(tx, row.id, await decide(tx, ctx, row, now), now);
    });
  } catch (error) {
    // Our fault (or the site's configuration): nothing was applied; keep the body for a retry.
    const detail = errorMessage(error);
    const message =
      error instanceof SiteConfigError
        ? detail
        : `Solar Capture could not save this delivery (${detail}). It is kept and will be retried.`;
    return ctx.store.transaction(async (tx) => {
      const row = await tx.lockDelivery(id);
      if (!row) return null;
      // Another call may have finished it meanwhile: never turn that into a failure.
      if (FINISHED.has(row.status)) return recordedOutcome(row);
      return finish(tx, id, { status: 'failed', httpStatus: 202, message }, now);
    });
  }
}

/**
 * Stores a delivery as PHP's webhook route does and processes it, in one transaction (one commit
 * instead of two). If that transaction fails, the delivery is stored on its own first and then
 * processed, exactly as a delivery from PHP, so a failure is recorded on a kept row.
 */
export async function ingestDelivery(ctx: ProcessContext, delivery: NewDelivery): Promise<Outcome> {
  const now = ctx.clock?.() ?? new Date();
  try {
    return await ctx.store.transaction(async (tx) => {
      const row = queuedRow(await tx.insertDelivery(delivery), delivery);
      return finish(tx, row.id, await decide(tx, ctx, row, now), now);
    });
  } catch {
    const id = await ctx.store.insertDelivery(delivery);
    const outcome = await processDelivery(ctx, id);
    if (!outcome) throw new Error(`delivery ${id} vanished before it was processed`);
    return outcome;
  }
}

/** The row insertDelivery just wrote (status `queued`), without reading it back. */
function queuedRow(id: number, delivery: NewDelivery): DeliveryRow {
  const { provider, body, headers, receivedAt } = delivery;
  const none = { httpStatus: null, error: null, leadId: null, bookingId: null, result: null };
  return { id, provider, status: 'queued', body: Buffer.from(body, 'utf8'), headers, receivedAt, ...none };
}

async function decide(tx: Tx, ctx: ProcessContext, row: DeliveryRow, now: Date): Promise<Decision> {
  const reject = (httpStatus: number, message: string, trigger: string | null = null): Decision => ({
    status: 'rejected',
    httpStatus,
    message,
    trigger,
  });
  const provider = findProvider(row.provider);
  if (!provider) {
    // Not the sender's fault: keep the body so an updated sidecar can replay it.
    const message = `${row.provider} deliveries are not supported by this version of the Solar Capture sidecar yet; the delivery is kept for replay after an update.`;
    return { status: 'failed', httpStatus: 202, message };
  }
  const { label } = provider;
  const settings = readProviderSettings(await tx.getOption(PROVIDERS_OPTION), row.provider, label, ctx.env);
  if (!settings?.enabled) return reject(404, `${label} is not enabled on this site.`);
  // Replay windows and secret rotation count from when PHP received the delivery, so one the
  // drain (or a replay) picks up later is judged as it arrived.
  const received = parseTime(row.receivedAt) ?? now;
  const secrets = activeSecrets(settings.secrets, received);
  // "Accept unsigned deliveries" holds for 24 hours from when it was ticked, judged at arrival.
  const until = settings.acceptUnsignedUntil;
  if (secrets.length === 0 && !(settings.acceptUnsigned && until !== null && received < until)) {
    return reject(
      404,
      settings.acceptUnsigned
        ? `${label} is not enabled on this site: no webhook secret is saved, and "Accept unsigned deliveries" turned itself off after 24 hours.`
        : `${label} is not enabled on this site: no webhook secret is saved in Solar Capture.`,
    );
  }
  if (row.body === null) return reject(400, 'The delivery has no body.');
  // With a secret saved, every delivery must be signed with it; accept_unsigned only applies without one.
  if (secrets.length > 0) {
    const check = provider.verify(row.body, parseHeaders(row.headers), secrets, received);
    if (!check.ok) return reject(401, rejectionMessage(provider, check.reason));
    return decideVerified(tx, ctx, row, row.body, now, settings);
  }
  return { ...(await decideVerified(tx, ctx, row, row.body, now, settings)), unsigned: true };
}

/** What a delivery whose signature checked out (or that is accepted unsigned) does. */
async function decideVerified(
  tx: Tx,
  ctx: ProcessContext,
  row: DeliveryRow,
  body: Buffer,
  now: Date,
  settings: ProviderSettings,
): Promise<Decision> {
  const reject = (httpStatus: number, message: string, trigger: string | null = null): Decision => ({
    status: 'rejected',
    httpStatus,
    message,
    trigger,
  });
  const provider = findProvider(row.provider)!;

  const parsed = provider.parse(body);
  if (parsed.kind === 'invalid') return reject(parsed.httpStatus, parsed.reason, parsed.trigger);
  if (parsed.kind === 'ignored')
    return { status: 'ignored', httpStatus: 200, message: parsed.reason, trigger: parsed.trigger };

  const { trigger, idempotencyKey } = parsed;
  // The exactly-once guard: the key's UNIQUE column. A concurrent holder makes us wait (MySQL) and
  // then lose; the holder releases the key if it does not apply it (see finish).
  if (!(await tx.claimKey(row.id, idempotencyKey))) {
    const first = await tx.findAppliedDelivery(idempotencyKey);
    if (!first) throw new Error(`the idempotency key ${idempotencyKey} is claimed by no delivery`);
    return {
      status: 'duplicate',
      httpStatus: 200,
      message: `Already applied by delivery #${first.id}; nothing changed.`,
      trigger,
      idempotencyKey,
      leadId: first.leadId,
      bookingId: first.bookingId,
    };
  }
  const result = await ctx.pipeline.applyEvent(tx, row.provider, parsed.event, now, { answerMap: settings.answerMap });
  if (!result.applied) return { status: 'ignored', httpStatus: 200, message: result.message, trigger, idempotencyKey };
  return {
    status: 'applied',
    httpStatus: 200,
    message: result.message,
    trigger,
    idempotencyKey,
    appliedKey: idempotencyKey,
    leadId: result.leadId,
    bookingId: result.bookingId,
    created: result.created,
  };
}

async function finish(tx: Tx, id: number, d: Decision, now: Date): Promise<Outcome> {
  const outcome: Outcome = {
    delivery_id: id,
    status: d.status,
    http_status: d.httpStatus,
    message: d.message,
    lead_id: d.leadId ?? null,
    booking_id: d.bookingId ?? null,
    created: d.created ?? false,
    ...(d.unsigned ? { unsigned: true } : {}),
  };
  await tx.finishDelivery(id, {
    status: d.status,
    httpStatus: d.httpStatus,
    error: d.status === 'applied' ? null : d.message,
    triggerName: d.trigger ?? null,
    idempotencyKey: d.idempotencyKey ?? null,
    appliedKey: d.appliedKey ?? null,
    leadId: outcome.lead_id,
    bookingId: outcome.booking_id,
    result: JSON.stringify(outcome),
    processedAt: toDbTime(now),
    dropBody: d.status === 'rejected',
  });
  return outcome;
}

/** The outcome saved when the delivery was finished (rebuilt from its columns if `result` is unreadable). */
function recordedOutcome(row: DeliveryRow): Outcome {
  const saved = outcomeSchema.safeParse(parseJson(row.result ?? ''));
  if (saved.success && saved.data.delivery_id === row.id) return saved.data;
  return {
    delivery_id: row.id,
    status: row.status as Outcome['status'],
    http_status: row.httpStatus ?? 200,
    message: row.error ?? '',
    lead_id: row.leadId,
    booking_id: row.bookingId,
    created: false,
  };
}

/** The stored signature-bearing headers; anything unreadable counts as none. */
function parseHeaders(json: string | null): Record<string, string> {
  const parsed = parseJson(json ?? '{}');
  if (!isRecord(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([name, value]) => {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      return typeof first === 'string' ? [[name.toLowerCase(), first]] : [];
    }),
  );
}
