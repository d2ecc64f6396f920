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

describe('parseCalendly: answers, attribution, location, who cancelled, group events, routing forms, long ids', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const edit = (name: string, change: (payload: any) => void) => withPayload(name, change);
  const eventOf = (result: ReturnType<typeof parseCalendly>) => {
    if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
    return result.event;
  };

  it('keeps questions_and_answers, tracking and the meeting place with the booking', () => {
    expect(eventOf(parse('invitee-created'))).toMatchObject({
      booking: {
        answers: [
          { key: '0', label: 'Phone number', value: '+44 7700 900777' },
          { key: '1', label: 'Tell us about your roof', value: 'Tiled, south-west facing' },
        ],
        attribution: { utmSource: 'solar-capture', utmMedium: 'website', utmCampaign: 'quote-form', utmContent: '' },
        location: { type: 'video', value: 'https://meet.google.com/abc-defg-hij' },
      },
    });
    const place = (location: unknown) =>
      eventOf(edit('invitee-created', (p) => (p.scheduled_event.location = location)));
    expect(place({ type: 'physical', location: '1 Dock Road, Bristol' })).toMatchObject({
      booking: { location: { type: 'in_person', value: '1 Dock Road, Bristol' } },
    });
    expect(place({ type: 'outbound_call', location: '+44 117 496 0001' })).toMatchObject({
      booking: { location: { type: 'phone', value: '+44 117 496 0001' } },
    });
    expect(place({ type: 'zoom', status: 'pushed', join_url: 'https://zoom.us/j/99' })).toMatchObject({
      booking: { location: { type: 'video', value: 'https://zoom.us/j/99' } },
    });
  });

  it('malformed answers and tracking are dropped, not fatal', () => {
    const junk = edit('invitee-created', (p) => {
      p.questions_and_answers = [{ question: 7, answer: { deep: [1] } }, 'junk', { question: 'Ok', answer: 'fine', position: 3 }];
      p.tracking = 'utm_source=x';
    });
    expect(eventOf(junk)).toMatchObject({ booking: { answers: [{ key: '3', label: 'Ok', value: 'fine' }] } });
    expect(eventOf(junk)).not.toHaveProperty('booking.attribution');
    expect(eventOf(edit('invitee-created', (p) => (p.questions_and_answers = 'junk')))).toMatchObject({ booking: { answers: [] } });
  });

  it('who cancelled: canceler_type host or invitee, canceled_by the name', () => {
    expect(eventOf(parse('invitee-canceled'))).toMatchObject({
      type: 'booking_cancelled',
      cancelledBy: 'Priya Shah',
      cancelledByRole: 'invitee',
    });
    const host = edit('invitee-canceled', (p) =>
      Object.assign(p.cancellation, { canceler_type: 'host', canceled_by: 'Sunny Solar', reason: 'Surveyor unwell' }),
    );
    expect(eventOf(host)).toMatchObject({ cancelledByRole: 'host', reason: 'Surveyor unwell' });
  });

  it('a group event: each invitee is a seat of the session (for the lead page), keyed by its own uri', () => {
    const group = edit('invitee-created', (p) => (p.scheduled_event.invitees_counter = { active: 3, limit: 10, total: 3 }));
    expect(eventOf(group)).toMatchObject({
      booking: {
        externalId: O,
        session: { uid: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2', seatId: null, perSeat: false, seats: 10 },
      },
    });
    expect(eventOf(parse('invitee-created'))).not.toHaveProperty('booking.session');
  });

  it('routing_form_submission.created: the e-mail is the answer that is one; every answer kept', () => {
    expect(parse('routing-form-submission-created')).toMatchObject({
      kind: 'event',
      idempotencyKey: 'calendly:routing_form_submission.created:https://api.calendly.com/routing_form_submissions/RFSRFSRFSRFSRFS1',
      event: {
        type: 'form_submitted',
        form: { id: 'https://api.calendly.com/routing_forms/RFRFRFRFRFRFRFR1' },
        booker: { emailNormalized: 'noah.becker@example.com' },
        answers: [
          { label: 'Your email' },
          { label: 'What is your ZIP / postcode?', value: 'BS8 1TH' },
          { label: 'Do you own your home?', value: 'No, we rent' },
          { label: 'Average electricity bill per month', value: 'about 80 pounds' },
        ],
        attribution: { utmSource: 'facebook', utmCampaign: 'spring-roofs', utmContent: 'carousel-2' },
        result: 'event_type: https://api.calendly.com/event_types/ETETETETETETETET',
      },
    });
    const noEmail = edit('routing-form-submission-created', (p) => p.questions_and_answers.shift());
    expect(noEmail).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('no e-mail in the form') });
    if (noEmail.kind === 'ignored') expect(noEmail.reason).toContain('What is your ZIP / postcode?: BS8 1TH');
  });

  it('accepts invitee URIs of 191 characters (128 was enforced before) and refuses 192', () => {
    const long = (n: number) => `https://api.calendly.com/scheduled_events/E/invitees/${'I'.repeat(n - 53)}`;
    expect(long(191)).toHaveLength(191);
    const ok = edit('invitee-created', (p) => (p.uri = long(191)));
    expect(ok).toMatchObject({ kind: 'event', event: { booking: { externalId: long(191) } } });
    if (ok.kind === 'event') expect(ok.idempotencyKey.length).toBeLessThanOrEqual(191);
    expect(edit('invitee-canceled', (p) => (p.uri = long(191)))).toMatchObject({ kind: 'event' });
    expect(edit('invitee-no-show-created', (p) => (p.uri = long(191)))).toMatchObject({ kind: 'event' });
    expect(edit('invitee-created', (p) => (p.uri = long(192)))).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
      reason: expect.stringContaining('payload.uri: longer than 191 characters'),
    });
  });
});
