/**
 * Any other booking tool (`provider=generic`: Acuity, Square, a custom page, Zapier / Make / n8n):
 * one normalised body, JSON or form-encoded, of which only the e-mail is required (docs/providers.md).
 * The secret travels as `Authorization: Bearer <secret>` or `?token=<secret>`.
 *
 * Bookings are kept per (source, external_id): the stored external id is `<source>:<external_id>`
 * when a source is given, so two tools' ids never collide. A body without external_id gets one
 * derived from the e-mail, start and type, so a retried request still finds its booking.
 */
import { createHash } from 'node:crypto';
import { clip, fitId, LIMITS, normalizeEmail, type ParseResult } from '../events';
import { isRecord } from '../json';
import { parseTime } from '../time';
import { bearerToken, verifyToken } from '../verify';
import {
  endAfter,
  event,
  firstText,
  idempotencyKey,
  invalid,
  isParseResult,
  leadToken,
  type Provider,
  readJson,
  snapshot,
  testDelivery,
} from './shared';

/** Each field and the names it is accepted under (the aliases in docs/providers.md). */
const FIELDS = {
  email: ['customer_email', 'email'],
  name: ['customer_name', 'name'],
  phone: ['customer_phone', 'phone'],
  start: ['start_time', 'startTime', 'start'],
  duration: ['duration_minutes'],
  type: ['appointment_type', 'type'],
  externalId: ['external_id', 'externalId'],
  previousExternalId: ['previous_external_id'],
  status: ['status'],
  source: ['source'],
  leadToken: ['lead_token', 'sc_lead'],
} as const;

export const EMAIL_FIELDS = FIELDS.email;
/** Every field name a normalised body may use. */
export const FIELD_NAMES: readonly string[] = Object.values(FIELDS).flat();

type Status = 'booked' | 'rescheduled' | 'cancelled';
const STATUSES: Record<string, Status> = {
  booked: 'booked',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export interface NormalisedOptions {
  /** `generic`, or `calcom` for a Cal.com custom payload template. */
  provider: string;
  /** How messages name the delivery ("The booking", "The Cal.com custom template"). */
  subject: string;
  /** Recorded as the delivery's trigger; defaults to the status. */
  trigger?: string;
}

/** The normalised booking fields → an event; `invalid` (422) names the field at fault. */
export function normalisedBooking(fields: Record<string, unknown>, o: NormalisedOptions): ParseResult {
  const get = (field: keyof typeof FIELDS) => firstText(fields, FIELDS[field]);
  const statusText = get('status').toLowerCase() || 'booked';
  const status = Object.hasOwn(STATUSES, statusText) ? STATUSES[statusText] : undefined;
  const trigger = clip(o.trigger ?? statusText, LIMITS.trigger);
  if (!status)
    return invalid(trigger, 422, `status "${clip(statusText, 40)}" is not one of booked, rescheduled, cancelled.`);

  const startText = get('start');
  const startAt = startText ? parseTime(startText) : null;
  if (startText && !startAt)
    return invalid(trigger, 422, `start_time "${clip(startText, 40)}" is not an ISO 8601 time with an offset.`);

  const email = get('email');
  const source = clip(get('source').toLowerCase(), LIMITS.source);
  const type = get('type');
  const ownId = clip(get('externalId'), LIMITS.externalId);
  const derived = `auto-${createHash('sha256')
    .update([normalizeEmail(email), startAt?.toISOString() ?? '', type].join('\n'))
    .digest('hex')
    .slice(0, 24)}`;
  const scoped = (value: string) => fitId(source ? `${source}:${value}` : value);
  const externalId = scoped(ownId || derived);
  const previous = get('previousExternalId');
  const previousExternalId = previous ? scoped(clip(previous, LIMITS.externalId)) : null;

  const booking = snapshot(trigger, o.subject, {
    externalId,
    title: type,
    startAt,
    endAt: endAfter(startAt, fields[FIELDS.duration[0]]),
    email,
    name: get('name'),
    phone: get('phone'),
    timeZone: '',
    guests: [],
    leadToken: leadToken(get('leadToken')),
    source: source || undefined,
  });
  if (isParseResult(booking)) return booking;

  // Same status and id: a retry. A booking moved again in place is a new change (its start is in the key).
  const moved = status === 'rescheduled' && startAt ? [startAt.toISOString()] : [];
  const key = idempotencyKey(o.provider, status, externalId, ...moved);
  switch (status) {
    case 'booked':
      return event(trigger, key, { type: 'booking_created', booking, status: 'accepted' });
    case 'rescheduled':
      return event(trigger, key, { type: 'booking_rescheduled', booking, previousExternalId, rescheduledBy: '' });
    case 'cancelled':
      return event(trigger, key, {
        type: 'booking_cancelled',
        booking,
        reason: firstText(fields, ['cancel_reason', 'reason']),
        cancelledBy: '',
        requestReschedule: false,
      });
  }
}

/** A JSON object, or `a=1&b=2` form fields (URL-encoded, as form tools send them). */
function readFields(body: Buffer): { fields: Record<string, unknown> } | ParseResult {
  const read = readJson(body, 'booking');
  if ('broken' in read) return read.broken;
  if (read.json !== undefined) {
    return isRecord(read.json)
      ? { fields: read.json }
      : invalid(null, 422, 'The body is JSON but not an object of booking fields (customer_email, start_time, …).');
  }
  const form = new URLSearchParams(body.toString('utf8'));
  return form.size > 0
    ? { fields: Object.fromEntries(form) }
    : invalid(null, 400, 'The body is neither JSON nor form fields: send the booking fields (customer_email, …).');
}

export function parseGeneric(body: Buffer): ParseResult {
  const read = readFields(body);
  if (isParseResult(read)) return read;
  const { fields } = read;
  if ([true, 'true', '1', 1].includes(fields.test as never)) return testDelivery('test');
  if (!firstText(fields, EMAIL_FIELDS))
    return invalid(firstText(fields, FIELDS.status) || null, 422, 'customer_email (or email) is required.');
  return normalisedBooking(fields, { provider: 'generic', subject: 'The booking' });
}

export const generic: Provider = {
  label: 'Other booking tool',
  credential: 'secret token',
  hint: 'send the secret saved in Solar Capture as "Authorization: Bearer <secret>" or as ?token=<secret> on the webhook URL',
  verify: (_body, headers, secrets) =>
    verifyToken([bearerToken(headers.authorization), headers['query:token']], secrets),
  parse: parseGeneric,
};
