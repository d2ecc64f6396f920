import { fixture } from '../test-support/site';
import { parseCalendly } from './calendly';

const O = 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA';
const N = 'https://api.calendly.com/scheduled_events/HCHCECBBEBFEDSA3/invitees/BBBBBBBBBBBBBBBB';
const parse = (name: string) => parseCalendly(fixture('calendly', name));
const withPayload = (name: string, change: (payload: Record<string, unknown>) => void) => {
  const body = JSON.parse(fixture('calendly', name).toString('utf8'));
  change(body.payload);
  return parseCalendly(Buffer.from(JSON.stringify(body)));
};

describe('parseCalendly', () => {
  it('maps invitee.created: the invitee URI is the booking, phone from the answers, guests, microsecond times', () => {
    expect(parse('invitee-created')).toMatchObject({
      kind: 'event',
      trigger: 'invitee.created',
      idempotencyKey: `calendly:invitee.created:${O}`,
      event: {
        type: 'booking_created',
        status: 'accepted',
        booking: {
          externalId: O,
          title: 'Solar survey call',
          startAt: new Date('2025-06-10T10:00:00Z'),
          endAt: new Date('2025-06-10T10:30:00Z'),
          booker: {
            email: 'Priya.Shah@Example.org',
            emailNormalized: 'priya.shah@example.org',
            name: 'Priya Shah',
            phone: '+44 7700 900777',
            timeZone: 'Europe/London',
          },
          guests: [{ email: 'partner@example.org', name: '' }],
          leadToken: null,
        },
      },
    });
  });

  it('reads our lead token from tracking.utm_content, and a name from first/last name', () => {
    const result = withPayload('invitee-created', (p) => {
      p.tracking = { utm_content: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' };
      p.name = null;
      p.first_name = 'Priya';
      p.last_name = 'Shah';
    });
    expect(result).toMatchObject({
      event: { booking: { leadToken: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', booker: { name: 'Priya Shah' } } },
    });
  });

  it('maps a plain invitee.canceled to a cancellation with its reason', () => {
    expect(parse('invitee-canceled')).toMatchObject({
      idempotencyKey: `calendly:invitee.canceled:${O}`,
      event: { type: 'booking_cancelled', reason: 'Found another installer', cancelledBy: 'Priya Shah' },
    });
  });

  it('maps the reschedule pair: the old invitee is replaced (never cancelled), the new one links back', () => {
    expect(parse('invitee-canceled-rescheduled')).toMatchObject({
      event: { type: 'booking_replaced', nextExternalId: N, booking: { externalId: O } },
    });
    expect(parse('invitee-created-rescheduled')).toMatchObject({
      idempotencyKey: `calendly:invitee.created:${N}`,
      event: { type: 'booking_rescheduled', previousExternalId: O, booking: { externalId: N } },
    });
  });

  it('maps no-show marks and unmarks for the invitee; every distinct body is its own change', () => {
    const marked = parse('invitee-no-show-created');
    expect(marked).toMatchObject({
      idempotencyKey: expect.stringMatching(/^calendly:invitee_no_show\.created:https:.*:[0-9a-f]{16}$/),
      event: { type: 'booking_no_show', externalId: O, attendees: [{ email: 'priya.shah@example.org', noShow: true }] },
    });
    expect(parse('invitee-no-show-deleted')).toMatchObject({
      event: { attendees: [{ email: 'priya.shah@example.org', noShow: false }] },
    });
    expect(parse('invitee-no-show-created')).toEqual(marked);
  });

  it('answers the test delivery and unknown events as ignored, bad bodies as 4xx', () => {
    expect(parseCalendly(Buffer.from('{"event":"solar_capture.test"}'))).toEqual({
      kind: 'ignored',
      trigger: 'solar_capture.test',
      reason: expect.stringContaining('Test delivery received'),
    });
    expect(parseCalendly(Buffer.from('{"event":"invitee.rescheduled","payload":{}}'))).toMatchObject({
      kind: 'ignored',
    });
    // A routing form submission without its uri is not one Calendly sent.
    expect(parseCalendly(Buffer.from('{"event":"routing_form_submission.created","payload":{}}'))).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
    });
    expect(parseCalendly(Buffer.from('{"event":'))).toMatchObject({ kind: 'invalid', httpStatus: 400 });
    expect(parseCalendly(Buffer.from('event=invitee.created'))).toMatchObject({ kind: 'invalid', httpStatus: 400 });
    expect(parseCalendly(Buffer.from('{"payload":{}}'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(withPayload('invitee-created', (p) => delete p.uri)).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
      reason: expect.stringContaining('payload.uri: missing'),
    });
    expect(withPayload('invitee-created', (p) => (p.email = 'nobody'))).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
    });
  });
});
