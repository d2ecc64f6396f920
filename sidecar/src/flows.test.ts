/**
 * Each provider's realistic deliveries through processDelivery, on SQLite and MariaDB: the end
 * states docs/providers.md and sidecar/README.md promise, whatever order the deliveries arrive in.
 */
import { processDelivery } from './process';
import { calcomFixture, eachDatabase, fixture, NOW, SECRET, t, TestSite } from './test-support/site';

const O = 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA';
const N = 'https://api.calendly.com/scheduled_events/HCHCECBBEBFEDSA3/invitees/BBBBBBBBBBBBBBBB';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** A JSON fixture with some fields changed. */
function edited(provider: string, name: string, change: (body: Record<string, any>) => void): string {
  const body = JSON.parse(fixture(provider, name).toString('utf8'));
  change(body);
  return JSON.stringify(body);
}

eachDatabase((kind) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create(kind);
  });
  afterEach(() => site.close());

  const run = (id: number) => processDelivery(site.ctx, id);
  const calendly = async (name: string, body: string | Buffer = fixture('calendly', name)) =>
    run(await site.queueCalendly(body));
  const orufy = async (body: string | Buffer, headers?: Record<string, string>) =>
    run(await site.queueWithToken('orufy', body, headers));
  const generic = async (body: unknown, headers?: Record<string, string>) =>
    run(await site.queueWithToken('generic', typeof body === 'string' ? body : JSON.stringify(body), headers));
  const leads = () => site.rows<Record<string, any>>(`SELECT * FROM ${t.leads} ORDER BY id`);
  const bookings = () => site.rows<Record<string, any>>(`SELECT * FROM ${t.bookings} ORDER BY id`);
  const stagesVisited = async () =>
    (await site.rows<{ data: string }>(`SELECT data FROM ${t.events} WHERE type = 'stage_changed' ORDER BY id`)).map(
      (e) => JSON.parse(e.data).to,
    );
  /** What must not depend on arrival order: each booking's state and links, and the lead. */
  const endState = async () => ({
    bookings: (await bookings())
      .map((b) => [b.external_id, b.status, b.previous_external_id, b.next_external_id, b.start_at, b.cancel_reason])
      .sort(),
    leads: (await leads()).map((l) => [l.email_normalized, l.name, l.phone, l.stage, l.next_booking_at, l.source]),
  });
  /** Runs each order on an empty site and expects one end state for all. */
  const sameEndStateInEveryOrder = async (
    deliveries: (() => Promise<unknown>)[],
    afterEach: () => Promise<void> = async () => undefined,
  ) => {
    const states: unknown[] = [];
    for (const order of permutations(deliveries.map((_, i) => i))) {
      await site.close();
      site = await TestSite.create(kind);
      for (const i of order) await deliveries[i]();
      await afterEach();
      states.push(await endState());
    }
    for (const state of states) expect(state).toEqual(states[0]);
    return states[0];
  };

  describe('Calendly', () => {
    it('invitee.created → booked; invitee.canceled → cancelled', async () => {
      expect(await calendly('invitee-created')).toMatchObject({ status: 'applied', created: true, lead_id: 1 });
      expect(await leads()).toEqual([
        expect.objectContaining({
          email_normalized: 'priya.shah@example.org',
          phone: '+44 7700 900777',
          source: 'calendly',
          stage: 'booked',
          next_booking_at: '2025-06-10 10:00:00',
        }),
      ]);
      expect(await calendly('invitee-canceled')).toMatchObject({ status: 'applied', message: 'Booking cancelled.' });
      expect(await bookings()).toEqual([
        expect.objectContaining({ external_id: O, status: 'cancelled', cancel_reason: 'Found another installer' }),
      ]);
      expect((await leads())[0]).toMatchObject({ stage: 'cancelled', next_booking_at: null });
    });

    it('matches our lead token in utm_content before the e-mail', async () => {
      await site.exec(
        `INSERT INTO ${t.leads} (email, email_normalized, name, source, stage, lead_token, created_at, updated_at)
         VALUES ('priya@old.example', 'priya@old.example', 'Priya', 'form', 'contacted', 'tok_12345', '2025-05-01 10:00:00', '2025-05-01 10:00:00')`,
      );
      const body = edited('calendly', 'invitee-created', (b) => (b.payload.tracking.utm_content = 'tok_12345'));
      expect(await calendly('', body)).toMatchObject({ status: 'applied', lead_id: 1 });
      expect(await leads()).toEqual([expect.objectContaining({ stage: 'booked', email: 'priya@old.example' })]);
    });

    it('reschedule pair, either order: linked the same way, lead booked, never through cancelled', async () => {
      const state = await sameEndStateInEveryOrder(
        [
          () => calendly('invitee-created'),
          () => calendly('invitee-canceled-rescheduled'),
          () => calendly('invitee-created-rescheduled'),
        ],
        async () => expect(await stagesVisited()).toEqual(['booked']),
      );
      expect(state).toEqual({
        bookings: [
          [O, 'rescheduled', null, N, '2025-06-10 10:00:00', null],
          [N, 'accepted', O, null, '2025-06-12 14:00:00', null],
        ],
        leads: [
          ['priya.shah@example.org', 'Priya Shah', '+44 7700 900777', 'booked', '2025-06-12 14:00:00', 'calendly'],
        ],
      });
      for (const order of [
        ['invitee-canceled-rescheduled', 'invitee-created-rescheduled'],
        ['invitee-created-rescheduled', 'invitee-canceled-rescheduled'],
      ]) {
        await site.close();
        site = await TestSite.create(kind);
        await calendly('invitee-created');
        for (const name of order) expect(await calendly(name)).toMatchObject({ status: 'applied' });
        expect(await stagesVisited()).toEqual(['booked']);
      }
    });

    it('a cancelled reschedule ends cancelled whatever the order of its four deliveries', async () => {
      const cancelNew = edited('calendly', 'invitee-canceled', (b) => {
        b.payload = {
          ...JSON.parse(fixture('calendly', 'invitee-created-rescheduled').toString('utf8')).payload,
          cancellation: b.payload.cancellation,
          status: 'canceled',
        };
      });
      const state = await sameEndStateInEveryOrder([
        () => calendly('invitee-created'),
        () => calendly('invitee-canceled-rescheduled'),
        () => calendly('invitee-created-rescheduled'),
        () => calendly('', cancelNew),
      ]);
      expect(state).toMatchObject({
        bookings: [
          [O, 'rescheduled', null, N, '2025-06-10 10:00:00', null],
          [N, 'cancelled', O, null, '2025-06-12 14:00:00', 'Found another installer'],
        ],
        leads: [[expect.any(String), 'Priya Shah', expect.any(String), 'cancelled', null, 'calendly']],
      });
    });

    it('no-show marked, unmarked and marked again', async () => {
      await calendly('invitee-created');
      expect(await calendly('invitee-no-show-created')).toMatchObject({
        status: 'applied',
        message: 'No-show updated.',
      });
      expect((await leads())[0].stage).toBe('no_show');
      await calendly('invitee-no-show-deleted');
      expect((await leads())[0].stage).toBe('booked');
      const again = edited('calendly', 'invitee-no-show-created', (b) => (b.payload.no_show.uri += '2'));
      expect(await calendly('', again)).toMatchObject({ status: 'applied' });
      expect((await bookings())[0].status).toBe('no_show');
    });

    it('signatures: stale t is 401 with the reason, the rotated-out key works until it expires, test body ignored', async () => {
      const body = fixture('calendly', 'invitee-created');
      const stale = await run(await site.queueCalendly(body, SECRET, new Date(NOW.getTime() - 181_000)));
      expect(stale).toMatchObject({
        status: 'rejected',
        http_status: 401,
        message: 'Calendly signature timestamp is more than 3 minutes old: check the server clock or a replay.',
      });
      expect(await run(await site.queueCalendly(body, 'wrong'))).toMatchObject({ http_status: 401 });
      expect(await run(await site.queue(body, {}, 'calendly'))).toMatchObject({ http_status: 401 });
      await site.setProviders({
        calendly: {
          enabled: true,
          secret: 'new',
          previous_secret: SECRET,
          previous_secret_expires: '2025-06-02 12:00:00',
        },
      });
      expect(await run(await site.queueCalendly('{"event":"solar_capture.test"}'))).toMatchObject({
        status: 'ignored',
        http_status: 200,
        message: expect.stringContaining('Test delivery received'),
      });
      await site.setProviders({
        calendly: {
          enabled: true,
          secret: 'new',
          previous_secret: SECRET,
          previous_secret_expires: '2025-06-01 11:00:00',
        },
      });
      expect(await run(await site.queueCalendly('{"event":"solar_capture.test"}'))).toMatchObject({ http_status: 401 });
    });
  });

  describe('Orufy', () => {
    it('accepts the secret as a bearer token, an X-Webhook-Secret header or ?token=, and nothing else', async () => {
      const book = fixture('orufy', 'book');
      expect(await orufy(book)).toMatchObject({ status: 'applied', created: true });
      expect(await orufy(book, { 'x-webhook-secret': SECRET })).toMatchObject({ status: 'duplicate' });
      expect(await orufy(book, { 'query:token': SECRET })).toMatchObject({ status: 'duplicate' });
      const wrong: Record<string, string>[] = [
        {},
        { authorization: 'Bearer nope' },
        { 'x-webhook-secret': `${SECRET}x` },
        { 'query:token': '' },
      ];
      for (const headers of wrong)
        expect(await orufy(book, headers)).toMatchObject({ status: 'rejected', http_status: 401 });
      expect(await leads()).toEqual([
        expect.objectContaining({ email_normalized: 'tom.baker@example.net', stage: 'booked', source: 'orufy' }),
      ]);
      expect(await bookings()).toEqual([
        expect.objectContaining({
          end_at: '2025-06-11 08:45:00',
          guests: JSON.stringify([{ email: 'ada.baker@example.net', name: 'Ada Baker' }]),
        }),
      ]);
    });

    it('BOOK, RESCHEDULE and CANCEL of the new meeting: one end state in every order', async () => {
      const cancelNew = edited('orufy', 'cancel', (b) => {
        b.meetData._id = '66a2a0d3f5c1b2c3d4e5f607';
        b.meetData.time = '2025-06-13T13:30:00.000Z';
      });
      const state = await sameEndStateInEveryOrder([
        () => orufy(fixture('orufy', 'book')),
        () => orufy(fixture('orufy', 'reschedule')),
        () => orufy(cancelNew),
      ]);
      expect(state).toMatchObject({
        bookings: [
          ['66a1f0c2e4b0a1b2c3d4e5f6', 'rescheduled', null, '66a2a0d3f5c1b2c3d4e5f607', '2025-06-11 08:00:00', null],
          [
            '66a2a0d3f5c1b2c3d4e5f607',
            'cancelled',
            '66a1f0c2e4b0a1b2c3d4e5f6',
            null,
            '2025-06-13 13:30:00',
            'Going with a heat pump first',
          ],
        ],
        leads: [['tom.baker@example.net', 'Tom Baker', '+44 7700 900555', 'cancelled', null, 'orufy']],
      });
    });

    it('a reschedule keeps booked and moves the next booking; a CANCEL before its BOOK is not revived', async () => {
      await orufy(fixture('orufy', 'book'));
      expect(await orufy(fixture('orufy', 'reschedule'))).toMatchObject({ message: 'Booking rescheduled.' });
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-13 13:30:00' });

      await site.close();
      site = await TestSite.create(kind);
      await orufy(fixture('orufy', 'cancel'));
      expect(await orufy(fixture('orufy', 'book'))).toMatchObject({
        message: 'Booking already saved; nothing changed.',
      });
      expect(await bookings()).toEqual([expect.objectContaining({ status: 'cancelled' })]);
      expect((await leads())[0].stage).toBe('cancelled');
      expect(await orufy('{"eventType":"TEST"}')).toMatchObject({ status: 'ignored', http_status: 200 });
    });
  });

  describe('generic', () => {
    it('answers {lead_id, booking_id, created}; a retry gets the same ids with created: false', async () => {
      const first = await generic(fixture('generic', 'booked').toString('utf8'));
      expect(first).toMatchObject({ status: 'applied', lead_id: 1, booking_id: 1, created: true });
      const retry = await generic(fixture('generic', 'booked').toString('utf8'));
      expect(retry).toMatchObject({ status: 'duplicate', http_status: 200, lead_id: 1, booking_id: 1, created: false });
      expect(await leads()).toEqual([
        expect.objectContaining({ source: 'acuity', stage: 'booked', name: 'Lena Fischer' }),
      ]);
      expect(await bookings()).toEqual([
        expect.objectContaining({
          provider: 'generic',
          external_id: 'acuity:118822',
          start_at: '2025-06-12 07:00:00',
          end_at: '2025-06-12 08:00:00',
        }),
      ]);
    });

    it('keeps the same external id from two sources apart; takes form bodies and ?token=', async () => {
      const body = (source: string) =>
        `customer_email=sam%40example.org&external_id=42&source=${source}&start_time=2025-06-12T09%3A00%3A00Z`;
      expect(await generic(body('square'), { 'query:token': SECRET })).toMatchObject({
        status: 'applied',
        booking_id: 1,
      });
      expect(await generic(body('acuity'), { 'query:token': SECRET })).toMatchObject({
        status: 'applied',
        booking_id: 2,
        lead_id: 1,
      });
      expect(await generic(body('acuity'), { 'x-webhook-secret': SECRET })).toMatchObject({
        status: 'rejected',
        http_status: 401,
      });
    });

    it('reschedule chain and cancellation, in every order', async () => {
      const base = { email: 'kim@example.org', name: 'Kim', source: 'zapier' };
      const state = await sameEndStateInEveryOrder([
        () => generic({ ...base, external_id: 'a', start_time: '2025-06-10T09:00:00Z' }),
        () =>
          generic({
            ...base,
            external_id: 'b',
            previous_external_id: 'a',
            status: 'rescheduled',
            start_time: '2025-06-11T09:00:00Z',
          }),
        () => generic({ ...base, external_id: 'b', status: 'cancelled', start_time: '2025-06-11T09:00:00Z' }),
      ]);
      expect(state).toMatchObject({
        bookings: [
          ['zapier:a', 'rescheduled', null, 'zapier:b', '2025-06-10 09:00:00', null],
          ['zapier:b', 'cancelled', 'zapier:a', null, '2025-06-11 09:00:00', null],
        ],
        leads: [['kim@example.org', 'Kim', '', 'cancelled', null, 'zapier']],
      });
    });

    it('rejects what it cannot use with a reason, and needs the secret', async () => {
      expect(await generic({ name: 'No e-mail' })).toMatchObject({ status: 'rejected', http_status: 422 });
      expect(await generic({ email: 'x@example.org' }, {})).toMatchObject({ status: 'rejected', http_status: 401 });
      expect(await generic({ test: true })).toMatchObject({ status: 'ignored', http_status: 200 });
      expect(await leads()).toEqual([]);
    });
  });

  describe('Cal.com', () => {
    it('created, rescheduled and the new booking cancelled: one end state in every order', async () => {
      const cancelNew = JSON.parse(calcomFixture('booking-cancelled').toString('utf8'));
      const rescheduled = JSON.parse(calcomFixture('booking-rescheduled').toString('utf8')).payload;
      Object.assign(cancelNew.payload, {
        uid: rescheduled.uid,
        startTime: rescheduled.startTime,
        endTime: rescheduled.endTime,
      });
      const state = await sameEndStateInEveryOrder([
        async () => run(await site.queueCalcom(calcomFixture('booking-created'))),
        async () => run(await site.queueCalcom(calcomFixture('booking-rescheduled'))),
        async () => run(await site.queueCalcom(JSON.stringify(cancelNew))),
      ]);
      expect(state).toMatchObject({
        leads: [[expect.any(String), expect.any(String), expect.any(String), 'cancelled', null, 'calcom']],
      });
    });

    it('a custom template body with an e-mail makes a booking; one without is ignored with the reason logged', async () => {
      expect(await run(await site.queueCalcom(calcomFixture('garbage')))).toMatchObject({
        status: 'applied',
        created: true,
      });
      expect(await leads()).toEqual([
        expect.objectContaining({ name: "Jane O'Neil", email: 'jane@example.com', stage: 'booked' }),
      ]);
      const id = await site.queueCalcom('{"title":"Survey"}');
      expect(await run(id)).toMatchObject({ status: 'rejected', http_status: 422 });
      const noEmail = await site.queueCalcom('{"name":"Sam"}');
      expect(await run(noEmail)).toMatchObject({ status: 'ignored', http_status: 200 });
      expect(await site.row(`SELECT status, error FROM ${t.deliveries} WHERE id = ?`, noEmail)).toEqual({
        status: 'ignored',
        error: expect.stringContaining('custom payload template sends no e-mail'),
      });
    });
  });

  it('stores oversized texts clipped to their columns instead of failing (MariaDB is strict)', async () => {
    const created = JSON.parse(calcomFixture('booking-created').toString('utf8'));
    const guests = Array.from({ length: 500 }, (_, i) => ({ email: `guest${i}@example.org`, name: 'G'.repeat(300) }));
    Object.assign(created.payload, { title: 'T'.repeat(10_000), attendees: [...created.payload.attendees, ...guests] });
    created.payload.attendees[0].name = 'N'.repeat(5000);
    created.payload.attendees[0].timeZone = 'Z'.repeat(500);
    created.payload.responses = {};
    expect(await run(await site.queueCalcom(JSON.stringify(created)))).toMatchObject({ status: 'applied' });
    const cancelled = JSON.parse(calcomFixture('booking-cancelled').toString('utf8'));
    Object.assign(cancelled.payload, { cancellationReason: 'R'.repeat(100_000), cancelledBy: 'B'.repeat(100_000) });
    expect(await run(await site.queueCalcom(JSON.stringify(cancelled)))).toMatchObject({ status: 'applied' });
    const rescheduled = JSON.parse(calcomFixture('booking-rescheduled').toString('utf8'));
    rescheduled.payload.rescheduleUid = 'u'.repeat(300);
    expect(await run(await site.queueCalcom(JSON.stringify(rescheduled)))).toMatchObject({ status: 'applied' });
    const [booking] = await bookings();
    expect(booking.title).toHaveLength(255);
    expect(JSON.parse(booking.guests)).toHaveLength(50);
    expect(booking.cancel_reason).toHaveLength(1000);
    expect((await leads())[0].name).toHaveLength(190);
  });

  it('a provider with no secret is "not enabled" (404) unless it accepts unsigned deliveries', async () => {
    await site.setProviders({
      orufy: { enabled: true, secret: '' },
      generic: { enabled: true, secret: null, accept_unsigned: true, accept_unsigned_until: '2025-06-02 11:00:00' },
    });
    expect(await orufy(fixture('orufy', 'book'), {})).toMatchObject({
      status: 'rejected',
      http_status: 404,
      message: 'Orufy Bookings is not enabled on this site: no webhook secret is saved in Solar Capture.',
    });
    expect(await generic({ email: 'open@example.org' }, {})).toMatchObject({ status: 'applied' });
  });
});
