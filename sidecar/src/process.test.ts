import { processDelivery } from './process';
import { calcomFixture, eachDatabase, RECEIVED, signCalcom, t, TestSite } from './test-support/site';

eachDatabase((kind) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create(kind, { CALCOM_FROM_ENV_WEBHOOK_SECRET: 'whsec_from_env', DB_PASSWORD: 'the-database-password' });
  });
  afterEach(() => site.close());

  const run = (id: number) => processDelivery(site.ctx, id);
  const queueFixture = (name: string) => site.queueCalcom(calcomFixture(name));
  const delivery = (id: number) => site.row<Record<string, unknown>>(`SELECT * FROM ${t.deliveries} WHERE id = ?`, id);
  const leads = () => site.rows<Record<string, unknown>>(`SELECT * FROM ${t.leads} ORDER BY id`);
  const bookings = () => site.rows<Record<string, unknown>>(`SELECT * FROM ${t.bookings} ORDER BY id`);
  const events = async (leadId: number) =>
    (
      await site.rows<{ type: string; data: string; actor: string }>(
        `SELECT type, data, actor FROM ${t.events} WHERE lead_id = ? ORDER BY id`,
        leadId,
      )
    ).map((e) => ({ type: e.type, data: JSON.parse(e.data), actor: e.actor }));
  const insertLead = (email: string, stage: string, token = 'a'.repeat(32)) =>
    site.exec(
      `INSERT INTO ${t.leads} (email, email_normalized, name, source, stage, lead_token, created_at, updated_at)
     VALUES (?, ?, 'Known Lead', 'form', ?, ?, '2025-05-01 10:00:00', '2025-05-01 10:00:00')`,
      email,
      email.toLowerCase(),
      stage,
      token,
    );

  describe('processDelivery: BOOKING_CREATED', () => {
    it('creates the lead, the booking and the timeline, and moves the lead to booked', async () => {
      const id = await queueFixture('booking-created');
      const outcome = await run(id);
      expect(outcome).toEqual({
        delivery_id: id,
        status: 'applied',
        http_status: 200,
        message: 'Booking saved.',
        lead_id: 1,
        booking_id: 1,
        created: true,
      });

      const [lead] = await leads();
      expect(lead).toMatchObject({
        email: 'Jane.Doe@Example.COM',
        email_normalized: 'jane.doe@example.com',
        name: 'Jane Doe',
        phone: '+44 7700 900123',
        source: 'calcom',
        stage: 'booked',
        stage_changed_at: '2025-06-01 12:00:00',
        next_booking_at: '2025-06-10 09:00:00',
        created_at: '2025-06-01 12:00:00',
        updated_at: '2025-06-01 12:00:00',
      });
      expect(lead.lead_token).toMatch(/^[0-9a-f]{32}$/);

      expect(await bookings()).toEqual([
        expect.objectContaining({
          lead_id: 1,
          provider: 'calcom',
          external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
          status: 'accepted',
          title: 'Solar survey call between Sunny Solar and Jane Doe',
          start_at: '2025-06-10 09:00:00',
          end_at: '2025-06-10 09:30:00',
          timezone: 'Europe/London',
          attendee_email: 'Jane.Doe@Example.COM',
          guests: JSON.stringify([{ email: 'sam.partner@example.org', name: '' }]),
          previous_external_id: null,
        }),
      ]);

      expect(await events(1)).toEqual([
        { type: 'lead_created', data: { source: 'calcom' }, actor: 'calcom' },
        {
          type: 'booking_created',
          data: expect.objectContaining({
            booking_id: 1,
            external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
            start_at: '2025-06-10 09:00:00',
            status: 'accepted',
          }),
          actor: 'calcom',
        },
        { type: 'stage_changed', data: { from: 'new', to: 'booked' }, actor: 'calcom' },
      ]);

      expect(await delivery(id)).toMatchObject({
        status: 'applied',
        http_status: 200,
        error: null,
        trigger_name: 'BOOKING_CREATED',
        idempotency_key: 'calcom:BOOKING_CREATED:8kLmQx2Vb7sNfYp3Ck1R9t',
        applied_key: 'calcom:BOOKING_CREATED:8kLmQx2Vb7sNfYp3Ck1R9t',
        attempts: 1,
        lead_id: 1,
        booking_id: 1,
        processed_at: '2025-06-01 12:00:00',
        body: calcomFixture('booking-created').toString('utf8'),
      });
      expect(JSON.parse((await delivery(id)).result as string)).toEqual(outcome);
    });

    it('answers a reprocessed delivery with its recorded outcome, and a repeated delivery as a duplicate', async () => {
      const first = await queueFixture('booking-created');
      const applied = await run(first);
      expect(await run(first)).toEqual(applied);
      expect((await delivery(first)).attempts).toBe(1);

      const again = await queueFixture('booking-created');
      expect(await run(again)).toEqual({
        delivery_id: again,
        status: 'duplicate',
        http_status: 200,
        message: `Already applied by delivery #${first}; nothing changed.`,
        lead_id: applied!.lead_id,
        booking_id: applied!.booking_id,
        created: false,
      });
      expect(await bookings()).toHaveLength(1);
      expect(await leads()).toHaveLength(1);
      expect(await delivery(again)).toMatchObject({
        status: 'duplicate',
        applied_key: null,
        idempotency_key: 'calcom:BOOKING_CREATED:8kLmQx2Vb7sNfYp3Ck1R9t',
      });
    });

    it('applies concurrent copies of one booking exactly once', async () => {
      const ids = await Promise.all([1, 2, 3].map(() => queueFixture('booking-created')));
      const outcomes = await Promise.all(ids.map(run));
      expect(outcomes.map((o) => o!.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
      expect(new Set(outcomes.map((o) => o!.booking_id))).toEqual(new Set([1]));
      expect(await bookings()).toHaveLength(1);
    });

    it('matches an existing lead by e-mail, whatever its case, and fills only its blanks', async () => {
      await insertLead('JANE.doe@example.com', 'contacted');
      const outcome = await run(await queueFixture('booking-created'));
      expect(outcome).toMatchObject({ status: 'applied', lead_id: 1 });
      expect(await leads()).toEqual([
        expect.objectContaining({ name: 'Known Lead', phone: '+44 7700 900123', stage: 'booked', source: 'form' }),
      ]);
    });

    it('matches our lead token before the e-mail', async () => {
      await insertLead('raj@old-address.example', 'new', '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
      expect(await run(await queueFixture('booking-created-lead-token'))).toMatchObject({
        status: 'applied',
        lead_id: 1,
      });
      expect(await leads()).toHaveLength(1);
    });

    it('matches a token the quote form issued for one request (lead_tokens) before the e-mail', async () => {
      await insertLead('raj@old-address.example', 'new', 'c'.repeat(32));
      await site.exec(
        `INSERT INTO ${t.tokens} (token, lead_id, created_at) VALUES (?, 1, '2025-05-01 10:00:00')`,
        '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      );
      expect(await run(await queueFixture('booking-created-lead-token'))).toMatchObject({
        status: 'applied',
        lead_id: 1,
      });
      expect(await leads()).toHaveLength(1);
    });

    it('never moves a won lead, but saves the booking', async () => {
      await insertLead('jane.doe@example.com', 'won');
      expect(await run(await queueFixture('booking-created'))).toMatchObject({
        status: 'applied',
        lead_id: 1,
        booking_id: 1,
      });
      expect((await leads())[0].stage).toBe('won');
      expect((await events(1)).map((e) => e.type)).toEqual(['booking_created']);
    });

    it('revives a lost lead to booked', async () => {
      await insertLead('jane.doe@example.com', 'lost');
      await run(await queueFixture('booking-created'));
      expect((await leads())[0].stage).toBe('booked');
      expect(await events(1)).toContainEqual({
        type: 'stage_changed',
        data: { from: 'lost', to: 'booked' },
        actor: 'calcom',
      });
    });
  });

  describe('processDelivery: checks', () => {
    it('rejects a bad signature with 401, saves nothing and drops the body', async () => {
      const id = await site.queueCalcom(calcomFixture('booking-created'), 'not-the-saved-secret');
      const outcome = await run(id);
      expect(outcome).toMatchObject({ status: 'rejected', http_status: 401, lead_id: null, booking_id: null });
      expect(outcome!.message).toContain('signature does not match the Cal.com webhook secret saved in Solar Capture');
      expect(await leads()).toHaveLength(0);
      expect(await delivery(id)).toMatchObject({
        status: 'rejected',
        body: null,
        headers: null,
        error: outcome!.message,
      });
    });

    it('rejects unsigned deliveries while a secret is saved', async () => {
      for (const headers of [{}, { 'x-cal-signature-256': 'no-secret-provided' }] as Record<string, string>[]) {
        expect(await run(await site.queue(calcomFixture('booking-created'), headers))).toMatchObject({
          status: 'rejected',
          http_status: 401,
        });
      }
    });

    it('answers a phone-only booking 200 (ignored, body kept); one with no attendee at all is 422 and dropped', async () => {
      const id = await queueFixture('booking-created-missing-email');
      expect(await run(id)).toMatchObject({
        status: 'ignored',
        http_status: 200,
        message: expect.stringContaining('phone-only booking'),
      });
      expect((await delivery(id)).body).not.toBeNull();
      const body = JSON.parse(calcomFixture('booking-created-missing-email').toString('utf8'));
      body.payload.attendees = [];
      body.payload.responses = {};
      const none = await site.queueCalcom(JSON.stringify(body));
      expect(await run(none)).toMatchObject({
        status: 'rejected',
        http_status: 422,
        message: expect.stringContaining('no booker e-mail'),
      });
      expect(await delivery(none)).toMatchObject({ body: null, trigger_name: 'BOOKING_CREATED' });
      expect(await leads()).toHaveLength(0);
    });

    it('rejects a body that is broken JSON with 400', async () => {
      const body = '{"triggerEvent":"BOOKING_CREATED","payload":';
      expect(await run(await site.queueCalcom(body))).toMatchObject({ status: 'rejected', http_status: 400 });
    });

    it('ignores a ping (200), creating nothing and keeping the body', async () => {
      const id = await queueFixture('ping');
      expect(await run(id)).toMatchObject({ status: 'ignored', http_status: 200, lead_id: null });
      expect(await leads()).toHaveLength(0);
      expect(await delivery(id)).toMatchObject({ status: 'ignored', trigger_name: 'PING', body: expect.any(String) });
    });

    it('rejects with 404 while Cal.com is disabled or has no secret', async () => {
      await site.setProviders({ calcom: { enabled: false, secret: 'x' } });
      expect(await run(await queueFixture('booking-created'))).toMatchObject({
        status: 'rejected',
        http_status: 404,
        message: 'Cal.com is not enabled on this site.',
      });
      await site.setProviders({ calcom: { enabled: true, secret: '', accept_unsigned: false } });
      expect(await run(await queueFixture('booking-created'))).toMatchObject({ status: 'rejected', http_status: 404 });
      await site.setOption('solar_capture_providers', '');
      expect(await run(await queueFixture('booking-created'))).toMatchObject({ status: 'rejected', http_status: 404 });
    });

    it('accepts unsigned deliveries only when no secret is saved and accept_unsigned is on, for its 24 hours', async () => {
      const unsigned = () => site.queue(calcomFixture('booking-created'), { 'x-cal-signature-256': 'no-secret-provided' });
      // Received at 12:00; ticked at 11:00, so on until 11:00 tomorrow.
      await site.setProviders({ calcom: { enabled: true, secret: null, accept_unsigned: true, accept_unsigned_until: '2025-06-02 11:00:00' } });
      const id = await unsigned();
      expect(await run(id)).toMatchObject({ status: 'applied', unsigned: true });
      // The log's row says it was accepted unsigned.
      expect(JSON.parse((await delivery(id)).result as string)).toMatchObject({ unsigned: true });

      // Ticked more than 24 hours before the delivery arrived: it turned itself off.
      await site.setProviders({ calcom: { enabled: true, secret: null, accept_unsigned: true, accept_unsigned_until: '2025-06-01 11:59:59' } });
      expect(await run(await unsigned())).toMatchObject({
        status: 'rejected',
        http_status: 404,
        message: expect.stringContaining('turned itself off after 24 hours'),
      });
      // On without a time (as stored before the switch expired by itself): off.
      await site.setProviders({ calcom: { enabled: true, secret: null, accept_unsigned: true } });
      expect(await run(await unsigned())).toMatchObject({ status: 'rejected', http_status: 404 });
    });

    it('marks nothing unsigned when a secret verified it', async () => {
      const outcome = await run(await queueFixture('booking-created'));
      expect(outcome).toMatchObject({ status: 'applied' });
      expect(outcome).not.toHaveProperty('unsigned');
    });

    it('verifies with the previous secret until it expires', async () => {
      const providers = (expires: string) => ({
        calcom: {
          enabled: true,
          secret: 'whsec_new',
          previous_secret: 'whsec_test_5b1f0c2e9a',
          previous_secret_expires: expires,
        },
      });
      await site.setProviders(providers('2025-06-01 12:00:00'));
      expect(await run(await queueFixture('booking-created'))).toMatchObject({ status: 'rejected', http_status: 401 });
      await site.setProviders(providers('2025-06-01 12:00:01'));
      expect(await run(await queueFixture('booking-created'))).toMatchObject({ status: 'applied' });
    });

    it('resolves env:NAME secrets; an unset variable fails the delivery and keeps it for replay', async () => {
      await site.setProviders({ calcom: { enabled: true, secret: 'env:CALCOM_FROM_ENV_WEBHOOK_SECRET' } });
      expect(await run(await site.queueCalcom(calcomFixture('booking-created'), 'whsec_from_env'))).toMatchObject({
        status: 'applied',
      });

      await site.setProviders({ calcom: { enabled: true, secret: 'env:MISSING_WEBHOOK_SECRET' } });
      const id = await queueFixture('booking-requested');
      expect(await run(id)).toMatchObject({
        status: 'failed',
        http_status: 202,
        message: expect.stringContaining('MISSING_WEBHOOK_SECRET'),
      });
      expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 1, body: expect.any(String) });
    });

    it('never reads a variable whose name is not meant for secrets (env:DB_PASSWORD), set or not', async () => {
      for (const name of ['DB_PASSWORD', 'HOME', 'NOT_SET_ANYWHERE']) {
        await site.setProviders({ calcom: { enabled: true, secret: `env:${name}` } });
        // Signed with the variable's value: were it read, the delivery would verify.
        const id = await site.queueCalcom(calcomFixture('booking-created'), 'the-database-password');
        const result = await run(id);
        expect(result).toMatchObject({ status: 'failed', http_status: 202 });
        const message = (result as { message: string }).message;
        expect(message).toContain(`${name}, which cannot hold a webhook secret`);
        expect(message).not.toContain('the-database-password');
        expect(message).not.toMatch(/not set/);
      }
    });

    it('rolls back on an unexpected error, marks the delivery failed (202) and applies it on retry', async () => {
      const id = await queueFixture('booking-created');
      const applyEvent = jest.spyOn(site.ctx.pipeline, 'applyEvent').mockImplementationOnce(async (tx) => {
        await tx.insertLead({
          email: 'x@y.z',
          emailNormalized: 'x@y.z',
          name: '',
          phone: '',
          source: 'calcom',
          stage: 'new',
          leadToken: 'b'.repeat(32),
          now: RECEIVED,
        });
        throw new Error('disk on fire');
      });
      expect(await run(id)).toEqual({
        delivery_id: id,
        status: 'failed',
        http_status: 202,
        message: 'Solar Capture could not save this delivery (disk on fire). It is kept and will be retried.',
        lead_id: null,
        booking_id: null,
        created: false,
      });
      expect(await leads()).toHaveLength(0);
      expect(await delivery(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: expect.stringContaining('disk on fire'),
        body: expect.any(String),
      });
      expect(await site.store.drainableDeliveryIds({ maxAttempts: 5, retryAfter: [RECEIVED], limit: 10 })).toEqual([
        id,
      ]);

      applyEvent.mockRestore();
      expect(await run(id)).toMatchObject({ status: 'applied', booking_id: 1 });
      expect((await delivery(id)).attempts).toBe(2);
    });

    it('answers null for an unknown delivery, and keeps a delivery for a provider this version cannot handle', async () => {
      expect(await run(999)).toBeNull();
      const id = await site.queue('{}', {}, 'acuity');
      expect(await run(id)).toMatchObject({ status: 'failed', http_status: 202 });
      expect(await delivery(id)).toMatchObject({ status: 'failed', body: '{}' });
    });
  });

  describe('processDelivery: the booking chain', () => {
    it('reschedules: links old and new bookings, keeps booked, moves next_booking_at', async () => {
      await run(await queueFixture('booking-created'));
      expect(await run(await queueFixture('booking-rescheduled'))).toMatchObject({
        status: 'applied',
        message: 'Booking rescheduled.',
        lead_id: 1,
        booking_id: 2,
      });
      expect(await bookings()).toEqual([
        expect.objectContaining({
          external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
          status: 'rescheduled',
          next_external_id: 'Zt6pW2cR9mHq4xLs8Nb1Ke',
        }),
        expect.objectContaining({
          external_id: 'Zt6pW2cR9mHq4xLs8Nb1Ke',
          status: 'accepted',
          previous_external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
        }),
      ]);
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-11 13:00:00' });
      expect((await events(1)).find((e) => e.type === 'booking_rescheduled')?.data).toMatchObject({
        from: '2025-06-10 09:00:00',
        to: '2025-06-11 13:00:00',
      });
    });

    it('reaches the same end state when the reschedule arrives before the original', async () => {
      await run(await queueFixture('booking-rescheduled'));
      await run(await queueFixture('booking-created'));
      expect(await bookings()).toEqual([
        expect.objectContaining({
          external_id: 'Zt6pW2cR9mHq4xLs8Nb1Ke',
          status: 'accepted',
          previous_external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
        }),
        expect.objectContaining({
          external_id: '8kLmQx2Vb7sNfYp3Ck1R9t',
          status: 'rescheduled',
          next_external_id: 'Zt6pW2cR9mHq4xLs8Nb1Ke',
        }),
      ]);
      expect(await leads()).toEqual([
        expect.objectContaining({ stage: 'booked', next_booking_at: '2025-06-11 13:00:00' }),
      ]);
    });

    it('cancels: booking cancelled, lead cancelled, no next booking', async () => {
      await run(await queueFixture('booking-created'));
      expect(await run(await queueFixture('booking-cancelled'))).toMatchObject({
        status: 'applied',
        message: 'Booking cancelled.',
        booking_id: 1,
        created: false,
      });
      expect((await bookings())[0]).toMatchObject({ status: 'cancelled', cancel_reason: 'We found another installer' });
      expect((await leads())[0]).toMatchObject({ stage: 'cancelled', next_booking_at: null });
    });

    it('keeps a lead booked when a cancelled booking leaves another future one', async () => {
      await run(await queueFixture('booking-created'));
      const other = JSON.parse(calcomFixture('booking-created').toString('utf8'));
      Object.assign(other.payload, {
        uid: 'SecondBooking0000000001',
        startTime: '2025-06-20T09:00:00Z',
        endTime: '2025-06-20T09:30:00Z',
      });
      await run(await site.queueCalcom(JSON.stringify(other)));
      await run(await queueFixture('booking-cancelled'));
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-20 09:00:00' });
    });

    it("moves the lead to reschedule_requested on an organiser's request", async () => {
      await run(await queueFixture('booking-created'));
      expect(await run(await queueFixture('booking-request-reschedule'))).toMatchObject({
        message: 'Reschedule requested.',
      });
      expect((await leads())[0].stage).toBe('reschedule_requested');
      expect((await bookings())[0]).toMatchObject({
        status: 'cancelled',
        // Shown without Cal.com's "Please reschedule." prefix.
        cancel_reason: 'The surveyor is ill that day.',
      });
    });

    it('records a no-show and its undo; ignores a no-show for an unknown booking', async () => {
      expect(await run(await queueFixture('booking-no-show-updated'))).toMatchObject({
        status: 'ignored',
        http_status: 200,
      });
      await run(await queueFixture('booking-created'));
      await run(await queueFixture('booking-no-show-updated'));
      expect((await bookings())[0].status).toBe('no_show');
      expect((await leads())[0]).toMatchObject({ stage: 'no_show', next_booking_at: null });

      const undo = JSON.parse(calcomFixture('booking-no-show-updated').toString('utf8'));
      undo.payload.attendees[0].noShow = false;
      expect(await run(await site.queueCalcom(JSON.stringify(undo)))).toMatchObject({ status: 'applied' });
      expect((await bookings())[0].status).toBe('accepted');
      expect((await leads())[0]).toMatchObject({ stage: 'booked', next_booking_at: '2025-06-10 09:00:00' });
    });

    it('keeps a requested booking pending without moving the lead, then confirms it', async () => {
      await run(await queueFixture('booking-requested'));
      expect((await bookings())[0].status).toBe('pending');
      expect((await leads())[0].stage).toBe('new');
      expect(await run(await queueFixture('booking-created'))).toMatchObject({
        status: 'applied',
        message: 'Booking confirmed.',
        created: false,
      });
      expect((await bookings())[0].status).toBe('accepted');
      expect((await leads())[0].stage).toBe('booked');
    });

    it('records a rejection without moving the lead', async () => {
      await run(await queueFixture('booking-requested'));
      await run(await queueFixture('booking-rejected'));
      expect((await bookings())[0]).toMatchObject({
        status: 'rejected',
        cancel_reason: 'We do not cover your area yet.',
      });
      expect((await leads())[0]).toMatchObject({ stage: 'new', next_booking_at: null });
    });

    it('marks a booking completed when its meeting ends (flat body)', async () => {
      await run(await queueFixture('booking-created'));
      expect(await run(await queueFixture('meeting-ended'))).toMatchObject({
        status: 'applied',
        message: 'Meeting end recorded.',
      });
      expect((await bookings())[0].status).toBe('completed');
    });

    it('does not resurrect a booking cancelled before its creation arrived', async () => {
      await run(await queueFixture('booking-cancelled'));
      await run(await queueFixture('booking-created'));
      expect((await bookings())[0].status).toBe('cancelled');
      expect((await leads())[0].stage).toBe('cancelled');
    });
  });

  it('signs like Cal.com (sanity check of the helper)', () => {
    expect(signCalcom('x', 'k')).toMatch(/^[0-9a-f]{64}$/);
  });
});
