/**
 * A sidecar a web server publishes (shared hosting: Passenger serves every Node.js app at a URL of the
 * site): under its sub-URI, every route needs the site's internal token, and /ingest does not exist.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createAppServer, type Site } from './app';
import { createMonitor, logged } from './monitor';
import { ingestDelivery, processDelivery } from './process';
import type { NewDelivery } from './store/types';
import { calcomFixture, TestSite } from './test-support/site';

describe('published under a sub-URI with REQUIRE_TOKEN', () => {
  let site: TestSite;
  let server: Server;
  let base: string;
  beforeEach(async () => {
    site = await TestSite.create('sqlite');
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const monitor = createMonitor();
    const app = createApp({
      store: site.store,
      version: '0.1.0',
      monitor,
      processDelivery: logged(monitor, 'http', (id: number, s: Site) => processDelivery({ ...site.ctx, store: s.store }, id)),
      ingestDelivery: logged(monitor, 'ingest', (d: NewDelivery, s: Site) => ingestDelivery({ ...site.ctx, store: s.store }, d)),
      basePath: '/solar-sidecar',
      requireToken: true,
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
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers /health only with the site’s token, and only under its sub-URI', async () => {
    expect((await fetch(`${base}/solar-sidecar/health`)).status).toBe(401);
    expect((await fetch(`${base}/solar-sidecar/health`, { headers: auth('x'.repeat(64)) })).status).toBe(401);
    const ok = await fetch(`${base}/solar-sidecar/health`, { headers: auth(site.internalToken) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, queued: 0 });
    expect((await fetch(`${base}/health`, { headers: auth(site.internalToken) })).status).toBe(404);
  });

  it('has no /ingest, with or without the token', async () => {
    const body = calcomFixture('booking-created');
    for (const headers of [{}, auth(site.internalToken)])
      expect((await fetch(`${base}/solar-sidecar/ingest/calcom`, { method: 'POST', body, headers })).status).toBe(404);
  });

  it('processes a stored delivery with the token, as PHP asks', async () => {
    const id = await site.queueCalcom(calcomFixture('booking-created'));
    const res = await fetch(`${base}/solar-sidecar/deliveries/${id}/process`, { method: 'POST', headers: auth(site.internalToken) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delivery_id: id, status: 'applied' });
  });
});
