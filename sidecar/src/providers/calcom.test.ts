import fc from 'fast-check';
import { calcomFixture } from '../test-support/site';
import { parseCalcom } from './calcom';

const parse = (name: string) => parseCalcom(calcomFixture(name));
const withPayload = (name: string, change: (payload: Record<string, unknown>) => void) => {
  const body = JSON.parse(calcomFixture(name).toString('utf8'));
  change(body.payload);
  return parseCalcom(Buffer.from(JSON.stringify(body)));
};

describe('parseCalcom', () => {
  it('normalises BOOKING_CREATED: booker, name object, phone from responses, guests, times', () => {
    expect(parse('booking-created')).toEqual({
      kind: 'event',
      trigger: 'BOOKING_CREATED',
      idempotencyKey: 'calcom:BOOKING_CREATED:8kLmQx2Vb7sNfYp3Ck1R9t',
      event: {
        type: 'booking_created',
        status: 'accepted',
        booking: {
          externalId: '8kLmQx2Vb7sNfYp3Ck1R9t',
          title: 'Solar survey call between Sunny Solar and Jane Doe',
          startAt: new Date('2025-06-10T09:00:00Z'),
          endAt: new Date('2025-06-10T09:30:00Z'),
          booker: {
            email: 'Jane.Doe@Example.COM',
            emailNormalized: 'jane.doe@example.com',
            name: 'Jane Doe',
            phone: '+44 7700 900123',
            timeZone: 'Europe/London',
          },
          guests: [{ email: 'sam.partner@example.org', name: '' }],
          leadToken: null,
        },
      },
    });
  });

  it('reads our lead token from metadata.sc_lead and the attendee phone', () => {
    const result = parse('booking-created-lead-token');
    expect(result.kind).toBe('event');
    if (result.kind !== 'event' || result.event.type !== 'booking_created') throw new Error('unexpected');
    expect(result.event.booking.leadToken).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(result.event.booking.booker).toMatchObject({ name: 'Raj Patel', phone: '+44 7700 900456' });
  });

  it('falls back to attendee firstName/lastName and drops a lead token that is not a token', () => {
    const result = withPayload('booking-created', (p) => {
      p.responses = {};
      p.metadata = { sc_lead: '<script>' };
    });
    if (result.kind !== 'event' || result.event.type !== 'booking_created') throw new Error('unexpected');
    expect(result.event.booking.booker.name).toBe('Jane Doe');
    expect(result.event.booking.booker.phone).toBe('');
    expect(result.event.booking.leadToken).toBeNull();
  });

  it('ignores PING and creates nothing for its test attendee', () => {
    expect(parse('ping')).toEqual({ kind: 'ignored', trigger: 'PING', reason: expect.stringContaining('ping') });
  });

  it('ignores an unknown trigger with a reason', () => {
    expect(parse('unknown-trigger')).toEqual({
      kind: 'ignored',
      trigger: 'RECORDING_READY',
      reason: 'Cal.com RECORDING_READY deliveries are not used by Solar Capture.',
    });
    expect(parseCalcom(Buffer.from('{"triggerEvent":"constructor","payload":{}}')).kind).toBe('ignored');
  });

  it('rejects a booking without attendee e-mail as 422', () => {
    expect(parse('booking-created-missing-email')).toEqual({
      kind: 'invalid',
      trigger: 'BOOKING_CREATED',
      httpStatus: 422,
      reason: expect.stringContaining('no attendee e-mail'),
    });
    expect(
      withPayload('booking-created', (p) => ((p.attendees as { email: string }[])[0].email = 'not an address')),
    ).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
    });
  });

  it('rejects a body that is not JSON as 400, and JSON that is not a Cal.com envelope as 422', () => {
    expect(parse('garbage')).toMatchObject({ kind: 'invalid', trigger: null, httpStatus: 400 });
    expect(parseCalcom(Buffer.from('[1,2]'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parseCalcom(Buffer.from('{"name":"Jane"}'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
  });

  it('names the unusable field of a known trigger', () => {
    const result = withPayload('booking-created', (p) => {
      delete p.uid;
      p.startTime = 'next Tuesday';
    });
    expect(result).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    if (result.kind !== 'invalid') throw new Error('unexpected');
    expect(result.reason).toContain('payload.uid: missing');
    expect(result.reason).toContain('payload.startTime: "next Tuesday" is not an ISO 8601 time');
  });

  it('maps BOOKING_RESCHEDULED to the new booking with the original uid', () => {
    expect(parse('booking-rescheduled')).toMatchObject({
      idempotencyKey: 'calcom:BOOKING_RESCHEDULED:Zt6pW2cR9mHq4xLs8Nb1Ke',
      event: {
        type: 'booking_rescheduled',
        previousExternalId: '8kLmQx2Vb7sNfYp3Ck1R9t',
        rescheduledBy: 'jane.doe@example.com',
        booking: { externalId: 'Zt6pW2cR9mHq4xLs8Nb1Ke', startAt: new Date('2025-06-11T13:00:00Z') },
      },
    });
  });

  it('maps BOOKING_CANCELLED (+00:00 times) and an organiser request to reschedule', () => {
    expect(parse('booking-cancelled')).toMatchObject({
      event: {
        type: 'booking_cancelled',
        reason: 'We found another installer',
        requestReschedule: false,
        booking: { startAt: new Date('2025-06-10T09:00:00Z') },
      },
    });
    expect(parse('booking-request-reschedule')).toMatchObject({
      event: { type: 'booking_cancelled', requestReschedule: true },
    });
  });

  it('maps BOOKING_REQUESTED to a pending booking and BOOKING_REJECTED with its reason', () => {
    expect(parse('booking-requested')).toMatchObject({ event: { type: 'booking_created', status: 'pending' } });
    expect(parse('booking-rejected')).toMatchObject({
      event: { type: 'booking_rejected', reason: 'We do not cover your area yet.' },
    });
  });

  it('maps BOOKING_NO_SHOW_UPDATED by bookingUid; each distinct body is its own change', () => {
    const result = parse('booking-no-show-updated');
    expect(result).toMatchObject({
      event: {
        type: 'booking_no_show',
        externalId: '8kLmQx2Vb7sNfYp3Ck1R9t',
        attendees: [{ email: 'jane.doe@example.com', noShow: true }],
      },
    });
    const undone = withPayload(
      'booking-no-show-updated',
      (p) => ((p.attendees as { noShow: boolean }[])[0].noShow = false),
    );
    expect(result.kind === 'event' && result.idempotencyKey).toMatch(
      /^calcom:BOOKING_NO_SHOW_UPDATED:8kLmQx2Vb7sNfYp3Ck1R9t:[0-9a-f]{16}$/,
    );
    expect(undone.kind === 'event' && undone.idempotencyKey).not.toBe(result.kind === 'event' && result.idempotencyKey);
    expect(parse('booking-no-show-updated')).toEqual(result);
  });

  it('reads the flat MEETING_ENDED body', () => {
    expect(parse('meeting-ended')).toEqual({
      kind: 'event',
      trigger: 'MEETING_ENDED',
      idempotencyKey: 'calcom:MEETING_ENDED:8kLmQx2Vb7sNfYp3Ck1R9t',
      event: { type: 'meeting_ended', externalId: '8kLmQx2Vb7sNfYp3Ck1R9t' },
    });
  });

  it('never throws, whatever the bytes or JSON', () => {
    const triggers = fc.constantFrom(
      'BOOKING_CREATED',
      'BOOKING_CANCELLED',
      'BOOKING_RESCHEDULED',
      'BOOKING_NO_SHOW_UPDATED',
      'MEETING_ENDED',
      'PING',
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(['event', 'ignored', 'invalid']).toContain(parseCalcom(Buffer.from(bytes)).kind);
      }),
    );
    fc.assert(
      fc.property(triggers, fc.anything(), fc.boolean(), (triggerEvent, payload, flat) => {
        const body =
          flat && typeof payload === 'object' && payload !== null
            ? { ...payload, triggerEvent }
            : { triggerEvent, payload };
        const json = JSON.stringify(body) ?? 'null';
        expect(['event', 'ignored', 'invalid']).toContain(parseCalcom(Buffer.from(json)).kind);
      }),
    );
    // Realistic bodies with any field replaced by anything.
    const base = JSON.parse(calcomFixture('booking-created').toString('utf8'));
    const fields = [
      'uid',
      'title',
      'startTime',
      'endTime',
      'status',
      'attendees',
      'organizer',
      'responses',
      'metadata',
      'rescheduleUid',
      'requestReschedule',
    ];
    fc.assert(
      fc.property(
        triggers,
        fc.dictionary(fc.constantFrom(...fields), fc.anything()),
        fc.anything(),
        (triggerEvent, changes, attendee) => {
          const payload = { ...base.payload, attendees: [attendee, ...base.payload.attendees], ...changes };
          const json = JSON.stringify({ triggerEvent, payload }) ?? 'null';
          expect(['event', 'ignored', 'invalid']).toContain(parseCalcom(Buffer.from(json)).kind);
        },
      ),
    );
  });
});
