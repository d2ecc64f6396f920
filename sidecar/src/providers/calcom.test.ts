import { calcomFixture } from '../test-support/site';
import { parseCalcom, unescapeHtml } from './calcom';

const parse = (name: string) => parseCalcom(calcomFixture(name));
const withPayload = (name: string, change: (payload: Record<string, unknown>) => void) => {
  const body = JSON.parse(calcomFixture(name).toString('utf8'));
  change(body.payload);
  return parseCalcom(Buffer.from(JSON.stringify(body)));
};

describe('parseCalcom', () => {
  it('normalises BOOKING_CREATED: booker, name object, phone from responses, guests, times', () => {
    expect(parse('booking-created')).toMatchObject({
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
    expect(parse('ping')).toEqual({
      kind: 'ignored',
      trigger: 'PING',
      reason: expect.stringContaining('Test delivery received'),
    });
  });

  it('ignores an unknown trigger with a reason', () => {
    expect(parse('unknown-trigger')).toEqual({
      kind: 'ignored',
      trigger: 'RECORDING_READY',
      reason: 'Cal.com RECORDING_READY deliveries are not used by Solar Capture.',
    });
    expect(parseCalcom(Buffer.from('{"triggerEvent":"constructor","payload":{}}')).kind).toBe('ignored');
  });

  it('ignores a phone-only booking (200) and rejects one with no attendee e-mail and no phone as 422', () => {
    expect(parse('booking-created-missing-email')).toEqual({
      kind: 'ignored',
      trigger: 'BOOKING_CREATED',
      reason: expect.stringContaining('phone-only booking'),
    });
    expect(
      withPayload('booking-created-missing-email', (p) => {
        p.attendees = [{ email: '', name: 'No one' }];
        p.responses = {};
      }),
    ).toMatchObject({ kind: 'invalid', httpStatus: 422, reason: expect.stringContaining('no booker e-mail') });
    expect(
      withPayload('booking-created', (p) => ((p.attendees as { email: string }[])[0].email = 'not an address')),
    ).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
    });
  });

  it('rejects broken JSON as 400, and JSON that is neither an envelope nor a template as 422', () => {
    expect(parseCalcom(Buffer.from('{"triggerEvent":"BOOKING_CREATED","payload":'))).toMatchObject({
      kind: 'invalid',
      trigger: null,
      httpStatus: 400,
    });
    expect(parseCalcom(Buffer.from('[1,2]'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parseCalcom(Buffer.from('{"a":{"a":1}}'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parseCalcom(Buffer.from('{"triggerEvent":"BOOKING_CREATED","payload":null}'))).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
    });
  });

  describe('custom payload templates', () => {
    it('reads a form-style template (not URL-encoded, HTML-escaped values) with the generic field names', () => {
      // `trigger=BOOKING_CREATED&name=Jane O&#x27;Neil&email=jane@example.com`
      const result = parse('garbage');
      expect(result).toMatchObject({
        kind: 'event',
        trigger: 'BOOKING_CREATED',
        idempotencyKey: expect.stringMatching(/^calcom:booked:auto-[0-9a-f]{24}$/),
        event: {
          type: 'booking_created',
          status: 'accepted',
          booking: { booker: { email: 'jane@example.com', name: "Jane O'Neil" }, startAt: null },
        },
      });
      expect(parse('garbage')).toEqual(result);
      // `+` and `%` stay as they are: the body is not URL-encoded.
      expect(parseCalcom(Buffer.from('email=jane+solar@example.com&name=100%&amp;more'))).toMatchObject({
        event: { booking: { booker: { email: 'jane+solar@example.com', name: '100%&more' } } },
      });
    });

    it('reads a JSON template with Cal.com variable names; the trigger gives the status', () => {
      const body = {
        triggerEvent: 'BOOKING_RESCHEDULED',
        uid: 'newUid',
        rescheduleUid: 'oldUid',
        email: 'Sam@Example.org',
        name: 'Sam &quot;Sunny&quot; O&#x27;Hara',
        start_time: '2025-06-12T10:00:00+01:00',
        duration_minutes: 30,
      };
      expect(parseCalcom(Buffer.from(JSON.stringify(body)))).toMatchObject({
        kind: 'event',
        trigger: 'BOOKING_RESCHEDULED',
        event: {
          type: 'booking_rescheduled',
          previousExternalId: 'oldUid',
          booking: {
            externalId: 'newUid',
            startAt: new Date('2025-06-12T09:00:00Z'),
            endAt: new Date('2025-06-12T09:30:00Z'),
            booker: { emailNormalized: 'sam@example.org', name: 'Sam "Sunny" O\'Hara' },
          },
        },
      });
      const cancelled = { ...body, triggerEvent: 'BOOKING_CANCELLED' };
      expect(parseCalcom(Buffer.from(JSON.stringify(cancelled)))).toMatchObject({
        event: { type: 'booking_cancelled', booking: { externalId: 'newUid' } },
      });
    });

    it('ignores a template without an e-mail, a ping, and triggers it cannot map, with a reason', () => {
      expect(parseCalcom(Buffer.from('{"name":"Jane"}'))).toEqual({
        kind: 'ignored',
        trigger: 'custom template',
        reason: expect.stringContaining('sends no e-mail'),
      });
      expect(parseCalcom(Buffer.from('triggerEvent=BOOKING_CREATED&email='))).toMatchObject({ kind: 'ignored' });
      expect(parseCalcom(Buffer.from('triggerEvent=PING&email=jdoe@example.com'))).toMatchObject({
        kind: 'ignored',
        reason: expect.stringContaining('Test delivery received'),
      });
      expect(parseCalcom(Buffer.from('{"triggerEvent":"MEETING_ENDED","email":"a@b.org"}'))).toMatchObject({
        kind: 'ignored',
        trigger: 'MEETING_ENDED',
      });
    });

    it('rejects a template whose fields are there but wrong (422)', () => {
      expect(parseCalcom(Buffer.from('{"email":"jane@example.com","start_time":"next week"}'))).toMatchObject({
        kind: 'invalid',
        httpStatus: 422,
        reason: expect.stringContaining('start_time'),
      });
      expect(parseCalcom(Buffer.from('email=not-an-address'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    });

    it('undoes HTML escaping', () => {
      expect(unescapeHtml('a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#39; &#x1F600; &bogus; &#0; &#x110000;')).toBe(
        'a & b <c> "d" \'e\' \u{1F600} &bogus; &#0; &#x110000;',
      );
    });
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
});
