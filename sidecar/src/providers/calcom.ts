/**
 * Cal.com webhook bodies → provider-neutral events (docs/providers.md).
 * Compact JSON `{triggerEvent, createdAt, payload}`; MEETING_STARTED/ENDED (and old pings)
 * are flat, with the booking's columns beside `triggerEvent`.
 *
 * A custom payload template replaces the whole body: no envelope, values HTML-escaped, and
 * when the template is not JSON, `key=value&…` sent as form data but not URL-encoded. Such a
 * body is read with the generic provider's field names; without an e-mail it is ignored with
 * the reason in the delivery log.
 */
import { z } from 'zod';
import type { BookingEvent, BookingSnapshot, ParseResult } from '../events';
import { clip, LIMITS, normalizeEmail } from '../events';
import { isRecord } from '../json';
import { verifyCalcom } from '../verify';
import { EMAIL_FIELDS, FIELD_NAMES, normalisedBooking } from './generic';
import {
  bodyDigest,
  event,
  firstText,
  flag,
  id,
  idempotencyKey,
  ignored,
  invalid,
  isParseResult,
  leadToken,
  type Provider,
  readJson,
  record,
  snapshot as checkedSnapshot,
  testDelivery,
  text,
  time,
  unusable,
} from './shared';

/** The `metadata` key our booking links set (`?metadata[sc_lead]=<lead token>`). */
export const LEAD_TOKEN_METADATA_KEY = 'sc_lead';

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
  uid: id,
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
  bookingUid: id,
  attendees: z.array(z.object({ email: text, noShow: flag })).catch([]),
});

const meetingPayload = z.object({ uid: id });

const key = (trigger: string, ...ids: string[]) => idempotencyKey('calcom', trigger, ...ids);

/** A `responses` entry is `{label, value}` (older releases: the bare value); a name may be `{firstName, lastName}`. */
function response(responses: Record<string, unknown>, name: string): string {
  const entry = responses[name];
  const value = isRecord(entry) && 'value' in entry ? entry.value : entry;
  if (typeof value === 'string') return value.trim();
  if (isRecord(value)) {
    const parts = [value.firstName, value.lastName].map((part) => (typeof part === 'string' ? part.trim() : ''));
    return parts.filter(Boolean).join(' ');
  }
  return '';
}

/** attendees[0] is the booker; the others are guests. */
function snapshot(trigger: string, p: BookingPayload): BookingSnapshot | ParseResult {
  const [first = noAttendee, ...others] = p.attendees;
  return checkedSnapshot(trigger, `Cal.com ${trigger}`, {
    externalId: p.uid,
    title: p.title,
    startAt: p.startTime,
    endAt: p.endTime,
    email: first.email || response(p.responses, 'email'),
    name: first.name || response(p.responses, 'name') || `${first.firstName} ${first.lastName}`.trim(),
    phone: first.phoneNumber || response(p.responses, 'attendeePhoneNumber') || response(p.responses, 'phone'),
    timeZone: first.timeZone || p.organizer.timeZone,
    guests: others,
    leadToken: leadToken(p.metadata[LEAD_TOKEN_METADATA_KEY]),
  });
}

/** Triggers that describe a whole booking. */
function bookingTrigger(
  trigger: string,
  data: unknown,
  toEvent: (booking: BookingSnapshot, p: BookingPayload) => BookingEvent,
): ParseResult {
  const parsed = bookingPayload.safeParse(data);
  if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
  const booking = snapshot(trigger, parsed.data);
  return isParseResult(booking)
    ? booking
    : event(trigger, key(trigger, booking.externalId), toEvent(booking, parsed.data));
}

const created = (trigger: string, data: unknown) =>
  bookingTrigger(trigger, data, (booking, p) => ({
    type: 'booking_created',
    booking,
    status: p.status === 'PENDING' ? 'pending' : 'accepted',
  }));

const triggers: Record<string, (trigger: string, data: unknown, body: Buffer) => ParseResult> = {
  PING: (trigger) => testDelivery(trigger),
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
    if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
    const { bookingUid, attendees } = parsed.data;
    // The natural key is trigger + bookingUid, but one booking can be marked and unmarked:
    // every distinct body is its own change, while a re-sent identical body stays a duplicate.
    return event(trigger, key(trigger, bookingUid, bodyDigest(body)), {
      type: 'booking_no_show',
      externalId: bookingUid,
      attendees: attendees.filter((a) => a.email).map((a) => ({ email: normalizeEmail(a.email), noShow: a.noShow })),
    });
  },
  MEETING_STARTED: (trigger) => ignored(trigger, 'Cal.com MEETING_STARTED changes nothing in Solar Capture.'),
  MEETING_ENDED: (trigger, data) => {
    const parsed = meetingPayload.safeParse(data);
    if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
    return event(trigger, key(trigger, parsed.data.uid), { type: 'meeting_ended', externalId: parsed.data.uid });
  },
};

