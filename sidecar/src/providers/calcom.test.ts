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

describe('parseCalcom: what Cal.com really sends (seats, reschedule requests, no-shows, series, payments, forms)', () => {
  const S = 'Wk7sN3pQ9dLm2Vx5Rb8TcA';
  const eventOf = (result: ReturnType<typeof parseCalcom>) => {
    if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
    return result.event;
  };
  const bookingOf = (result: ReturnType<typeof parseCalcom>) => {
    const e = eventOf(result);
    if (!('booking' in e)) throw new Error('expected a booking event');
    return e.booking;
  };

  it('seated: each seat holder is a booking of their own, keyed by the shared uid and the seat id', () => {
    const first = parse('booking-created-seat-first');
    const second = parse('booking-created-seat-second');
    expect(bookingOf(first)).toMatchObject({
      externalId: `${S}#seat:9b2f4c1e-5d7a-4e33-a0c8-6f1d2b7e9a01`,
      session: { uid: S, seatId: '9b2f4c1e-5d7a-4e33-a0c8-6f1d2b7e9a01', perSeat: true, seats: 8 },
      booker: { emailNormalized: 'mia.kovacs@example.net' },
    });
    expect(bookingOf(second)).toMatchObject({
      externalId: `${S}#seat:4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44`,
      booker: { emailNormalized: 'omar.haddad@example.com', phone: '+44 7700 900321' },
      guests: [],
    });
    // Two people, two idempotency keys: the second is no duplicate of the first.
    expect(first.kind === 'event' && second.kind === 'event' && first.idempotencyKey !== second.idempotencyKey).toBe(
      true,
    );
    // Without a seat id (older releases) the seat is the holder's e-mail.
    const noSeatId = withPayload('booking-created-seat-second', (p) => delete p.attendeeSeatId);
    expect(bookingOf(noSeatId)).toMatchObject({
      externalId: `${S}#omar.haddad@example.com`,
      session: { uid: S, seatId: null, perSeat: true },
    });
  });

  it("seated cancellation: only the leaving person, never the first seat holder's responses", () => {
    const result = parse('booking-cancelled-seat');
    const e = eventOf(result);
    expect(e).toMatchObject({
      type: 'booking_cancelled',
      requestReschedule: false,
      scope: 'booking',
      booking: {
        externalId: `${S}#omar.haddad@example.com`,
        session: { uid: S, seatId: null, perSeat: true },
        booker: { emailNormalized: 'omar.haddad@example.com', name: 'Omar Haddad', phone: '+44 7700 900321' },
      },
    });
    if (e.type !== 'booking_cancelled') throw new Error('unexpected');
    // The booking's responses are Mia's: none of them is stored as Omar's.
    expect(e.booking.answers ?? []).toEqual([]);
    // A release that names the seat: the seat id.
    const named = withPayload('booking-cancelled-seat', (p) => (p.attendeeSeatId = '4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44'));
    expect(bookingOf(named).session).toMatchObject({ seatId: '4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44' });
    // A seat id with no attendee cannot be matched to anyone: 422, nothing applied.
    expect(withPayload('booking-cancelled-seat', (p) => {
      p.attendeeSeatId = '4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44';
      p.attendees = [];
    })).toMatchObject({ kind: 'invalid', httpStatus: 422, reason: expect.stringContaining('names no attendee') });
  });

  it('seated reschedule: the new session and the same seat; the reason is read from responses', () => {
    const e = eventOf(parse('booking-rescheduled-seat'));
    expect(e).toMatchObject({
      type: 'booking_rescheduled',
      previousExternalId: S,
      reason: 'Away on the 12th',
      booking: {
        externalId: 'Hq2Zr6Ya4Pe9Ks1Fw3NvMd#seat:4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44',
        session: { uid: 'Hq2Zr6Ya4Pe9Ks1Fw3NvMd', seatId: '4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44' },
      },
    });
  });

  it('a host\'s "Request reschedule" in all three generations; a genuine cancellation stays one', () => {
    const generations = [
      (p: Record<string, unknown>) => p, // current: requestReschedule and rescheduleRequested true
      (p: Record<string, unknown>) => ((p.requestReschedule = false), delete p.rescheduleRequested), // a middle release
      (p: Record<string, unknown>) => (delete p.requestReschedule, delete p.rescheduleRequested, delete p.cancelledBy), // older
    ];
    for (const change of generations) {
      expect(eventOf(withPayload('booking-request-reschedule', change))).toMatchObject({
        type: 'booking_cancelled',
        requestReschedule: true,
        reason: 'The surveyor is ill that day.',
        cancelledByRole: 'host',
      });
    }
    // Older releases wrote "undefined" when the host gave no reason.
    expect(
      eventOf(withPayload('booking-request-reschedule', (p) => (p.cancellationReason = 'Please reschedule. undefined'))),
    ).toMatchObject({ requestReschedule: true, reason: '' });
    expect(eventOf(parse('booking-cancelled'))).toMatchObject({
      requestReschedule: false,
      reason: expect.not.stringMatching(/^Please reschedule/),
    });
    expect(
      eventOf(withPayload('booking-cancelled', (p) => Object.assign(p, { requestReschedule: false, rescheduleRequested: false }))),
    ).toMatchObject({ requestReschedule: false });
  });

  it('who cancelled: the organiser (or a team member) is the host, an attendee the invitee', () => {
    const by = (email: string, team?: unknown) =>
      eventOf(withPayload('booking-cancelled', (p) => Object.assign(p, { cancelledBy: email }, team ? { team } : {})));
    expect(by('Bookings@SunnySolar.example')).toMatchObject({ cancelledByRole: 'host' });
    expect(by(' jane.doe@example.com')).toMatchObject({ cancelledByRole: 'invitee' });
    expect(by('ops@sunnysolar.example', { name: 'Sunny', members: [{ email: 'ops@sunnysolar.example' }] })).toMatchObject({
      cancelledByRole: 'host',
    });
    expect(by('someone@else.example')).toMatchObject({ cancelledByRole: '', cancelledBy: 'someone@else.example' });
  });

  it('Cal Video no-shows: the guests Cal.com marked become no-shows; the host variant is a timeline event', () => {
    const guests = parse('after-guests-cal-video-no-show');
    expect(guests).toMatchObject({
      kind: 'event',
      trigger: 'AFTER_GUESTS_CAL_VIDEO_NO_SHOW',
      idempotencyKey: expect.stringMatching(/^calcom:AFTER_GUESTS_CAL_VIDEO_NO_SHOW:8kLmQx2Vb7sNfYp3Ck1R9t:[0-9a-f]{16}$/),
      event: {
        type: 'booking_no_show',
        externalId: '8kLmQx2Vb7sNfYp3Ck1R9t',
        source: 'cal_video',
        attendees: [
          { email: 'jane.doe@example.com', noShow: true },
          { email: 'sam.partner@example.org', noShow: true },
        ],
      },
    });
    // A joined attendee (noShow false) is not marked; releases that send no marks mean everyone.
    const one = withPayload('after-guests-cal-video-no-show', (p) => ((p.attendees as { noShow: boolean }[])[1].noShow = false));
    expect(eventOf(one)).toMatchObject({ attendees: [{ email: 'jane.doe@example.com', noShow: true }] });
    const unmarked = withPayload('after-guests-cal-video-no-show', (p) =>
      (p.attendees as Record<string, unknown>[]).forEach((x) => delete x.noShow),
    );
    expect(eventOf(unmarked)).toMatchObject({ attendees: [{ noShow: true }, { noShow: true }] });
    expect(eventOf(parse('after-hosts-cal-video-no-show'))).toEqual({
      type: 'host_no_show',
      externalId: '8kLmQx2Vb7sNfYp3Ck1R9t',
      hostEmail: 'bookings@sunnysolar.example',
      message: expect.stringContaining("didn't join the call"),
    });
  });

  it('recurring: every occurrence names its series; "cancel all remaining" carries the rule', () => {
    const series = [1, 2, 3, 4].map((n) => bookingOf(parse(`booking-created-recurring-${n}`)).seriesId);
    expect(series[0]).toMatch(/^series-[0-9a-f]{24}$/);
    expect(new Set(series).size).toBe(1);
    const all = eventOf(parse('booking-cancelled-recurring-all'));
    expect(all).toMatchObject({ type: 'booking_cancelled', scope: 'remaining_series', booking: { seriesId: series[0] } });
    // One occurrence cancelled on its own: no rule in the body.
    const one = withPayload('booking-cancelled-recurring-all', (p) => delete p.recurringEvent);
    expect(eventOf(one)).toMatchObject({ scope: 'booking' });
    expect(bookingOf(parse('booking-created')).seriesId).toBeUndefined();
  });

  it('paid event types: PAYMENT_INITIATED is a booking awaiting payment; PAID and CREATED confirm it', () => {
    expect(parse('booking-payment-initiated')).toMatchObject({
      kind: 'event',
      idempotencyKey: 'calcom:BOOKING_PAYMENT_INITIATED:Py7mK2sV9bNq4Xc1Lw8Rt',
      event: {
        type: 'booking_created',
        status: 'awaiting_payment',
        paymentId: '912',
        booking: {
          location: { type: 'in_person', value: '12 Orchard Lane, Bristol BS3 4QT' },
          attribution: { utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'summer-survey-2025', utmTerm: 'solar panels bristol' },
        },
      },
    });
    expect(eventOf(parse('booking-paid'))).toMatchObject({ type: 'booking_created', status: 'accepted' });
  });

  it('answers of every field type, labelled for people, and the meeting place', () => {
    const b = bookingOf(parse('booking-created-answers'));
    const byKey = Object.fromEntries((b.answers ?? []).map((x) => [x.key, x]));
    expect(byKey).toMatchObject({
      name: { label: 'Your name', value: 'Jane Doe' },
      attendeePhoneNumber: { label: 'Phone number', value: '+44 7700 900123' },
      location: { label: 'Location', value: 'Cal Video' },
      guests: { label: 'Additional guests', value: 'sam.partner@example.org' },
      notes: { label: 'Additional notes', value: 'South-facing roof, about 35 m².' },
      postcode: { label: 'Postcode', value: 'BS3 4QT' },
      panels: { value: '12' },
      battery: { value: 'Yes' },
      interests: { value: 'Solar panels, Battery storage, EV charger' },
      'contact-time': { value: 'Other: After 6pm' },
      website: { value: 'https://photos.example/roof' },
      // Stored as text; escaping is the screens' job.
      evil: { label: '<b>Notes</b>', value: '<script>alert(1)</script>' },
    });
    expect(b.location).toEqual({ type: 'video', value: 'https://app.cal.com/video/8kLmQx2Vb7sNfYp3Ck1R9t' });
    expect(b.attribution).toMatchObject({ utmSource: 'newsletter', utmCampaign: 'june-offer', utmContent: 'hero-button' });
    const location = (value: string) => bookingOf(withPayload('booking-created', (p) => ((p.location = value), (p.metadata = {})))).location;
    expect(location('https://zoom.us/j/123?pwd=x')).toEqual({ type: 'video', value: 'https://zoom.us/j/123?pwd=x' });
    expect(location('integrations:zoom')).toEqual({ type: 'video', value: 'Zoom' });
    expect(location('+44 117 496 0000')).toEqual({ type: 'phone', value: '+44 117 496 0000' });
    expect(location('')).toBeUndefined();
  });

  it('FORM_SUBMITTED: every answer, the e-mail from the answer that is one; none → ignored with the answers', () => {
    expect(parse('form-submitted')).toMatchObject({
      kind: 'event',
      trigger: 'FORM_SUBMITTED',
      idempotencyKey: expect.stringMatching(/^calcom:FORM_SUBMITTED:c1a7e0f2-4b9d-4e61-9a0f-5d3b7c2e8f10:[0-9a-f]{16}$/),
      event: {
        type: 'form_submitted',
        form: { id: 'c1a7e0f2-4b9d-4e61-9a0f-5d3b7c2e8f10', name: 'Which survey do you need?' },
        booker: { email: 'Lena.Fischer@Example.de', emailNormalized: 'lena.fischer@example.de', name: 'Lena Fischer' },
        answers: [
          { key: 'Full name', value: 'Lena Fischer' },
          { key: 'Email', value: 'Lena.Fischer@Example.de' },
          { key: 'zip', value: 'BS1 5TR' },
          { key: 'bill', value: '95' },
          { key: 'owner', value: 'Yes' },
          { key: 'services', value: 'Solar panels, Battery' },
        ],
      },
    });
    const noEmail = withPayload('form-submitted', (p) => {
      delete (p.responses as Record<string, unknown>).Email;
    });
    expect(noEmail).toEqual({
      kind: 'ignored',
      trigger: 'FORM_SUBMITTED',
      reason: expect.stringContaining('no e-mail in the form'),
    });
    if (noEmail.kind === 'ignored') expect(noEmail.reason).toContain('zip: BS1 5TR');
    // 500 answers, or 100 KB of text: not a form anyone filled in.
    const huge = withPayload('form-submitted', (p) => {
      p.responses = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`q${i}`, { value: 'x', response: 'x' }]));
    });
    expect(huge).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('500 answers') });
    const long = withPayload('form-submitted', (p) => {
      (p.responses as Record<string, unknown>).essay = { value: 'y'.repeat(100_000), response: 'y'.repeat(100_000) };
    });
    expect(long).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('nothing was saved') });
    expect(parseCalcom(Buffer.from('{"triggerEvent":"FORM_SUBMITTED_NO_EVENT","payload":{}}'))).toMatchObject({ kind: 'ignored' });
  });

  it('accepts an external id of 191 characters and refuses 192 with the reason', () => {
    const uid = (n: number) => withPayload('booking-created', (p) => (p.uid = 'u'.repeat(n)));
    expect(bookingOf(uid(191)).externalId).toHaveLength(191);
    expect(uid(192)).toMatchObject({ kind: 'invalid', httpStatus: 422, reason: expect.stringContaining('payload.uid') });
    // A seat of a session with a 191-character uid still fits its column.
    const seat = withPayload('booking-created-seat-second', (p) => (p.uid = 's'.repeat(191)));
    expect(bookingOf(seat).externalId.length).toBeLessThanOrEqual(191);
  });

  it('malformed or oversized answers: the booking is kept, the answers bounded, nothing throws', () => {
    const junk = withPayload('booking-created', (p) => {
      p.responses = { a: { label: 5, value: { x: { y: { z: 1 } } } }, b: null, c: [[[[1]]]], d: { label: 'Fine', value: 'ok' } };
      p.customInputs = 'not an object';
    });
    expect(bookingOf(junk).answers).toEqual([{ key: 'd', label: 'Fine', value: 'ok' }]);
    expect(bookingOf(withPayload('booking-created', (p) => (p.responses = 'junk'))).answers).toEqual([]);
    const huge = withPayload('booking-created', (p) => {
      p.responses = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`q${i}`, { label: `Q${i}`, value: 'v'.repeat(3000) }]));
    });
    const b = bookingOf(huge);
    expect(b.answers?.length).toBeLessThanOrEqual(60);
    expect(b.answers?.every((a) => a.value.length <= 2000)).toBe(true);
    expect((b.answers?.length ?? 0) + (b.answersDropped ?? 0)).toBe(500);
  });
});
