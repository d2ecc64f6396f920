import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createApp } from './app';
import { processDelivery } from './process';
import { calcomFixture, TestSite } from './test-support/site';

let site: TestSite;
let server: Server;
let base: string;

beforeEach(async () => {
  site = new TestSite();
  const app = createApp({
    store: site.store,
    version: '0.1.0',
    processDelivery: (id) => processDelivery(site.ctx, id),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await site.close();
});

const processCall = (id: number | string, token = site.internalToken) =>
  fetch(`${base}/deliveries/${id}/process`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });

describe('HTTP API', () => {
  it('reports health with queue counts', async () => {
    site.queueCalcom(calcomFixture('ping'));
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: '0.1.0', db: 'sqlite', queued: 1, failed: 0 });
  });

  it('answers 503 when the database is unreachable', async () => {
    jest.spyOn(site.store, 'deliveryCounts').mockRejectedValueOnce(new Error('SQLITE_CANTOPEN'));
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, db: 'sqlite' });
  });

  it('processes a delivery with the internal token and returns the outcome', async () => {
    const id = site.queueCalcom(calcomFixture('booking-created'));
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

  it('refuses a missing or wrong token with 401, as JSON', async () => {
    const id = site.queueCalcom(calcomFixture('booking-created'));
    for (const res of [
      await processCall(id, 'f'.repeat(64)),
      await fetch(`${base}/deliveries/${id}/process`, { method: 'POST' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect(site.row<{ status: string }>('SELECT status FROM wp_solar_deliveries WHERE id = ?', id).status).toBe(
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
