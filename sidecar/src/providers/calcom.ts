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
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { answerText, attributionFrom, boundAnswers, locationName } from '../answers';
import type { BookingEvent, BookingSnapshot, CancelledByRole, MeetingLocation, ParseResult, Session } from '../events';
import { clip, fitId, LIMITS, normalizeEmail, seatExternalId } from '../events';
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
  routingForm,
  snapshot as checkedSnapshot,
  testDelivery,
  text,
  time,
  unusable,
} from './shared';

/** The `metadata` key our booking links set (`?metadata[sc_lead]=<lead token>`). */
export const LEAD_TOKEN_METADATA_KEY = 'sc_lead';

/** What a host's "Request reschedule" puts before the reason, in every release. */
const RESCHEDULE_PREFIX = /^\s*please reschedule\.?\s*/i;

const attendee = z.object({
  email: text,
  name: text,
  firstName: text,
  lastName: text,
  timeZone: text,
  phoneNumber: text,
});
const noAttendee = attendee.parse({});

const person = z.object({ email: text, name: text, timeZone: text }).catch({ email: '', name: '', timeZone: '' });

const bookingPayload = z.object({
  uid: id,
  title: text,
  type: text,
  eventTypeId: z.unknown().optional(),
  startTime: time,
  endTime: time.nullable().catch(null),
  status: text,
  location: text,
  attendees: z.array(attendee.catch(() => noAttendee)).catch([]),
  organizer: person,
  team: z
    .object({ members: z.array(person).catch([]) })
    .nullable()
    .catch(null),
  responses: record,
  customInputs: record,
  metadata: record,
  tracking: record,
  rescheduleUid: text,
  rescheduledBy: text,
  rescheduleReason: text,
  cancellationReason: text,
  cancelledBy: text,
  requestReschedule: flag,
  rescheduleRequested: flag,
  rejectionReason: text,
  attendeeSeatId: text,
  seatsPerTimeSlot: z.unknown().optional(),
  recurringEvent: z.unknown().optional(),
  recurringEventId: text,
  allRemainingBookings: flag,
  paymentId: z.unknown().optional(),
});
type BookingPayload = z.infer<typeof bookingPayload>;

const noShowPayload = z.object({
  bookingUid: id,
  attendees: z.array(z.object({ email: text, noShow: flag })).catch([]),
});

/** Cal Video's automatic no-shows: the booking's attendees, each with the `noShow` Cal.com just set (older releases: none). */
const videoNoShowPayload = z.object({
  bookingUid: id,
  attendees: z
    .array(z.object({ email: text, noShow: z.boolean().nullable().catch(null).default(null) }).catch({ email: '', noShow: null }))
    .catch([]),
  hostEmail: text,
  message: text,
});

const formPayload = z.object({ formId: text, formName: text, responses: record });

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

/** Every booking answer: `responses` (system and custom fields), then legacy `customInputs` not already there. */
function bookingAnswers(p: BookingPayload, responses: Record<string, unknown>) {
  const fromResponses = Object.entries(responses).map(([name, entry]) => {
    const labelled = isRecord(entry) && 'value' in entry;
    return {
      key: name,
      label: labelled && typeof entry.label === 'string' ? entry.label : name,
      value: labelled ? entry.value : entry,
    };
  });
  const known = new Set(fromResponses.map((a) => a.key.toLowerCase()));
  const legacy = Object.entries(p.customInputs)
    .filter(([label]) => !known.has(label.toLowerCase()))
    .map(([label, value]) => ({ key: label, label, value }));
  return boundAnswers([...fromResponses, ...legacy]);
}

const PHONE = /^\+?[\d\s().-]{6,}$/;

