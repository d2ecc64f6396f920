/**
 * Calendly webhook bodies → provider-neutral events (docs/providers.md).
 * `{"event": "invitee.created" | …, "payload": <the invitee>}`; the invitee's `uri` is the
 * booking's stable id. A reschedule is two deliveries in either order: `invitee.canceled` for
 * the old invitee (`rescheduled: true`, `new_invitee`) and `invitee.created` for the new one
 * (`old_invitee`); the pipeline links them the same way whichever comes first.
 */
import { z } from 'zod';
import { attributionFrom, boundAnswers } from '../answers';
import { clip, LIMITS, type MeetingLocation, normalizeEmail, type ParseResult } from '../events';
import { verifyCalendly } from '../verify';
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
  readNamedEvent,
  record,
  routingForm,
  snapshot,
  testDelivery,
  text,
  time,
  unusable,
} from './shared';

/** What the Integrations screen's test delivery sends. */
export const CALENDLY_TEST_EVENT = 'solar_capture.test';

// Calendly ids are URIs (https://api.calendly.com/scheduled_events/…/invitees/…), about 124 characters today.
const uri = id;

const question = z
  .object({ question: text, answer: z.unknown().optional(), position: z.unknown().optional(), question_uuid: text })
  .catch({ question: '', answer: '', position: null, question_uuid: '' });

const invitee = z.object({
  uri,
  email: text,
  name: text,
  first_name: text,
  last_name: text,
  timezone: text,
  text_reminder_number: text,
  rescheduled: flag,
  old_invitee: text,
  new_invitee: text,
  tracking: record,
  cancellation: z
    .object({ canceled_by: text, reason: text, canceler_type: text })
    .catch({ canceled_by: '', reason: '', canceler_type: '' }),
  questions_and_answers: z.array(question).catch([]),
});
type Invitee = z.infer<typeof invitee>;

const scheduledEvent = z.object({
  uri: text,
  name: text,
  start_time: time,
  end_time: time.nullable().catch(null),
  location: record,
  invitees_counter: z.object({ limit: z.unknown() }).catch({ limit: null }),
  event_guests: z.array(z.object({ email: text }).catch({ email: '' })).catch([]),
});

/** Invitee events describe a booking and need its scheduled event; no-shows only the invitee. */
const bookingPayload = invitee.extend({ scheduled_event: scheduledEvent });
type BookingPayload = z.infer<typeof bookingPayload>;

const formPayload = z.object({
  uri,
  routing_form: text,
  questions_and_answers: z.array(question).catch([]),
  tracking: record,
  result: z.object({ type: text, value: z.unknown() }).catch({ type: '', value: '' }),
});

const key = (name: string, ...ids: string[]) => idempotencyKey('calendly', name, ...ids);

function phoneOf(p: Invitee): string {
  if (p.text_reminder_number) return p.text_reminder_number;
  const answer = p.questions_and_answers.find((qa) => /phone|mobile|tel/i.test(qa.question))?.answer;
  return typeof answer === 'string' ? answer.trim() : '';
}

const answersOf = (p: Invitee) =>
  boundAnswers(
    p.questions_and_answers.map((qa, i) => ({
      key: qa.question_uuid || String(typeof qa.position === 'number' ? qa.position : i),
      label: qa.question,
      value: qa.answer,
    })),
  );

/** `scheduled_event.location`: `{type, location}` (address, phone number, custom text) or `{type, join_url}` (video). */
function meetingLocation(location: Record<string, unknown>): MeetingLocation | null {
  const type = firstText(location, ['type']);
  const place = firstText(location, ['location']);
  const join = firstText(location, ['join_url']);
  const value = (v: string) => clip(v, LIMITS.reason);
  if (join) return { type: 'video', value: value(join) };
  if (/call$/.test(type) && place) return { type: 'phone', value: value(place) };
  if (type === 'physical' && place) return { type: 'in_person', value: value(place) };
  if (place) return { type: 'other', value: value(place) };
  if (/conference|zoom|teams|webex|gotomeeting/.test(type)) return { type: 'video', value: value(type.replace(/_/g, ' ')) };
  return null;
}

