/** What every booking-tool module is made of, and the pieces their parsers share. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { answersLine, attributionFrom, type BoundedAnswers, boundAnswers, emailAnswer } from '../answers';
import {
  ANSWER_LIMITS,
  type Attribution,
  type BookingEvent,
  type BookingSnapshot,
  clip,
  type Guest,
  LIMITS,
  looksLikeEmail,
  type MeetingLocation,
  normalizeEmail,
  type ParseResult,
  type Session,
  within,
} from '../events';
import { isRecord, parseJson } from '../json';
import { parseTime } from '../time';
import type { VerifyResult } from '../verify';

export interface Provider {
  /** Name shown to the site owner. */
  label: string;
  /** What authenticates a delivery, as the rejection messages name it. */
  credential: 'signature' | 'secret token';
  /** How the site owner makes the booking tool present the right credential. */
  hint: string;
  /** `headers` are the stored signature-bearing headers (lower-cased names, plus `query:token`). */
  verify(body: Buffer, headers: Record<string, string>, secrets: string[], now: Date): VerifyResult;
  /** Never throws. */
  parse(body: Buffer): ParseResult;
}

// Optional fields degrade to '' (or a default) instead of failing the whole body. A missing one
// takes its default directly: a `.catch` alone would first build (and word) an error to throw away,
// which costs more than the rest of the parse.
export const text = z.string().trim().default('').catch('');
export const flag = z.boolean().default(false).catch(false);
export const record = z
  .record(z.string(), z.unknown())
  .default(() => ({}))
  .catch({});
export const time = z.string({ error: 'missing' }).transform((value, ctx) => {
  const date = parseTime(value.trim());
  if (date === null)
    ctx.addIssue({ code: 'custom', message: `"${clip(value, 40)}" is not an ISO 8601 time with a zone` });
  return date ?? z.NEVER;
});
/** A provider's own id for a booking: the `external_id` column holds 191 characters (longer keys end in a hash). */
export const id = z
  .string({ error: 'missing' })
  .trim()
  .min(1, 'empty')
  .max(LIMITS.externalId, `longer than ${LIMITS.externalId} characters`);


export const invalid = (trigger: string | null, httpStatus: 400 | 422, reason: string): ParseResult => ({
  kind: 'invalid',
  trigger,
  httpStatus,
  reason,
});

export const ignored = (trigger: string | null, reason: string): ParseResult => ({ kind: 'ignored', trigger, reason });

/** The Integrations screen's "send test delivery" (and Cal.com's ping): answered 200, nothing saved. */
export const testDelivery = (trigger: string | null): ParseResult =>
  ignored(trigger, 'Test delivery received: the webhook reaches Solar Capture. Nothing was saved.');

/** `provider:part:part…`, within the 191 characters of the key columns (a longer one ends in a hash of itself). */
export const idempotencyKey = (...parts: string[]): string => within(parts.join(':'), LIMITS.key);

/** A parser's event, its free texts and ids clipped to their columns (MySQL refuses longer ones). */
export function event(trigger: string, key: string, e: BookingEvent): ParseResult {
  const id = (value: string | null) => (value === null ? null : clip(value, LIMITS.externalId));
  const short = (value: string) => clip(value, LIMITS.reason);
  const clipped: BookingEvent =
    e.type === 'booking_rescheduled'
      ? {
          ...e,
          previousExternalId: id(e.previousExternalId),
          rescheduledBy: short(e.rescheduledBy),
          ...(e.reason === undefined ? {} : { reason: short(e.reason) }),
        }
      : e.type === 'booking_replaced'
        ? { ...e, nextExternalId: id(e.nextExternalId), reason: short(e.reason) }
        : e.type === 'booking_cancelled'
          ? { ...e, reason: short(e.reason), cancelledBy: short(e.cancelledBy) }
          : e.type === 'booking_rejected'
            ? { ...e, reason: short(e.reason) }
            : e;
  return { kind: 'event', trigger, idempotencyKey: key, event: clipped };
}

/** Short hash of the raw body: a re-sent identical body is a duplicate, any other body a new change. */
export const bodyDigest = (body: Buffer): string => createHash('sha256').update(body).digest('hex').slice(0, 16);

export function unusable(label: string, trigger: string, error: z.ZodError): ParseResult {
  const problems = error.issues.map((issue) => `payload.${issue.path.join('.')}: ${issue.message}`);
  return invalid(trigger, 422, `${label} ${trigger} payload is not usable (${problems.join('; ')}).`);
}