/** `location` is a join link, an integration id (`integrations:daily`), a phone number or an address. */
function meetingLocation(p: BookingPayload): MeetingLocation | null {
  const raw = p.location;
  const videoCallUrl = typeof p.metadata.videoCallUrl === 'string' ? p.metadata.videoCallUrl.trim() : '';
  const url = /^https?:\/\//i.test(videoCallUrl) ? videoCallUrl : '';
  const value = (v: string) => clip(v, LIMITS.reason);
  if (/^https?:\/\//i.test(raw)) return { type: 'video', value: value(raw) };
  if (raw.startsWith('integrations:')) return { type: 'video', value: value(url || locationName(raw)) };
  if (raw === '' && url) return { type: 'video', value: value(url) };
  if (PHONE.test(raw)) return { type: 'phone', value: value(raw) };
  return raw ? { type: 'in_person', value: value(locationName(raw)) } : null;
}

/** Cal.com's `cancelledBy` is an e-mail: the organiser's (or a team member's) is the host's, an attendee's is the invitee's. */
function cancellerRole(p: BookingPayload): CancelledByRole {
  const by = normalizeEmail(p.cancelledBy);
  if (!by) return '';
  const hosts = [p.organizer.email, ...(p.team?.members ?? []).map((m) => m.email)].map(normalizeEmail);
  if (hosts.includes(by)) return 'host';
  if (p.attendees.some((a) => normalizeEmail(a.email) === by)) return 'invitee';
  return '';
}

/** A positive `seatsPerTimeSlot`, or null. */
function seatCount(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * The series a recurring occurrence belongs to. Cal.com sends no series id in its webhooks, only
 * the event type's `recurringEvent` rule; occurrences booked together share event type, booker and
 * rule, so those make the id (a `recurringEventId`, where a body has one, is used as it is).
 */
function seriesOf(p: BookingPayload, bookerEmail: string): string | null {
  if (p.recurringEventId) return fitId(p.recurringEventId);
  if (!isRecord(p.recurringEvent)) return null;
  const rule = p.recurringEvent;
  const eventType = typeof p.eventTypeId === 'number' || typeof p.eventTypeId === 'string' ? String(p.eventTypeId) : p.type;
  const parts = [eventType, normalizeEmail(bookerEmail), String(rule.freq ?? ''), String(rule.interval ?? '')];
  return `series-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24)}`;
}

/**
 * attendees[0] is the booker; the others are guests. A seated event's deliveries share the booking's
 * `uid`: each seat holder is their own booking, stored under `<uid>#seat:<attendeeSeatId>` (or
 * `<uid>#<their e-mail>` where the release sends no seat id).
 */
function snapshot(trigger: string, p: BookingPayload): BookingSnapshot | ParseResult {
  const [first = noAttendee, ...others] = p.attendees;
  const seats = seatCount(p.seatsPerTimeSlot);
  const seated = p.attendeeSeatId !== '' || seats !== null;
  if (seated && !first.email && p.attendees.length === 0)
    return invalid(
      trigger,
      422,
      `Cal.com ${trigger} is for a seat (${clip(p.attendeeSeatId || p.uid, 60)}) but names no attendee, so the seat cannot be matched to a lead.`,
    );
  // A seat's cancellation carries the booking's original responses (the first seat holder's):
  // they are only the booker's when their e-mail is the booker's.
  const responsesEmail = normalizeEmail(response(p.responses, 'email'));
  const own = !first.email || !responsesEmail || responsesEmail === normalizeEmail(first.email);
  const responses = own ? p.responses : {};
  const email = first.email || response(responses, 'email');
  const session: Session | null = seated ? { uid: p.uid, seatId: p.attendeeSeatId || null, perSeat: true, seats } : null;
  return checkedSnapshot(trigger, `Cal.com ${trigger}`, {
    externalId: seated ? seatExternalId(p.uid, p.attendeeSeatId || null, normalizeEmail(email)) : p.uid,
    title: p.title,
    startAt: p.startTime,
    endAt: p.endTime,
    email,
    name: first.name || response(responses, 'name') || `${first.firstName} ${first.lastName}`.trim(),
    phone: first.phoneNumber || response(responses, 'attendeePhoneNumber') || response(responses, 'phone'),
    timeZone: first.timeZone || p.organizer.timeZone,
    guests: others,
    leadToken: leadToken(p.metadata[LEAD_TOKEN_METADATA_KEY]),
    session,
    seriesId: seriesOf(p, email),
    location: meetingLocation(p),
    answers: bookingAnswers(p, responses),
    attribution: attributionFrom({ ...p.tracking, ...p.metadata }),
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

/** "undefined" is what older releases wrote when the host gave no reason. */
const reasonText = (reason: string) => (/^(undefined|null)$/i.test(reason.trim()) ? '' : reason.trim());

function cancelled(booking: BookingSnapshot, p: BookingPayload): BookingEvent {
  // Three generations of "Request reschedule": `requestReschedule: true` with `rescheduleRequested: true`
  // (current), `requestReschedule: false` (a middle release), no flag at all (older). The reason's
  // prefix is what all three carry.
  const prefixed = RESCHEDULE_PREFIX.test(p.cancellationReason);
  const requested = p.requestReschedule || p.rescheduleRequested || prefixed;
  const reason = reasonText(requested ? p.cancellationReason.replace(RESCHEDULE_PREFIX, '') : p.cancellationReason);
  const role = requested && !p.cancelledBy ? 'host' : cancellerRole(p);
  return {
    type: 'booking_cancelled',
    booking,
    reason,
    cancelledBy: p.cancelledBy,
    cancelledByRole: role,
    requestReschedule: requested,
    // "Cancel all remaining" is the only cancellation that carries the series' rule.
    scope: isRecord(p.recurringEvent) || p.allRemainingBookings ? 'remaining_series' : 'booking',
  };
}

function noShow(trigger: string, data: unknown, body: Buffer): ParseResult {
  const parsed = noShowPayload.safeParse(data);
  if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
  const { bookingUid, attendees } = parsed.data;
  // The natural key is trigger + bookingUid, but one booking can be marked and unmarked:
  // every distinct body is its own change, while a re-sent identical body stays a duplicate.
  return event(trigger, key(trigger, bookingUid, bodyDigest(body)), {
    type: 'booking_no_show',
    externalId: bookingUid,
    attendees: attendees.filter((a) => a.email).map((a) => ({ email: normalizeEmail(a.email), noShow: a.noShow })),
    source: 'manual',
  });
}

/** AFTER_GUESTS_CAL_VIDEO_NO_SHOW: the attendees Cal.com marked (every attendee where no mark is sent). */
function guestsNoShow(trigger: string, data: unknown, body: Buffer): ParseResult {
  const parsed = videoNoShowPayload.safeParse(data);
  if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
  const { bookingUid, attendees } = parsed.data;
  const marked = attendees.some((a) => a.noShow !== null) ? attendees.filter((a) => a.noShow === true) : attendees;
  const emails = marked.filter((a) => a.email).map((a) => ({ email: normalizeEmail(a.email), noShow: true }));
  if (emails.length === 0) return ignored(trigger, `Cal.com ${trigger} for ${clip(bookingUid, 60)} names no guest who missed the call.`);
  return event(trigger, key(trigger, bookingUid, bodyDigest(body)), {
    type: 'booking_no_show',
    externalId: bookingUid,
    attendees: emails,
    source: 'cal_video',
  });
}

function hostNoShow(trigger: string, data: unknown, body: Buffer): ParseResult {
  const parsed = videoNoShowPayload.safeParse(data);
  if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
  const { bookingUid, hostEmail, message } = parsed.data;
  return event(trigger, key(trigger, bookingUid, bodyDigest(body)), {
    type: 'host_no_show',
    externalId: bookingUid,
    hostEmail: clip(hostEmail, LIMITS.email),
    message: clip(message, LIMITS.reason),
  });
}

/**
 * FORM_SUBMITTED (routing forms): `responses: {<identifier>: {value, response}}`, the answers also
 * repeated at the root for old receivers. No booking, and no id of the submission: a re-sent
 * identical body is a duplicate, any other body a new submission.
 */
function formSubmitted(trigger: string, data: unknown, body: Buffer): ParseResult {
  const parsed = formPayload.safeParse(data);
  if (!parsed.success) return unusable('Cal.com', trigger, parsed.error);
  const { formId, formName, responses } = parsed.data;
  // Without `responses` (the oldest releases) the answers are only at the root.
  const root = isRecord(data) ? data : {};
  const entries = Object.keys(responses).length
    ? Object.entries(responses)
    : Object.entries(root).filter(([name]) => !['formId', 'formName', 'teamId', 'responses'].includes(name));
  const raw = entries.map(([identifier, entry]) => {
    const value = isRecord(entry) ? (entry.response !== undefined ? entry.response : entry.value) : entry;
    const label = isRecord(entry) && typeof entry.label === 'string' && entry.label ? entry.label : identifier;
    return { key: identifier, label, value };
  });
  return routingForm(trigger, key(trigger, clip(formId, 60), bodyDigest(body)), { id: formId, name: formName }, raw, null, '');
}

const triggers: Record<string, (trigger: string, data: unknown, body: Buffer) => ParseResult> = {
  PING: (trigger) => testDelivery(trigger),
  BOOKING_CREATED: created,
  // A paid booking is confirmed by its payment; whichever of CREATED/PAID comes first makes the booking.
  BOOKING_PAID: created,
  // Sent when a paid booking's checkout starts; an abandoned checkout sends nothing else.
  BOOKING_PAYMENT_INITIATED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({
      type: 'booking_created',
      booking,
      status: 'awaiting_payment',
      ...(p.paymentId === undefined || p.paymentId === null ? {} : { paymentId: clip(answerText(p.paymentId), 64) }),
    })),
  // An opt-in event type's reschedule is a request too, naming the booking it would replace.
  BOOKING_REQUESTED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({
      type: 'booking_created',
      booking,
      status: 'pending',
      ...(p.rescheduleUid && p.rescheduleUid !== p.uid ? { replaces: p.rescheduleUid } : {}),
    })),
  BOOKING_RESCHEDULED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({
      type: 'booking_rescheduled',
      booking,
      previousExternalId: p.rescheduleUid || null,
      rescheduledBy: p.rescheduledBy,
      reason: p.rescheduleReason || response(p.responses, 'rescheduleReason'),
    })),
  BOOKING_CANCELLED: (trigger, data) => bookingTrigger(trigger, data, cancelled),
  BOOKING_REJECTED: (trigger, data) =>
    bookingTrigger(trigger, data, (booking, p) => ({ type: 'booking_rejected', booking, reason: p.rejectionReason })),
  BOOKING_NO_SHOW_UPDATED: noShow,
  AFTER_GUESTS_CAL_VIDEO_NO_SHOW: guestsNoShow,
  AFTER_HOSTS_CAL_VIDEO_NO_SHOW: hostNoShow,
  FORM_SUBMITTED: formSubmitted,
  FORM_SUBMITTED_NO_EVENT: (trigger) =>
    ignored(trigger, 'Cal.com FORM_SUBMITTED_NO_EVENT repeats a form already received as FORM_SUBMITTED; nothing changed.'),
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