function booking(name: string, data: unknown) {
  const parsed = bookingPayload.safeParse(data);
  if (!parsed.success) return unusable('Calendly', name, parsed.error);
  const p: BookingPayload = parsed.data;
  const event = p.scheduled_event;
  const limit = typeof event.invitees_counter.limit === 'number' ? event.invitees_counter.limit : 0;
  const snap = snapshot(name, `Calendly ${name}`, {
    externalId: p.uri,
    title: event.name,
    startAt: event.start_time,
    endAt: event.end_time,
    email: p.email,
    name: p.name || `${p.first_name} ${p.last_name}`.trim(),
    phone: phoneOf(p),
    timeZone: p.timezone,
    guests: event.event_guests.map((guest) => ({ email: guest.email, name: '' })),
    leadToken: leadToken(p.tracking.utm_content),
    // A group event: each invitee is a seat (and already a booking of their own).
    session:
      limit > 1 && event.uri
        ? { uid: clip(event.uri, LIMITS.externalId), seatId: null, perSeat: false, seats: limit }
        : null,
    location: meetingLocation(event.location),
    answers: answersOf(p),
    attribution: attributionFrom(p.tracking),
  });
  return isParseResult(snap) ? snap : { booking: snap, p };
}

function created(name: string, data: unknown): ParseResult {
  const b = booking(name, data);
  if (isParseResult(b)) return b;
  const previous = b.p.old_invitee;
  return event(
    name,
    key(name, b.booking.externalId),
    previous
      ? { type: 'booking_rescheduled', booking: b.booking, previousExternalId: previous, rescheduledBy: '' }
      : { type: 'booking_created', booking: b.booking, status: 'accepted' },
  );
}

function canceled(name: string, data: unknown): ParseResult {
  const b = booking(name, data);
  if (isParseResult(b)) return b;
  const { cancellation, rescheduled, new_invitee } = b.p;
  const role = cancellation.canceler_type === 'host' || cancellation.canceler_type === 'invitee' ? cancellation.canceler_type : '';
  // The old half of a reschedule: never a cancellation of the lead.
  return event(
    name,
    key(name, b.booking.externalId),
    rescheduled || new_invitee
      ? {
          type: 'booking_replaced',
          booking: b.booking,
          nextExternalId: new_invitee || null,
          reason: cancellation.reason,
        }
      : {
          type: 'booking_cancelled',
          booking: b.booking,
          reason: cancellation.reason,
          cancelledBy: cancellation.canceled_by,
          cancelledByRole: role,
          requestReschedule: false,
        },
  );
}

function noShow(name: string, data: unknown, body: Buffer): ParseResult {
  const parsed = invitee.safeParse(data);
  if (!parsed.success) return unusable('Calendly', name, parsed.error);
  const { uri: externalId, email } = parsed.data;
  if (!email) return invalid(name, 422, `Calendly ${name} has no invitee e-mail.`);
  // As for Cal.com: an invitee can be marked, unmarked and marked again; only an identical body is a repeat.
  return event(name, key(name, externalId, bodyDigest(body)), {
    type: 'booking_no_show',
    externalId,
    attendees: [{ email: normalizeEmail(email), noShow: name === 'invitee_no_show.created' }],
    source: 'manual',
  });
}

/** `routing_form_submission.created`: fires whether or not the person books; the e-mail, if asked, is an answer. */
function formSubmitted(name: string, data: unknown): ParseResult {
  const parsed = formPayload.safeParse(data);
  if (!parsed.success) return unusable('Calendly', name, parsed.error);
  const p = parsed.data;
  const raw = p.questions_and_answers.map((qa, i) => ({
    key: qa.question_uuid || String(i),
    label: qa.question,
    value: qa.answer,
  }));
  const result = p.result.type ? `${p.result.type}: ${typeof p.result.value === 'string' ? p.result.value : ''}` : '';
  return routingForm(name, key(name, p.uri), { id: p.routing_form, name: '' }, raw, p.tracking, result);
}

const events: Record<string, (name: string, data: unknown, body: Buffer) => ParseResult> = {
  'invitee.created': created,
  'invitee.canceled': canceled,
  'invitee_no_show.created': noShow,
  'invitee_no_show.deleted': noShow,
  'routing_form_submission.created': formSubmitted,
  [CALENDLY_TEST_EVENT]: (name) => testDelivery(name),
};

/** Parses a Calendly delivery body. Never throws. */
export function parseCalendly(body: Buffer): ParseResult {
  const read = readNamedEvent(body, 'Calendly', 'event');
  if (isParseResult(read)) return read;
  const { name, json } = read;
  const handle = Object.hasOwn(events, name) ? events[name] : undefined;
  if (!handle) return ignored(name, `Calendly ${name} deliveries are not used by Solar Capture.`);
  return handle(name, json.payload, body);
}

export const calendly: Provider = {
  label: 'Calendly',
  credential: 'signature',
  hint: "connect Calendly again from Solar Capture's Integrations screen, which gives Calendly the signing key",
  verify: (body, headers, secrets, now) => verifyCalendly(body, headers['calendly-webhook-signature'], secrets, now),
  parse: parseCalendly,
};