/** The body as a JSON value: undefined when it is not JSON, `invalid` when it looks like JSON but is broken. */
export function readJson(body: Buffer, label: string): { json: unknown } | { broken: ParseResult } {
  const source = body.toString('utf8');
  const json = parseJson(source);
  if (json === undefined && /^\s*[[{]/.test(source))
    return {
      broken: invalid(null, 400, `The body looks like JSON but is not valid JSON, so it is not a ${label} webhook.`),
    };
  return { json };
}

/** A JSON object that names its event in `field` (`event`, `eventType`): the name and the object, or the answer to a body that is not one. */
export function readNamedEvent(
  body: Buffer,
  label: string,
  field: string,
): { name: string; json: Record<string, unknown> } | ParseResult {
  const read = readJson(body, label);
  if ('broken' in read) return read.broken;
  const { json } = read;
  if (json === undefined) return invalid(null, 400, `The body is not JSON, so it is not a ${label} webhook.`);
  const value = isRecord(json) ? json[field] : undefined;
  const name = typeof value === 'string' ? clip(value.trim(), LIMITS.trigger) : '';
  if (!isRecord(json) || name === '')
    return invalid(null, 422, `The body has no "${field}", so it is not a ${label} webhook.`);
  return { name, json };
}

/** The first of `names` that holds text (numbers count, as form tools send them). */
export function firstText(fields: Record<string, unknown>, names: readonly string[]): string {
  for (const name of names) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return '';
}

/** Our own lead token (booking links carry it); anything that is not a token is dropped. */
export const leadToken = (value: unknown): string | null =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value.trim()) ? value.trim() : null;

export interface SnapshotInput {
  externalId: string;
  title: string;
  startAt: Date | null;
  endAt: Date | null;
  email: string;
  name: string;
  phone: string;
  timeZone: string;
  guests: Guest[];
  leadToken: string | null;
  source?: string;
  session?: Session | null;
  seriesId?: string | null;
  location?: MeetingLocation | null;
  answers?: BoundedAnswers;
  attribution?: Attribution | null;
}

/**
 * Checks the booker's e-mail and clips every text to its column; an `invalid` result names the
 * problem, starting with `what` (e.g. "Cal.com BOOKING_CREATED").
 */
export function snapshot(trigger: string, what: string, input: SnapshotInput): BookingSnapshot | ParseResult {
  const { email } = input;
  // A phone-only booking is a real booking (Cal.com can make the e-mail optional): answered 200 and logged.
  if (!email && input.phone)
    return ignored(
      trigger,
      `${what} is a phone-only booking (${clip(input.phone, 30)}): Solar Capture matches leads by e-mail, so nothing was saved.`,
    );
  if (!email)
    return invalid(
      trigger,
      422,
      `${what} has no booker e-mail, so the booking cannot be matched to a lead (phone-only bookings are not supported).`,
    );
  if (!looksLikeEmail(email))
    return invalid(trigger, 422, `${what}: the booker e-mail "${clip(email, 60)}" is not a valid e-mail address.`);
  return {
    externalId: input.externalId,
    title: clip(input.title, LIMITS.title),
    startAt: input.startAt,
    endAt: input.endAt,
    booker: {
      email,
      emailNormalized: normalizeEmail(email),
      name: clip(input.name, LIMITS.name),
      phone: clip(input.phone, LIMITS.phone),
      timeZone: clip(input.timeZone, LIMITS.timeZone),
    },
    guests: input.guests
      .filter((guest) => guest.email)
      .slice(0, LIMITS.guests)
      .map((guest) => ({ email: clip(guest.email, LIMITS.email), name: clip(guest.name, LIMITS.name) })),
    leadToken: input.leadToken,
    ...(input.source ? { source: input.source } : {}),
    ...(input.session ? { session: input.session } : {}),
    ...(input.seriesId ? { seriesId: input.seriesId } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.answers ? { answers: input.answers.answers, answersDropped: input.answers.dropped } : {}),
    ...(input.attribution ? { attribution: input.attribution } : {}),
  };
}

/** Tells a parser's early answer from the value it was after (never a provider's own JSON). */
export const isParseResult = <T extends object>(value: T | ParseResult): value is ParseResult => 'kind' in value;

/** `start + minutes`, or null when either is missing or the minutes are not a sane duration. */
export function endAfter(start: Date | null, minutes: unknown): Date | null {
  const n = typeof minutes === 'string' && minutes.trim() !== '' ? Number(minutes) : minutes;
  if (!start || typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 7 * 24 * 60) return null;
  return new Date(start.getTime() + n * 60_000);
}

/** What the two tools' routing forms share: bounds, the e-mail answer, the event. */
export function routingForm(
  trigger: string,
  idempotencyKey: string,
  form: { id: string; name: string },
  raw: { key: string; label: string; value: unknown }[],
  tracking: unknown,
  result: string,
): ParseResult {
  const label = form.name ? `The form "${clip(form.name, 80)}"` : 'The routing form';
  const bounded = boundAnswers(raw);
  if (raw.length > ANSWER_LIMITS.count || bounded.rawText > ANSWER_LIMITS.formText)
    return ignored(
      trigger,
      `${label} came with ${raw.length} answers (${bounded.rawText} characters); Solar Capture keeps forms of at most ${ANSWER_LIMITS.count} answers and ${ANSWER_LIMITS.formText} characters, so nothing was saved.`,
    );
  const email = emailAnswer(bounded.answers, looksLikeEmail);
  if (!email) {
    const answers = bounded.answers.length ? ` Answers: ${answersLine(bounded.answers)}` : ' It had no answers.';
    return ignored(
      trigger,
      `No lead was saved: no e-mail in the form (${label.charAt(0).toLowerCase()}${label.slice(1)} has no answer that is an e-mail address).${answers}`,
    );
  }
  const nameAnswer = bounded.answers.find((a) => /name/i.test(a.label) && !/e-?mail/i.test(a.label) && a.value !== email);
  const token = isRecord(tracking) ? leadToken(tracking.utm_content) : null;
  return event(trigger, idempotencyKey, {
    type: 'form_submitted',
    form: { id: clip(form.id, LIMITS.externalId), name: clip(form.name, LIMITS.title) },
    booker: {
      email,
      emailNormalized: normalizeEmail(email),
      name: clip(nameAnswer?.value ?? '', LIMITS.name),
      phone: '',
      timeZone: '',
    },
    leadToken: token,
    answers: bounded.answers,
    answersDropped: bounded.dropped,
    attribution: attributionFrom(tracking),
    result: clip(result, LIMITS.reason),
  });
}

