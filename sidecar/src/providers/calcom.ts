/**
 * Cal.com webhook bodies → provider-neutral events (see shared PROVIDERS.md).
 * Compact JSON `{triggerEvent, createdAt, payload}`; MEETING_STARTED/ENDED (and old pings)
 * are flat, with the booking's columns beside `triggerEvent`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  type BookingEvent,
  type BookingSnapshot,
  type ParseResult,
  clip,
  LIMITS,
  looksLikeEmail,
  normalizeEmail,
} from '../events';
import { isRecord, parseJson } from '../json';
import { parseTime } from '../time';

/** The `metadata` key our booking links set (`?metadata[sc_lead]=<lead token>`). */
export const LEAD_TOKEN_METADATA_KEY = 'sc_lead';

// Optional fields degrade to '' (or a default) instead of failing the whole body.
const text = z.string().trim().catch('');
const flag = z.boolean().catch(false);
const record = z.record(z.string(), z.unknown()).catch({});
const time = z.string({ error: 'missing' }).transform((value, ctx) => {
  const date = parseTime(value.trim());
  if (date === null)
    ctx.addIssue({ code: 'custom', message: `"${clip(value, 40)}" is not an ISO 8601 time with a zone` });
  return date ?? z.NEVER;
});
// 128 keeps `calcom:<trigger>:<uid>[:<hash>]` within the 191 characters of an idempotency key.
const uid = z.string({ error: 'missing' }).trim().min(1, 'empty').max(128, 'too long');

const attendee = z.object({
  email: text,
  name: text,
  firstName: text,
  lastName: text,
  timeZone: text,
  phoneNumber: text,
});
const noAttendee = attendee.parse({});

const bookingPayload = z.object({
  uid,
  title: text,
  startTime: time,
  endTime: time.nullable().catch(null),
  status: text,
  attendees: z.array(attendee.catch(() => noAttendee)).catch([]),
  organizer: z.object({ timeZone: text }).catch({ timeZone: '' }),
  responses: record,
  metadata: record,
  rescheduleUid: text,
  rescheduledBy: text,
  cancellationReason: text,
  cancelledBy: text,
  requestReschedule: flag,
  rejectionReason: text,
});
type BookingPayload = z.infer<typeof bookingPayload>;

const noShowPayload = z.object({
  bookingUid: uid,
  attendees: z.array(z.object({ email: text, noShow: flag })).catch([]),
});

const meetingPayload = z.object({ uid });

const invalid = (trigger: string | null, httpStatus: 400 | 422, reason: string): ParseResult => ({
  kind: 'invalid',
  trigger,
  httpStatus,
  reason,
});
const ignored = (trigger: string | null, reason: string): ParseResult => ({ kind: 'ignored', trigger, reason });
const event = (trigger: string, id: string, e: BookingEvent): ParseResult => ({
  kind: 'event',
  trigger,
  idempotencyKey: `calcom:${trigger}:${id}`,
  event: e,
});

function unusable(trigger: string, error: z.ZodError): ParseResult {
  const problems = error.issues.map((issue) => `payload.${issue.path.join('.')}: ${issue.message}`);
  return invalid(trigger, 422, `Cal.com ${trigger} payload is not usable (${problems.join('; ')}).`);
}

/** A `responses` entry is `{label, value}` (older releases: the bare value); a name may be `{firstName, lastName}`. */
function response(responses: Record<string, unknown>, key: string): string {
  const entry = responses[key];
  const value = isRecord(entry) && 'value' in entry ? entry.value : entry;
  if (typeof value === 'string') return value.trim();
  if (isRecord(value)) {
    const parts = [value.firstName, value.lastName].map((part) => (typeof part === 'string' ? part.trim() : ''));
    return parts.filter(Boolean).join(' ');
  }
  return '';
}

function leadToken(metadata: Record<string, unknown>): string | null {
  const token = metadata[LEAD_TOKEN_METADATA_KEY];
  return typeof token === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(token.trim()) ? token.trim() : null;
}

