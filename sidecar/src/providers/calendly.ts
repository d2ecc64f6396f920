/**
 * Calendly webhook bodies → provider-neutral events (docs/providers.md).
 * `{"event": "invitee.created" | …, "payload": <the invitee>}`; the invitee's `uri` is the
 * booking's stable id. A reschedule is two deliveries in either order: `invitee.canceled` for
 * the old invitee (`rescheduled: true`, `new_invitee`) and `invitee.created` for the new one
 * (`old_invitee`); the pipeline links them the same way whichever comes first.
 */
import { z } from 'zod';
import { normalizeEmail, type ParseResult } from '../events';
import { verifyCalendly } from '../verify';
import {
  bodyDigest,
  event,
  flag,
  id,
  idempotencyKey,
  ignored,
  invalid,
  isParseResult,
  leadToken,
  type Provider,
  readNamedEvent,
  snapshot,
  testDelivery,
  text,
  time,
  unusable,
} from './shared';

/** What the Integrations screen's test delivery sends. */
export const CALENDLY_TEST_EVENT = 'solar_capture.test';

// Calendly ids are URIs (https://api.calendly.com/scheduled_events/…/invitees/…).
const uri = id.max(191, 'too long');

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
  tracking: z.object({ utm_content: text }).catch({ utm_content: '' }),
  cancellation: z.object({ canceled_by: text, reason: text }).catch({ canceled_by: '', reason: '' }),
  questions_and_answers: z
    .array(z.object({ question: text, answer: text }).catch({ question: '', answer: '' }))
    .catch([]),
});
type Invitee = z.infer<typeof invitee>;

const scheduledEvent = z.object({
  name: text,
  start_time: time,
  end_time: time.nullable().catch(null),
  event_guests: z.array(z.object({ email: text }).catch({ email: '' })).catch([]),
});

/** Invitee events describe a booking and need its scheduled event; no-shows only the invitee. */
const bookingPayload = invitee.extend({ scheduled_event: scheduledEvent });

const key = (name: string, ...ids: string[]) => idempotencyKey('calendly', name, ...ids);

function phoneOf(p: Invitee): string {
  if (p.text_reminder_number) return p.text_reminder_number;
  return p.questions_and_answers.find((qa) => /phone|mobile|tel/i.test(qa.question))?.answer ?? '';
}

function booking(name: string, data: unknown) {
  const parsed = bookingPayload.safeParse(data);
  if (!parsed.success) return unusable('Calendly', name, parsed.error);
  const p = parsed.data;
  const snap = snapshot(name, `Calendly ${name}`, {
    externalId: p.uri,
    title: p.scheduled_event.name,
    startAt: p.scheduled_event.start_time,
    endAt: p.scheduled_event.end_time,
    email: p.email,
    name: p.name || `${p.first_name} ${p.last_name}`.trim(),
    phone: phoneOf(p),
    timeZone: p.timezone,
    guests: p.scheduled_event.event_guests.map((guest) => ({ email: guest.email, name: '' })),
    leadToken: leadToken(p.tracking.utm_content),
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
  });
}

const events: Record<string, (name: string, data: unknown, body: Buffer) => ParseResult> = {
  'invitee.created': created,
  'invitee.canceled': canceled,
  'invitee_no_show.created': noShow,
  'invitee_no_show.deleted': noShow,
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
