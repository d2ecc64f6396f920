import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp, createAppServer, FAILED_MESSAGE } from './app';
import { createMonitor, logged, type Monitor } from './monitor';
import { ingestDelivery, processDelivery } from './process';
import type { NewDelivery } from './store/types';
import { calcomFixture, eachDatabase, NOW, SECRET, signCalcom, signCalendly, t, TestSite } from './test-support/site';
import { fingerprint } from './verify';

eachDatabase((kind) => {
  let site: TestSite;
  let server: Server;
  let base: string;
  let monitor: Monitor;

  beforeEach(async () => {
    site = await TestSite.create(kind);
    monitor = createMonitor();
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = createApp({
      store: site.store,
      version: '0.1.0',
      monitor,
      processDelivery: logged(monitor, 'http', (id: number) => processDelivery(site.ctx, id)),
      ingestDelivery: logged(monitor, 'ingest', (delivery: NewDelivery) => ingestDelivery(site.ctx, delivery)),
      clock: () => site.now,
    });
    server = createAppServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await new Promise((resolve) => server.close(resolve));
    await site.close();
  });

  const processCall = (id: number | string, token = site.internalToken) =>
    fetch(`${base}/deliveries/${id}/process`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const ingest = (provider: string, body: string | Buffer, headers: Record<string, string> = {}, query = '') =>
    fetch(`${base}/ingest/${provider}${query}`, { method: 'POST', headers, body });

  describe('HTTP API', () => {
    const health = (token?: string) =>
      fetch(`${base}/health`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

    it('reports health: counts per status, queue depth, uptime, last error', async () => {
      await site.queueCalcom(calcomFixture('ping'));
      const res = await health(site.internalToken);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ok: true,
        version: '0.1.0',
        db: kind === 'sqlite' ? 'sqlite' : 'mysql',
        queued: 1,
        failed: 0,
        queue_depth: 1,
        deliveries: { queued: 1 },
        uptime_s: expect.any(Number),
        last_error: null,
      });

      await site.setProviders({ calcom: { enabled: true, secret: 'env:MISSING_WEBHOOK_SECRET' } });
      await ingest('calcom', calcomFixture('ping'));
      const detailed = (await (await health(site.internalToken)).json()) as { last_error: unknown };
      expect(detailed).toMatchObject({ queued: 1, failed: 1, deliveries: { queued: 1, failed: 1 } });
      expect(detailed.last_error).toEqual({
        at: expect.any(String),
        message: expect.stringContaining('MISSING'),
        delivery_id: expect.any(Number),
      });

      // Without the token (or with a wrong one): the counts, never what went wrong.
      for (const token of [undefined, 'f'.repeat(64)]) {
        const anyone = (await (await health(token)).json()) as Record<string, unknown>;
        expect(anyone).toMatchObject({ ok: true, queued: 1, failed: 1 });
        expect(anyone).not.toHaveProperty('last_error');
        expect(JSON.stringify(anyone)).not.toContain('MISSING');
      }
    });

    it('answers 503 when the database is unreachable; its words only with the token', async () => {
      jest.spyOn(site.store, 'deliveryCounts').mockRejectedValueOnce(new Error('SQLITE_CANTOPEN at /srv/secret/path.db'));
      const res = await health();
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ ok: false, error: 'The sidecar cannot read its database.' });
      expect(JSON.stringify(body)).not.toContain('SQLITE_CANTOPEN');

      jest.spyOn(site.store, 'deliveryCounts').mockRejectedValueOnce(new Error('SQLITE_CANTOPEN at /srv/secret/path.db'));
      expect(await (await health(site.internalToken)).json()).toMatchObject({ ok: false, error: expect.stringContaining('SQLITE_CANTOPEN') });
    });

    it('processes a delivery with the internal token and returns the outcome', async () => {
      const id = await site.queueCalcom(calcomFixture('booking-created'));
      const res = await processCall(id);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        delivery_id: id,
        status: 'applied',
        http_status: 200,
        message: 'Booking saved.',
        lead_id: 1,
        booking_id: 1,
        created: true,
      });
      expect(await (await processCall(id)).json()).toMatchObject({ delivery_id: id, status: 'applied' });
    });

    it('writes one JSON log line per delivery', async () => {
      const id = await site.queueCalcom(calcomFixture('booking-created'));
      await processCall(id);
      const lines = (process.stdout.write as jest.Mock).mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'info',
          msg: 'delivery processed',
          via: 'http',
          delivery_id: id,
          status: 'applied',
          ms: expect.any(Number),
        }),
      ]);
    });

    it('refuses a missing or wrong token with 401, as JSON', async () => {
      const id = await site.queueCalcom(calcomFixture('booking-created'));
      for (const res of [
        await processCall(id, 'f'.repeat(64)),
        await fetch(`${base}/deliveries/${id}/process`, { method: 'POST' }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toMatchObject({ error: 'unauthorized' });
      }
      expect((await site.row<{ status: string }>(`SELECT status FROM ${t.deliveries} WHERE id = ?`, id)).status).toBe(
        'queued',
      );
    });

    it('answers 404 as JSON for an unknown delivery, a bad id and an unknown route', async () => {
      for (const res of [await processCall(4242), await processCall('abc'), await fetch(`${base}/nope`)]) {
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ error: 'not_found' });
      }
    });

    it('answers an unexpected error with JSON, never an HTML stack trace', async () => {
      jest.spyOn(site.store, 'getOption').mockRejectedValueOnce(new Error('database is locked'));
      const res = await processCall(1);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal', message: 'database is locked' });
    });
  });

  describe('POST /ingest/:provider', () => {
    it('stores the delivery as PHP does and answers the booking tool with the outcome', async () => {
      const body = calcomFixture('booking-created');
      const res = await ingest('calcom', body, {
        'Content-Type': 'application/json',
        'X-Cal-Signature-256': signCalcom(body),
        'X-Cal-Webhook-Version': '2021-10-20',
        'X-Unrelated': 'not stored',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'applied',
        message: 'Booking saved.',
        delivery_id: 1,
        lead_id: 1,
        booking_id: 1,
        created: true,
      });
      const row = await site.row<Record<string, unknown>>(`SELECT * FROM ${t.deliveries} WHERE id = 1`);
      expect(row).toMatchObject({
        provider: 'calcom',
        status: 'applied',
        body: body.toString('utf8'),
        content_type: 'application/json',
        received_at: '2025-06-01 12:00:00',
        attempts: 1,
      });
      expect(JSON.parse(row.headers as string)).toEqual({
        'x-cal-signature-256': signCalcom(body),
        'x-cal-webhook-version': '2021-10-20',
        'user-agent': expect.any(String),
      });
    });

    it('keeps ?token= as query:token (its fingerprint), and answers with the http status of the outcome', async () => {
      const body = JSON.stringify({ email: 'zap@example.org', external_id: 'z-1' });
      const ok = await ingest('generic', body, { 'Content-Type': 'application/json' }, `?token=${SECRET}`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'applied', created: true });
      const again = await ingest('generic', body, { 'Content-Type': 'application/json' }, `?token=${SECRET}`);
      expect(await again.json()).toMatchObject({ status: 'duplicate', lead_id: 1, booking_id: 1, created: false });
      const wrong = await ingest('generic', body, {}, '?token=nope');
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ status: 'rejected', delivery_id: 3 });
      const stored = await site.row<{ headers: string | null }>(`SELECT headers FROM ${t.deliveries} WHERE id = 1`);
      // Kept as the token's fingerprint, never the token itself.
      expect(JSON.parse(stored.headers!)).toMatchObject({ 'query:token': fingerprint(SECRET) });
      expect(stored.headers).not.toContain(SECRET);
    });

    it('checks a Calendly signature against the time the delivery arrived', async () => {
      const body = JSON.stringify({ event: 'solar_capture.test' });
      const fresh = await ingest('calendly', body, { 'Calendly-Webhook-Signature': signCalendly(body) });
      expect(await fresh.json()).toMatchObject({
        status: 'ignored',
        message: expect.stringContaining('Test delivery'),
      });
      const stale = await ingest('calendly', body, {
        'Calendly-Webhook-Signature': signCalendly(body, SECRET, new Date(NOW.getTime() - 181_000)),
      });
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as { message: string }).message).toContain(
        'signature timestamp is more than 3 minutes old: check the server clock or a replay',
      );
    });

    it('refuses unknown providers (404), bodies over 1 MB (413) and bodies that are not UTF-8 (400), storing nothing', async () => {
      const cases: [Promise<Response>, number][] = [
        [ingest('acuity', '{}'), 404],
        [ingest('calcom', Buffer.alloc(1024 * 1024 + 1, 'a')), 413],
        [ingest('calcom', Buffer.alloc(5 * 1024 * 1024, 'a'), { 'Content-Type': 'application/json' }), 413],
        [ingest('calcom', Buffer.from([0x7b, 0xff, 0x7d])), 400],
      ];
      for (const [pending, status] of cases) {
        const res = await pending;
        expect(res.status).toBe(status);
        expect(((await res.json()) as { message: unknown }).message).toEqual(expect.any(String));
      }
      expect(await site.rows(`SELECT id FROM ${t.deliveries}`)).toEqual([]);
    });

    it('when its one transaction fails, stores the delivery first and processes it again, as from PHP', async () => {
      const applyEvent = jest.spyOn(site.ctx.pipeline, 'applyEvent').mockRejectedValueOnce(new Error('deadlock'));
      const body = calcomFixture('booking-created');
      const once = await ingest('calcom', body, { 'X-Cal-Signature-256': signCalcom(body) });
      expect(await once.json()).toMatchObject({ status: 'applied', delivery_id: expect.any(Number) });
      expect(await site.rows(`SELECT status, attempts FROM ${t.deliveries}`)).toEqual([
        { status: 'applied', attempts: 1 },
      ]);
      applyEvent.mockRejectedValue(new Error('disk on fire'));
      const again = await ingest('calcom', calcomFixture('booking-requested'), {
        'X-Cal-Signature-256': signCalcom(calcomFixture('booking-requested')),
      });
      expect(again.status).toBe(202);
      // The sender is told it is kept, never our own error text (the delivery log has it).
      const failed = await again.json();
      expect(failed).toMatchObject({ status: 'failed', message: FAILED_MESSAGE });
      expect(JSON.stringify(failed)).not.toContain('disk on fire');
      expect(await site.row(`SELECT error FROM ${t.deliveries} WHERE status = 'failed'`)).toEqual({
        error: expect.stringContaining('disk on fire'),
      });
      expect(
        await site.row(`SELECT COUNT(*) AS n FROM ${t.deliveries} WHERE status = 'failed' AND body IS NOT NULL`),
      ).toEqual({ n: 1 });
    });

    it('answers a delivery that failed on our side 202: it is kept and retried', async () => {
      await site.setProviders({ calcom: { enabled: true, secret: 'env:MISSING_WEBHOOK_SECRET' } });
      const res = await ingest('calcom', calcomFixture('ping'));
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'failed', delivery_id: expect.any(Number), message: FAILED_MESSAGE });
      expect(JSON.stringify(body)).not.toContain('MISSING_WEBHOOK_SECRET');
    });
  });
});

describe('createAppServer', () => {
  it('makes requests and responses with express prototypes from the start: nothing left to re-parent', async () => {
    const app = express();
    app.get('/', (_req, res) => res.json({ ok: true }));
    const server = createAppServer(app);
    const born: boolean[] = [];
    server.prependListener('request', (req, res) => {
      born.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await res.json()).toEqual({ ok: true });
      expect(born).toEqual([true, true]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
