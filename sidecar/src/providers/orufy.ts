/**
 * Orufy Bookings webhook bodies → provider-neutral events (docs/providers.md).
 * `{"eventType": "BOOK" | "CANCEL" | "RESCHEDULE", "meetData": {…}, "prevMeetId", "reschedule",
 * "cancellation", …}`; `meetData._id` is the meeting's id. How the "Secret Token" travels is not
 * documented, so it is accepted as a bearer token, an `X-Webhook-Secret` header or `?token=`.
 */
import { z } from 'zod';
import { fitId, type ParseResult } from '../events';
import { bearerToken, verifyToken } from '../verify';
import {
  endAfter,
  event,
  firstText,
  id,
  idempotencyKey,
  ignored,
  isParseResult,
  leadToken,
  type Provider,
  readNamedEvent,
  record,
  snapshot,
  testDelivery,
  text,
  time,
  unusable,
} from './shared';

const attendee = record.transform((a) => ({
  email: firstText(a, ['email']),
  name:
    firstText(a, ['name', 'fullName']) || [firstText(a, ['firstName']), firstText(a, ['lastName'])].join(' ').trim(),
  phone: firstText(a, ['phone', 'phoneNumber', 'mobile']),
  timeZone: firstText(a, ['timezone', 'timeZone']),
}));

const body = z.object({
  eventName: text,
  prevMeetId: text,
  reschedule: record,
  cancellation: record,
  meetData: z.object({
    _id: id,
    time,
    duration: z.unknown(),
    attendees: z.array(attendee).catch([]),
    modifiedEventName: text,
  }),
});

const TYPES = ['BOOK', 'CANCEL', 'RESCHEDULE'] as const;

/** The query parameter our booking links add (`?sc_lead=<lead token>`, providers.json `lead_token`). */
export const LEAD_TOKEN_PARAMETER = 'sc_lead';

/** Where a booking page's URL query may be echoed: Orufy does not document it, so each is read. */
const QUERY_RECORDS = ['queryParams', 'query', 'params', 'utmParams', 'utm', 'metadata'] as const;

/**
 * The lead token the booking link carried, from the meeting, the body, or a record of the booking
 * page's query parameters in either; null when none (or not a token's shape).
 */
function orufyLeadToken(json: unknown): string | null {
  const top = record.parse(json);
  const meet = record.parse(top.meetData);
  for (const holder of [meet, top]) {
    const direct = leadToken(holder[LEAD_TOKEN_PARAMETER]);
    if (direct) return direct;
    for (const key of QUERY_RECORDS) {
      const found = leadToken(record.parse(holder[key])[LEAD_TOKEN_PARAMETER]);
      if (found) return found;
    }
  }
  return null;
}

/** Parses an Orufy delivery body. Never throws. */
export function parseOrufy(raw: Buffer): ParseResult {
  const read = readNamedEvent(raw, 'Orufy', 'eventType');
  if (isParseResult(read)) return read;
  const { name: type, json } = read;
  if (type === 'TEST') return testDelivery(type);
  if (!(TYPES as readonly string[]).includes(type))
    return ignored(type, `Orufy ${type} deliveries are not used by Solar Capture.`);

  const parsed = body.safeParse(json);
  if (!parsed.success) return unusable('Orufy', type, parsed.error);
  const { meetData: m, prevMeetId, reschedule, cancellation, eventName } = parsed.data;
  const [booker, ...guests] = m.attendees;
  const booking = snapshot(type, `Orufy ${type}`, {
    externalId: m._id,
    title: m.modifiedEventName || eventName,
    startAt: m.time,
    endAt: endAfter(m.time, m.duration),
    email: booker?.email ?? '',
    name: booker?.name ?? '',
    phone: booker?.phone ?? '',
    timeZone: booker?.timeZone ?? '',
    guests,
    leadToken: orufyLeadToken(json),
  });
  if (isParseResult(booking)) return booking;

  const key = idempotencyKey('orufy', type, m._id);
  switch (type as (typeof TYPES)[number]) {
    case 'BOOK':
      return event(type, key, { type: 'booking_created', booking, status: 'accepted' });
    case 'CANCEL':
      return event(type, key, {
        type: 'booking_cancelled',
        booking,
        reason: firstText(cancellation, ['reason']),
        cancelledBy: firstText(cancellation, ['cancelledBy', 'by', 'who']),
        requestReschedule: false,
      });
    case 'RESCHEDULE':
      // A meeting moved in place keeps its id: its new start makes each move a change of its own.
      return event(type, idempotencyKey('orufy', type, m._id, m.time.toISOString()), {
        type: 'booking_rescheduled',
        booking,
        previousExternalId: prevMeetId && prevMeetId !== m._id ? fitId(prevMeetId) : null,
        rescheduledBy: firstText(reschedule, ['rescheduledBy', 'by', 'who']),
      });
  }
}

export const orufy: Provider = {
  label: 'Orufy Bookings',
  credential: 'secret token',
  hint: "paste the secret saved in Solar Capture as the Secret Token of Orufy's webhook",
  verify: (_body, headers, secrets) =>
    verifyToken([bearerToken(headers.authorization), headers['x-webhook-secret'], headers['query:token']], secrets),
  parse: parseOrufy,
};
