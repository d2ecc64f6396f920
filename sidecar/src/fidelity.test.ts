/**
 * The end states of what the booking tools' own code sends (issue 9), through processDelivery on
 * SQLite and MariaDB: seats, reschedule requests, no-shows from every source, recurring series,
 * payments, routing forms, answers, attribution, location and who cancelled.
 */
import { processDelivery } from './process';
import { calcomFixture, eachDatabase, fixture, SECRET, t, TestSite } from './test-support/site';

const S = 'Wk7sN3pQ9dLm2Vx5Rb8TcA';
const T = 'Hq2Zr6Ya4Pe9Ks1Fw3NvMd';
const OMAR_SEAT = '4e8a0b77-1c2d-4f90-b6e5-3a9d7c2f1b44';
const MIA_SEAT = '9b2f4c1e-5d7a-4e33-a0c8-6f1d2b7e9a01';

/** A fixture with its payload changed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edited(provider: string, name: string, change: (payload: any) => void): string {
  const body = JSON.parse(fixture(provider, name).toString('utf8'));
  change(body.payload);
  return JSON.stringify(body);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

eachDatabase((kind) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create(kind);
  });
  afterEach(() => site.close());

  const run = (id: number) => processDelivery(site.ctx, id);
  const cal = async (name: string, body?: string) => run(await site.queueCalcom(body ?? calcomFixture(name)));
  const calendly = async (name: string, body?: string) =>
    run(await site.queueCalendly(body ?? fixture('calendly', name)));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Row = Record<string, any>;
  const leads = () => site.rows<Row>(`SELECT * FROM ${t.leads} ORDER BY id`);
  const lead = async (email: string) =>
    (await site.rows<Row>(`SELECT * FROM ${t.leads} WHERE email_normalized = ?`, email))[0];
  const bookings = () => site.rows<Row>(`SELECT * FROM ${t.bookings} ORDER BY id`);
  const bookingOf = async (email: string) =>
    site.rows<Row>(`SELECT * FROM ${t.bookings} WHERE LOWER(attendee_email) = ? ORDER BY id`, email);
  const events = async (leadId: number, type?: string) =>
    (
      await site.rows<{ type: string; data: string }>(
        `SELECT type, data FROM ${t.events} WHERE lead_id = ? ORDER BY id`,
        leadId,
      )
    )
      .map((e) => ({ type: e.type, data: JSON.parse(e.data) }))
      .filter((e) => !type || e.type === type);

  describe('seated events', () => {
    it('every seat holder is a booking and a lead of their own; one leaving cancels only their seat', async () => {
      expect(await cal('booking-created-seat-first')).toMatchObject({ status: 'applied', created: true });
      expect(await cal('booking-created-seat-second')).toMatchObject({ status: 'applied', created: true, lead_id: 2 });
      expect((await leads()).map((l) => [l.email_normalized, l.stage])).toEqual([
        ['mia.kovacs@example.net', 'booked'],
        ['omar.haddad@example.com', 'booked'],
      ]);
      expect((await bookings()).map((b) => [b.external_id, b.booking_uid, b.seat_id, b.seats, b.status])).toEqual([
        [`${S}#seat:${MIA_SEAT}`, S, MIA_SEAT, 8, 'accepted'],
        [`${S}#seat:${OMAR_SEAT}`, S, OMAR_SEAT, 8, 'accepted'],
      ]);
      expect(await cal('booking-cancelled-seat')).toMatchObject({ status: 'applied', lead_id: 2, booking_id: 2 });
      expect((await leads()).map((l) => [l.email_normalized, l.stage, l.next_booking_at])).toEqual([
        ['mia.kovacs@example.net', 'booked', '2025-06-12 17:00:00'],
        ['omar.haddad@example.com', 'cancelled', null],
      ]);
      expect((await bookings()).map((b) => b.status)).toEqual(['accepted', 'cancelled']);
      // Mia's answers are not Omar's, and his cancellation does not write them on his booking.
      expect(JSON.parse((await bookingOf('omar.haddad@example.com'))[0].answers)).not.toContainEqual(
        expect.objectContaining({ value: 'Mia Kovacs' }),
      );
    });

    it('the same end state when the seat cancellation arrives before the seat', async () => {
      const states: unknown[] = [];
      for (const order of permutations(['booking-created-seat-first', 'booking-created-seat-second', 'booking-cancelled-seat'])) {
        await site.close();
        site = await TestSite.create(kind);
        for (const name of order) expect(await cal(name)).toMatchObject({ status: 'applied' });
        states.push({
          leads: (await leads()).map((l) => [l.email_normalized, l.stage, l.next_booking_at]).sort(),
          bookings: (await bookings()).map((b) => [b.attendee_email.toLowerCase(), b.booking_uid, b.status]).sort(),
        });
      }
      for (const state of states) expect(state).toEqual(states[0]);
      expect(states[0]).toMatchObject({
        leads: [
          ['mia.kovacs@example.net', 'booked', '2025-06-12 17:00:00'],
          ['omar.haddad@example.com', 'cancelled', null],
        ],
      });
    });

    it('a seated reschedule moves only that seat, into the other session', async () => {
      await cal('booking-created-seat-first');
      await cal('booking-created-seat-second');
      expect(await cal('booking-rescheduled-seat')).toMatchObject({ status: 'applied', message: 'Booking rescheduled.' });
      const omar = await bookingOf('omar.haddad@example.com');
      expect(omar.map((b) => [b.external_id, b.status, b.previous_external_id, b.next_external_id])).toEqual([
        [`${S}#seat:${OMAR_SEAT}`, 'rescheduled', null, `${T}#seat:${OMAR_SEAT}`],
        [`${T}#seat:${OMAR_SEAT}`, 'accepted', `${S}#seat:${OMAR_SEAT}`, null],
      ]);
      expect((await bookingOf('mia.kovacs@example.net')).map((b) => [b.status, b.start_at])).toEqual([
        ['accepted', '2025-06-12 17:00:00'],
      ]);
      expect((await lead('omar.haddad@example.com')).next_booking_at).toBe('2025-06-19 17:00:00');
      const [moved] = await events(2, 'booking_rescheduled');
      expect(moved.data).toMatchObject({ reason: 'Away on the 12th', from: '2025-06-12 17:00:00' });
    });

    it('a host moving the whole session moves every seat', async () => {
      await cal('booking-created-seat-first');
      await cal('booking-created-seat-second');
      const moved = edited('calcom', 'booking-rescheduled-seat', (p) => {
        Object.assign(p, { uid: S, rescheduleUid: S, startTime: '2025-06-13T17:00:00Z', endTime: '2025-06-13T18:00:00Z' });
        p.attendees = [p.attendees[0]];
        delete p.attendeeSeatId;
      });
      expect(await cal('', moved)).toMatchObject({ status: 'applied' });
      expect((await bookings()).map((b) => [b.status, b.start_at])).toEqual([
        ['accepted', '2025-06-13 17:00:00'],
        ['accepted', '2025-06-13 17:00:00'],
      ]);
      expect((await leads()).map((l) => l.next_booking_at)).toEqual(['2025-06-13 17:00:00', '2025-06-13 17:00:00']);
    });

    it('a booking stored before seats were told apart (under the bare uid) is adopted, not cancelled for someone else', async () => {
      // Saved by an earlier version: Mia's seat under the session's uid.
      const legacy = edited('calcom', 'booking-created-seat-first', (p) => {
        delete p.attendeeSeatId;
        p.seatsPerTimeSlot = null;
      });
      await cal('', legacy);
      expect((await bookings())[0]).toMatchObject({ external_id: S, booking_uid: null });
      await cal('booking-created-seat-second');
      await cal('booking-cancelled-seat');
      expect((await bookings()).map((b) => [b.attendee_email.toLowerCase(), b.status])).toEqual([
        ['mia.kovacs@example.net', 'accepted'],
        ['omar.haddad@example.com', 'cancelled'],
      ]);
      // Mia leaves too, with a release that names her seat: her old row is found and takes the seat.
      const mia = edited('calcom', 'booking-cancelled-seat', (p) => {
        p.attendees = [{ email: 'mia.kovacs@example.net', name: 'Mia Kovacs', timeZone: 'Europe/London' }];
        p.attendeeSeatId = MIA_SEAT;
      });
      expect(await cal('', mia)).toMatchObject({ status: 'applied', booking_id: 1 });
      expect((await bookings())[0]).toMatchObject({ external_id: S, booking_uid: S, seat_id: MIA_SEAT, status: 'cancelled' });
    });

    it('a host cancelling the whole session cancels every seat it names', async () => {
      await cal('booking-created-seat-first');
      await cal('booking-created-seat-second');
      const all = edited('calcom', 'booking-cancelled-seat', (p) => {
        p.attendees = [
          { email: 'mia.kovacs@example.net', name: 'Mia Kovacs' },
          { email: 'Omar.Haddad@Example.com', name: 'Omar Haddad' },
        ];
        Object.assign(p, { cancellationReason: 'Workshop called off', cancelledBy: 'bookings@sunnysolar.example' });
      });
      expect(await cal('', all)).toMatchObject({ status: 'applied', lead_id: 1 });
      expect((await bookings()).map((b) => [b.status, b.cancel_reason, b.cancelled_by_role])).toEqual([
        ['cancelled', 'Workshop called off', 'host'],
        ['cancelled', 'Workshop called off', 'host'],
      ]);
      expect((await leads()).map((l) => l.stage)).toEqual(['cancelled', 'cancelled']);
    });

    it('a seat id without attendees is refused (422) and changes nothing', async () => {
      await cal('booking-created-seat-second');
      const bad = edited('calcom', 'booking-cancelled-seat', (p) => {
        p.attendeeSeatId = OMAR_SEAT;
        p.attendees = [];
      });
      expect(await cal('', bad)).toMatchObject({ status: 'rejected', http_status: 422 });
      expect((await bookings()).map((b) => b.status)).toEqual(['accepted']);
    });
  });

  describe('reschedule requests and who cancelled', () => {
    it('every generation of "Request reschedule" is reschedule_requested, the reason without its prefix', async () => {
      const generations: ((p: Record<string, unknown>) => void)[] = [
        () => undefined,
        (p) => ((p.requestReschedule = false), delete p.rescheduleRequested),
        (p) => (delete p.requestReschedule, delete p.rescheduleRequested, delete p.cancelledBy),
      ];
      for (const change of generations) {
        await site.close();
        site = await TestSite.create(kind);
        await cal('booking-created');
        expect(await cal('', edited('calcom', 'booking-request-reschedule', change))).toMatchObject({
          message: 'Reschedule requested.',
        });
        expect((await leads())[0].stage).toBe('reschedule_requested');
        expect((await bookings())[0]).toMatchObject({
          status: 'cancelled',
          cancel_reason: 'The surveyor is ill that day.',
          cancelled_by_role: 'host',
        });
      }
    });

    it('a genuine cancellation stays cancelled, with who cancelled and the meeting place kept', async () => {
      await cal('booking-created');
      await cal('booking-cancelled');
      expect((await leads())[0].stage).toBe('cancelled');
      expect((await bookings())[0]).toMatchObject({
        status: 'cancelled',
        location: 'https://app.cal.com/video/8kLmQx2Vb7sNfYp3Ck1R9t',
        location_type: 'video',
      });
      await calendly('invitee-created');
      await calendly('invitee-canceled');
      expect((await bookings())[1]).toMatchObject({
        status: 'cancelled',
        cancelled_by: 'Priya Shah',
        cancelled_by_role: 'invitee',
        location: 'https://meet.google.com/abc-defg-hij',
        location_type: 'video',
      });
      const [cancelled] = await events(2, 'booking_cancelled');
      expect(cancelled.data).toMatchObject({ cancelled_by: 'Priya Shah', cancelled_by_role: 'invitee' });
    });

    it('an opt-in booking\'s reschedule request replaces the original only once the host confirms it', async () => {
      await cal('booking-created');
      const request = edited('calcom', 'booking-requested', (p) =>
        Object.assign(p, { uid: 'Rq9newUidForReschedule1', rescheduleUid: '8kLmQx2Vb7sNfYp3Ck1R9t', startTime: '2025-06-14T09:00:00Z', endTime: '2025-06-14T09:30:00Z' }),
      );
      await cal('', request);
      expect((await bookings()).map((b) => [b.external_id, b.status, b.previous_external_id])).toEqual([
        ['8kLmQx2Vb7sNfYp3Ck1R9t', 'accepted', null],
        ['Rq9newUidForReschedule1', 'pending', '8kLmQx2Vb7sNfYp3Ck1R9t'],
      ]);
      const confirmed = JSON.parse(request);
      confirmed.triggerEvent = 'BOOKING_CREATED';
      confirmed.payload.status = 'ACCEPTED';
      expect(await cal('', JSON.stringify(confirmed))).toMatchObject({ message: 'Booking confirmed.' });
      expect((await bookings()).map((b) => [b.status, b.next_external_id])).toEqual([
        ['rescheduled', 'Rq9newUidForReschedule1'],
        ['accepted', null],
      ]);
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-14 09:00:00' });
    });

    it('a declined request keeps its reason', async () => {
      await cal('booking-requested');
      await cal('booking-rejected');
      expect((await bookings())[0]).toMatchObject({ status: 'rejected', cancel_reason: expect.any(String) });
      expect((await bookings())[0].cancel_reason).not.toBe('');
    });
  });

  describe('no-shows from every source', () => {
    it('Cal Video guests → no_show; unmarking restores the stage the lead had before; host no-show only notes', async () => {
      await cal('booking-created');
      // The owner moved the lead on by hand after the booking.
      await site.exec(`UPDATE ${t.leads} SET stage = 'contacted'`);
      expect(await cal('after-hosts-cal-video-no-show')).toMatchObject({ status: 'applied' });
      expect((await leads())[0].stage).toBe('contacted');
      expect(await events(1, 'host_no_show')).toEqual([
        {
          type: 'host_no_show',
          data: expect.objectContaining({ host_email: 'bookings@sunnysolar.example', booking_id: 1 }),
        },
      ]);
      expect(await cal('after-guests-cal-video-no-show')).toMatchObject({ status: 'applied', message: 'No-show updated.' });
      expect((await leads())[0].stage).toBe('no_show');
      expect((await bookings())[0]).toMatchObject({ status: 'no_show', pre_no_show_stage: 'contacted' });
      const unmark = edited('calcom', 'booking-no-show-updated', (p) => {
        p.attendees[0].noShow = false;
        p.message = 'jane.doe@example.com unmarked as no-show';
      });
      expect(await cal('', unmark)).toMatchObject({ status: 'applied' });
      expect((await leads())[0].stage).toBe('contacted');
      expect((await bookings())[0]).toMatchObject({ status: 'accepted', pre_no_show_stage: null });
      // Marked by hand in Cal.com again.
      await cal('booking-no-show-updated');
      expect((await leads())[0].stage).toBe('no_show');
    });

    it('Calendly invitee_no_show.created and .deleted: marked, then back to booked', async () => {
      await calendly('invitee-created');
      await calendly('invitee-no-show-created');
      expect((await leads())[0].stage).toBe('no_show');
      await calendly('invitee-no-show-deleted');
      expect((await leads())[0].stage).toBe('booked');
    });

    it('a seated session: only the listed seat holders are no-shows', async () => {
      await cal('booking-created-seat-first');
      await cal('booking-created-seat-second');
      const body = edited('calcom', 'booking-no-show-updated', (p) => {
        p.bookingUid = S;
        p.attendees = [{ email: 'omar.haddad@example.com', noShow: true }];
      });
      await cal('', body);
      expect((await leads()).map((l) => l.stage)).toEqual(['booked', 'no_show']);
    });

    it('a no-show for a booking it does not know is answered 200, ignored', async () => {
      expect(await cal('after-guests-cal-video-no-show')).toMatchObject({ status: 'ignored', http_status: 200 });
      expect(await cal('after-hosts-cal-video-no-show')).toMatchObject({ status: 'ignored', http_status: 200 });
      expect(await leads()).toEqual([]);
    });
  });

  describe('recurring series', () => {
    const occurrences = [1, 2, 3, 4].map((n) => `booking-created-recurring-${n}`);

    it('"cancel all remaining" cancels that occurrence and every later one; the next booking follows', async () => {
      for (const name of occurrences) await cal(name);
      const lead1 = (await leads())[0];
      expect(lead1).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-09 08:00:00' });
      expect(new Set((await bookings()).map((b) => b.series_id)).size).toBe(1);
      expect(await cal('booking-cancelled-recurring-all')).toMatchObject({
        status: 'applied',
        message: 'Booking cancelled with the 2 later occurrences of its series.',
      });
      expect((await bookings()).map((b) => [b.start_at, b.status])).toEqual([
        ['2025-06-09 08:00:00', 'accepted'],
        ['2025-06-16 08:00:00', 'cancelled'],
        ['2025-06-23 08:00:00', 'cancelled'],
        ['2025-06-30 08:00:00', 'cancelled'],
      ]);
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-09 08:00:00' });
      // Cancelling the first one too leaves nothing upcoming: the lead is cancelled.
      const first = edited('calcom', 'booking-cancelled-recurring-all', (p) => {
        Object.assign(p, { uid: 'Rc1aQ8mZ2kLp5Vn7Xs3Bd', startTime: '2025-06-09T08:00:00+00:00' });
        delete p.recurringEvent;
      });
      await cal('', first);
      expect((await leads())[0]).toMatchObject({ stage: 'cancelled', next_booking_at: null });
    });

    it('the same end state when later occurrences arrive after the cancellation', async () => {
      const states: unknown[] = [];
      for (const order of permutations([occurrences[2], occurrences[3], 'booking-cancelled-recurring-all'])) {
        await site.close();
        site = await TestSite.create(kind);
        await cal(occurrences[0]);
        await cal(occurrences[1]);
        for (const name of order) await cal(name);
        states.push({
          bookings: (await bookings()).map((b) => [b.external_id, b.status]).sort(),
          lead: (await leads()).map((l) => [l.stage, l.next_booking_at]),
        });
      }
      for (const state of states) expect(state).toEqual(states[0]);
      expect(states[0]).toMatchObject({ lead: [['booked', '2025-06-09 08:00:00']] });
    });

    it('a cancel-all for a series it has never seen saves that occurrence cancelled, nothing else', async () => {
      expect(await cal('booking-cancelled-recurring-all')).toMatchObject({
        status: 'applied',
        http_status: 200,
        message: expect.stringContaining('no later occurrence of the series is known'),
      });
      expect((await bookings()).map((b) => [b.status, b.cancel_scope])).toEqual([['cancelled', 'series']]);
    });
  });

  describe('unfinished bookings', () => {
    it('PAYMENT_INITIATED: a lead (stage unchanged) with a booking awaiting payment; PAID then books it', async () => {
      expect(await cal('booking-payment-initiated')).toMatchObject({
        status: 'applied',
        created: true,
        message: 'Booking saved; it waits for its payment.',
      });
      expect((await leads())[0]).toMatchObject({ stage: 'new', next_booking_at: null });
      expect((await bookings())[0]).toMatchObject({ status: 'awaiting_payment', location_type: 'in_person' });
      expect(await events(1, 'payment_initiated')).toEqual([
        { type: 'payment_initiated', data: expect.objectContaining({ booking_id: 1, payment_id: '912' }) },
      ]);
      expect(await cal('booking-paid')).toMatchObject({ status: 'applied', message: 'Booking confirmed.' });
      expect(await cal('', calcomFixture('booking-paid').toString().replace('BOOKING_PAID', 'BOOKING_CREATED'))).toMatchObject({
        message: 'Booking already saved; nothing changed.',
      });
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-11 10:00:00' });
      expect((await bookings())[0].status).toBe('accepted');
      // An existing lead keeps its stage while a checkout is open.
      await site.exec(`UPDATE ${t.leads} SET stage = 'contacted'`);
      const again = edited('calcom', 'booking-payment-initiated', (p) => (p.uid = 'another-checkout'));
      await cal('', again);
      expect((await leads())[0].stage).toBe('contacted');
    });

    it('a late PAYMENT_INITIATED never takes a paid booking back', async () => {
      await cal('booking-paid');
      await cal('booking-payment-initiated');
      expect((await bookings())[0].status).toBe('accepted');
      expect((await leads())[0].stage).toBe('booked');
    });

    it('routing forms of both tools make or update a new lead with every answer; no e-mail → ignored, answers logged', async () => {
      expect(await cal('form-submitted')).toMatchObject({
        status: 'applied',
        http_status: 200,
        booking_id: null,
        created: true,
        message: 'Lead saved from the form.',
      });
      expect(await lead('lena.fischer@example.de')).toMatchObject({
        name: 'Lena Fischer',
        stage: 'new',
        source: 'calcom',
        postcode: 'BS1 5TR',
        homeowner: 1,
      });
      expect(Number((await lead('lena.fischer@example.de')).monthly_bill)).toBe(95);
      const [form] = await events(1, 'routing_form_submitted');
      expect(form.data).toMatchObject({ form_name: 'Which survey do you need?', answers: expect.arrayContaining([expect.objectContaining({ key: 'services', value: 'Solar panels, Battery' })]) });
      // A second submission of the same person: the same lead, its filled fields kept.
      const second = edited('calcom', 'form-submitted', (p) => (p.responses.zip = { value: 'BS2 0AA', response: 'BS2 0AA' }));
      expect(await cal('', second)).toMatchObject({ status: 'applied', lead_id: 1, created: false });
      expect((await lead('lena.fischer@example.de')).postcode).toBe('BS1 5TR');

      expect(await calendly('routing-form-submission-created')).toMatchObject({ status: 'applied', lead_id: 2 });
      expect(await lead('noah.becker@example.com')).toMatchObject({
        stage: 'new',
        source: 'calendly',
        postcode: 'BS8 1TH',
        homeowner: 0,
        first_utm_source: 'facebook',
        first_utm_campaign: 'spring-roofs',
        first_utm_content: 'carousel-2',
      });

      const noEmail = edited('calendly', 'routing-form-submission-created', (p) => p.questions_and_answers.shift());
      const id = await site.queueCalendly(noEmail);
      expect(await run(id)).toMatchObject({ status: 'ignored', http_status: 200 });
      const logged = await site.row<Row>(`SELECT status, error, body FROM ${t.deliveries} WHERE id = ?`, id);
      expect(logged.error).toContain('no e-mail in the form');
      expect(logged.error).toContain('What is your ZIP / postcode?: BS8 1TH');
      expect(logged.body).not.toBeNull();
      expect(await leads()).toHaveLength(2);
    });

    it('a routing form with 500 answers or 100 KB of text is ignored with the reason and writes nothing', async () => {
      const many = edited('calcom', 'form-submitted', (p) => {
        p.responses = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`q${i}`, { value: `a${i}@x.org`, response: `a${i}@x.org` }]));
      });
      const long = edited('calcom', 'form-submitted', (p) => (p.responses.essay = { value: 'z'.repeat(100_000) }));
      for (const body of [many, long])
        expect(await cal('', body)).toMatchObject({ status: 'ignored', http_status: 200, message: expect.stringContaining('nothing was saved') });
      expect(await leads()).toEqual([]);
      expect(await site.rows(`SELECT id FROM ${t.events}`)).toEqual([]);
    });
  });

  describe('answers and attribution', () => {
    it('answers are stored with the booking; mapped ones fill blank lead fields only, each fill on the timeline', async () => {
      expect(await cal('booking-created-answers')).toMatchObject({ status: 'applied' });
      const [booking] = await bookings();
      const answers = JSON.parse(booking.answers);
      expect(answers).toContainEqual({ key: 'evil', label: '<b>Notes</b>', value: '<script>alert(1)</script>' });
      expect(answers).toContainEqual({ key: 'interests', label: 'What interests you?', value: 'Solar panels, Battery storage, EV charger' });
      const l = (await leads())[0];
      expect(l).toMatchObject({ postcode: 'BS3 4QT', roof_type: 'pitched', homeowner: 1, address: '12 Orchard Lane, Bristol' });
      expect(Number(l.monthly_bill)).toBe(145.5);
      expect(l.message ?? '').toBe('');
      const [filled] = await events(1, 'lead_fields_filled');
      expect(filled.data.fields.map((f: Row) => f.field).sort()).toEqual(['address', 'homeowner', 'monthly_bill', 'postcode', 'roof_type']);
    });

    it("never overwrites what the owner entered; the provider's answer_map maps and unmaps questions", async () => {
      await site.exec(
        `INSERT INTO ${t.leads} (email, email_normalized, name, postcode, source, stage, lead_token, created_at, updated_at)
         VALUES ('jane.doe@example.com', 'jane.doe@example.com', 'Jane', 'SW1A 1AA', 'form', 'new', 'tok-jane', '2025-05-01 10:00:00', '2025-05-01 10:00:00')`,
      );
      await site.setProviders({
        calcom: { enabled: true, secret: SECRET, answer_map: { heard: 'message', 'Roof type': '' } },
      });
      await cal('booking-created-answers');
      const l = (await leads())[0];
      expect(l).toMatchObject({ postcode: 'SW1A 1AA', roof_type: '', message: 'Neighbour' });
      const [filled] = await events(1, 'lead_fields_filled');
      expect(filled.data.fields).toContainEqual({ field: 'message', value: 'Neighbour', question: 'How did you hear about us?' });
      expect(filled.data.fields.map((f: Row) => f.field)).not.toContain('postcode');
    });

    it('first touch is kept, latest touch follows; Calendly utm_content that is our lead token is not a campaign', async () => {
      await cal('booking-created-answers');
      expect((await leads())[0]).toMatchObject({
        first_utm_source: 'newsletter',
        first_utm_campaign: 'june-offer',
        first_utm_content: 'hero-button',
        last_utm_source: 'newsletter',
        first_touch_at: '2025-06-01 12:00:00',
      });
      site.now = new Date('2025-06-02T08:00:00Z');
      const later = edited('calcom', 'booking-payment-initiated', (p) => {
        p.attendees[0].email = 'jane.doe@example.com';
        p.responses.email.value = 'jane.doe@example.com';
      });
      await cal('', later);
      expect((await leads())[0]).toMatchObject({
        first_utm_source: 'newsletter',
        last_utm_source: 'google',
        last_utm_medium: 'cpc',
        last_utm_campaign: 'summer-survey-2025',
        last_utm_content: '',
        last_touch_at: '2025-06-02 08:00:00',
      });
      const token = 'calendlytoken12345';
      await site.exec(
        `INSERT INTO ${t.leads} (email, email_normalized, name, source, stage, lead_token, created_at, updated_at)
         VALUES ('p@old.example', 'p@old.example', 'P', 'form', 'new', ?, '2025-05-01 10:00:00', '2025-05-01 10:00:00')`,
        token,
      );
      await calendly('', edited('calendly', 'invitee-created', (p) => (p.tracking.utm_content = token)));
      expect(await lead('p@old.example')).toMatchObject({ first_utm_source: 'solar-capture', first_utm_content: '' });
    });
  });

  it('an invitee URI of 191 characters is stored whole on both databases', async () => {
    const uri = `https://api.calendly.com/scheduled_events/E/invitees/${'I'.repeat(138)}`;
    expect(uri).toHaveLength(191);
    expect(await calendly('', edited('calendly', 'invitee-created', (p) => (p.uri = uri)))).toMatchObject({ status: 'applied' });
    expect(await calendly('', edited('calendly', 'invitee-canceled', (p) => (p.uri = uri)))).toMatchObject({ status: 'applied' });
    expect((await bookings()).map((b) => [b.external_id, b.status])).toEqual([[uri, 'cancelled']]);
    expect(await calendly('', edited('calendly', 'invitee-created', (p) => (p.uri = `${uri}I`)))).toMatchObject({
      status: 'rejected',
      http_status: 422,
    });
  });
});