/** attendees[0] is the booker; the others are guests. */
function snapshot(trigger: string, p: BookingPayload): BookingSnapshot | ParseResult {
  const [first = noAttendee, ...others] = p.attendees;
  const email = first.email || response(p.responses, 'email');
  if (!email)
    return invalid(
      trigger,
      422,
      `Cal.com ${trigger} has no attendee e-mail, so the booking cannot be matched to a lead (phone-only bookings are not supported).`,
    );
  if (!looksLikeEmail(email))
    return invalid(
      trigger,
      422,
      `Cal.com ${trigger} attendee e-mail "${clip(email, 60)}" is not a valid e-mail address.`,
    );
  const name = first.name || response(p.responses, 'name') || `${first.firstName} ${first.lastName}`.trim();
  const phone = first.phoneNumber || response(p.responses, 'attendeePhoneNumber') || response(p.responses, 'phone');
  return {
    externalId: p.uid,
    title: clip(p.title, LIMITS.title),
    startAt: p.startTime,
    endAt: p.endTime,
    booker: {
      email,
      emailNormalized: normalizeEmail(email),
      name: clip(name, LIMITS.name),
      phone: clip(phone, LIMITS.phone),
      timeZone: clip(first.timeZone || p.organizer.timeZone, LIMITS.timeZone),
    },
    guests: others
      .filter((guest) => guest.email)
      .map((guest) => ({ email: clip(guest.email, LIMITS.email), name: clip(guest.name, LIMITS.name) })),
    leadToken: leadToken(p.metadata),
  };
}

/** Triggers that describe a whole booking. */
function bookingTrigger(
  trigger: string,
  data: unknown,
  toEvent: (booking: BookingSnapshot, p: BookingPayload) => BookingEvent,
): ParseResult {
  const parsed = bookingPayload.safeParse(data);
  if (!parsed.success) return unusable(trigger, parsed.error);
  const booking = snapshot(trigger, parsed.data);
  return 'kind' in booking ? booking : event(trigger, booking.externalId, toEvent(booking, parsed.data));
}

const created = (trigger: string, data: unknown) =>
  bookingTrigger(trigger, data, (booking, p) => ({
    type: 'booking_created',
    booking,
    status: p.status === 'PENDING' ? 'pending' : 'accepted',
  }));

const triggers: Record<string, (trigger: string, data: unknown, body: Buffer) => ParseResult> = {
  PING: (trigger) =>
    ignored(trigger, 'Cal.com ping test received: the webhook reaches Solar Capture. Nothing was saved.'),
  BOOKING_CREATED: created,
  // A paid booking is confirmed by its payment; whichever of CREATED/PAID comes first makes the booking.
  BOOKING_PAID: created,
  BOOKING_REQUESTED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking) => ({ type: 'booking_created', booking, status: 'pending' })),
  BOOKING_RESCHEDULED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({
      type: 'booking_rescheduled',
      booking,
      previousExternalId: p.rescheduleUid || null,
      rescheduledBy: p.rescheduledBy,
    })),
  BOOKING_CANCELLED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({
      type: 'booking_cancelled',
      booking,
      reason: p.cancellationReason,
      cancelledBy: p.cancelledBy,
      requestReschedule: p.requestReschedule,
    })),
  BOOKING_REJECTED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({ type: 'booking_rejected', booking, reason: p.rejectionReason })),
  BOOKING_NO_SHOW_UPDATED: (trigger, data, body) => {
    const parsed = noShowPayload.safeParse(data);
    if (!parsed.success) return unusable(trigger, parsed.error);
    const { bookingUid, attendees } = parsed.data;
    // The same booking can be marked and unmarked: every distinct body is its own change,
    // while a re-sent identical body stays a duplicate.
    const bodyHash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    return event(trigger, `${bookingUid}:${bodyHash}`, {
      type: 'booking_no_show',
      externalId: bookingUid,
      attendees: attendees.filter((a) => a.email).map((a) => ({ email: normalizeEmail(a.email), noShow: a.noShow })),
    });
  },
  MEETING_STARTED: (trigger) => ignored(trigger, 'Cal.com MEETING_STARTED changes nothing in Solar Capture.'),
  MEETING_ENDED: (trigger, data) => {
    const parsed = meetingPayload.safeParse(data);
    if (!parsed.success) return unusable(trigger, parsed.error);
    return event(trigger, parsed.data.uid, { type: 'meeting_ended', externalId: parsed.data.uid });
  },
};

/** Parses a Cal.com delivery body. Never throws. */
export function parseCalcom(body: Buffer): ParseResult {
  const json = parseJson(body.toString('utf8'));
  if (json === undefined) {
    return invalid(
      null,
      400,
      'The body is not JSON. If a custom payload template is set on the Cal.com webhook, clear it.',
    );
  }
  const trigger =
    isRecord(json) && typeof json.triggerEvent === 'string' ? clip(json.triggerEvent.trim(), LIMITS.trigger) : '';
  if (!isRecord(json) || trigger === '') {
    return invalid(
      null,
      422,
      'The body has no triggerEvent, so it is not a Cal.com webhook as sent by default. If a custom payload template is set on the Cal.com webhook, clear it.',
    );
  }
  const handle = Object.hasOwn(triggers, trigger) ? triggers[trigger] : undefined;
  if (!handle) return ignored(trigger, `Cal.com ${trigger} deliveries are not used by Solar Capture.`);
  return handle(trigger, isRecord(json.payload) ? json.payload : json, body);
}