/** What a template's trigger means for the booking; triggers missing here are not used. */
const TEMPLATE_STATUS: Record<string, string> = {
  BOOKING_CREATED: 'booked',
  BOOKING_PAID: 'booked',
  BOOKING_RESCHEDULED: 'rescheduled',
  BOOKING_CANCELLED: 'cancelled',
  BOOKING_REJECTED: 'cancelled',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Undoes the HTML escaping Cal.com applies to template values (`&#x27;` → `'`). */
export function unescapeHtml(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** `key=value&key=value` (or one pair a line), not URL-decoded; an `&` that starts an entity belongs to its value. */
function templateForm(source: string): Record<string, string> {
  const pairs = source.split(/\r?\n|&(?![#A-Za-z0-9]+;)/).flatMap((part) => {
    const at = part.indexOf('=');
    return at > 0 ? [[part.slice(0, at).trim(), part.slice(at + 1)] as const] : [];
  });
  return Object.fromEntries(pairs);
}

/** A body written by a custom payload template: flat, HTML-escaped fields. */
function parseTemplate(fields: Record<string, unknown>): ParseResult {
  const values = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? unescapeHtml(value) : value]),
  );
  const recognised = Object.keys(values).some(
    (name) => FIELD_NAMES.includes(name) || /^(triggerEvent|trigger|uid)$/.test(name),
  );
  if (!recognised) {
    return invalid(
      null,
      422,
      'The body is neither a Cal.com webhook (no triggerEvent) nor a custom payload template with booking fields (email, name, start_time, …).',
    );
  }
  const trigger = clip(firstText(values, ['triggerEvent', 'trigger']), LIMITS.trigger) || 'custom template';
  if (trigger === 'PING') return testDelivery(trigger);
  const status = trigger === 'custom template' ? 'booked' : TEMPLATE_STATUS[trigger];
  if (!status) return ignored(trigger, `Cal.com ${trigger} deliveries are not used by Solar Capture.`);
  if (!EMAIL_FIELDS.some((name) => typeof values[name] === 'string' && values[name].trim() !== ''))
    return ignored(
      trigger,
      'The Cal.com custom payload template sends no e-mail, so nothing was saved: add "email": "{{attendee.email}}" to the template, or clear the template to send Cal.com\'s standard body.',
    );
  // Cal.com's own variable names, when the template uses them.
  const aliases = { external_id: values.uid, previous_external_id: values.rescheduleUid, status };
  return normalisedBooking({ ...aliases, ...values }, { provider: 'calcom', subject: `Cal.com ${trigger}`, trigger });
}

/** Parses a Cal.com delivery body. Never throws. */
export function parseCalcom(body: Buffer): ParseResult {
  const read = readJson(body, 'Cal.com');
  if ('broken' in read) return read.broken;
  const { json } = read;
  if (json === undefined) return parseTemplate(templateForm(body.toString('utf8')));
  if (!isRecord(json)) return invalid(null, 422, 'The body is JSON but not an object, so it is not a Cal.com webhook.');
  const trigger = typeof json.triggerEvent === 'string' ? clip(json.triggerEvent.trim(), LIMITS.trigger) : '';
  // A template's flat fields carry the e-mail; a flat MEETING_* body carries its booking's attendees.
  const template = !isRecord(json.payload) && !Array.isArray(json.attendees) && EMAIL_FIELDS.some((f) => f in json);
  if (trigger === '' || template) return parseTemplate(json);
  const handle = Object.hasOwn(triggers, trigger) ? triggers[trigger] : undefined;
  if (!handle) return ignored(trigger, `Cal.com ${trigger} deliveries are not used by Solar Capture.`);
  return handle(trigger, isRecord(json.payload) ? json.payload : json, body);
}

export const calcom: Provider = {
  label: 'Cal.com',
  credential: 'signature',
  hint: "enter the same secret in Cal.com's webhook settings, or generate a new one in Solar Capture and paste it there",
  verify: (body, headers, secrets) => verifyCalcom(body, headers['x-cal-signature-256'], secrets),
  parse: parseCalcom,
};
