/**
 * Multisite: one sidecar serves every site of a WordPress network. Each site has its own tables
 * (`wp_2_solar_leads`…) and its own internal token; PHP on site n calls `/sites/n/…`. Only a site that
 * `wp_blogs` lists (and has not deleted) is served, and a wrong or hostile site value never reaches
 * another site's rows.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createAppServer, type Site } from './app';
import { startDrainer } from './drain';
import { createMonitor, logged } from './monitor';
import { ingestDelivery, processDelivery } from './process';
import type { NewDelivery, Store } from './store/types';
import { calcomFixture, eachDatabase, PREFIX, t, TestSite } from './test-support/site';

eachDatabase((kind) => {
  let site: TestSite;
  let second: { prefix: string; token: string };
  beforeEach(async () => {
    site = await TestSite.create(kind);
    second = await site.addNetworkSite(2);
  });
  afterEach(() => site.close());

  const ctxOn = (store: Store) => ({ ...site.ctx, store });
  const leadsOf = (prefix: string) => site.rows<{ email_normalized: string }>(`SELECT email_normalized FROM ${prefix}solar_leads`);
  const statusOf = (prefix: string, id: number) =>
    site.row<{ status: string }>(`SELECT status FROM ${prefix}solar_deliveries WHERE id = ?`, id).then((r) => r?.status);

  describe('the store', () => {
    it('lists the network’s undeleted sites, and one site on a database without a network', async () => {
      expect(await site.store.siteIds()).toEqual([1, 2]);
      await site.exec(`UPDATE ${PREFIX}blogs SET deleted = 1 WHERE blog_id = 2`);
      expect(await site.store.siteIds()).toEqual([1]);
      await site.exec(`DROP TABLE ${PREFIX}blogs`);
      expect(await site.store.siteIds()).toEqual([1]);
      expect(await site.store.site(2)).toBeNull();
    });

    it('gives a site’s view only for a number the network knows', async () => {
      expect(await site.store.site(1)).toBe(site.store);
      expect(await site.store.site(2)).not.toBeNull();
      for (const wrong of [0, -1, 3, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, 10 ** 12]) expect(await site.store.site(wrong)).toBeNull();
      // A deleted site is not served (once the short cache of known sites has passed).
      await site.addNetworkSite(4, { deleted: true });
      expect(await site.store.site(4)).toBeNull();
    });

    it('processes a delivery of site 2 on site 2’s tables only', async () => {
      const body = calcomFixture('booking-created');
      const id = await site.queueCalcomOn(second.prefix, body);
      const store2 = (await site.store.site(2)) as Store;
      const outcome = await processDelivery(ctxOn(store2), id);
      expect(outcome).toMatchObject({ delivery_id: id, status: 'applied' });
      expect(await leadsOf(second.prefix)).toHaveLength(1);
      expect(await leadsOf(PREFIX)).toHaveLength(0);
      // The main site has no delivery with that id (or not that one): processing it there finds nothing of site 2's.
      expect(await processDelivery(site.ctx, id)).toBeNull();
      expect(await site.rows(`SELECT id FROM ${t.deliveries}`)).toEqual([]);
    });
  });

  describe('the HTTP API', () => {
    let server: Server;
    let base: string;
    beforeEach(async () => {
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const monitor = createMonitor();
      const app = createApp({
        store: site.store,
        version: '0.1.0',
        monitor,
        processDelivery: logged(monitor, 'http', (id: number, s: Site) => processDelivery(ctxOn(s.store), id)),
        ingestDelivery: logged(monitor, 'ingest', (d: NewDelivery, s: Site) => ingestDelivery(ctxOn(s.store), d)),
        clock: () => site.now,
      });
      server = createAppServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      jest.restoreAllMocks();
      await new Promise((resolve) => server.close(resolve));
    });

    const call = (path: string, token: string) => fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });

    it('processes site 2’s delivery with site 2’s token at /sites/2/…, into site 2 only', async () => {
      const id = await site.queueCalcomOn(second.prefix, calcomFixture('booking-created'));
      const res = await call(`/sites/2/deliveries/${id}/process`, second.token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ delivery_id: id, status: 'applied' });
      expect(await statusOf(second.prefix, id)).toBe('applied');
      expect(await leadsOf(second.prefix)).toHaveLength(1);
      expect(await leadsOf(PREFIX)).toHaveLength(0);
    });

    it('refuses another site’s token: the main site’s token does not process site 2’s deliveries, nor the reverse', async () => {
      const id2 = await site.queueCalcomOn(second.prefix, calcomFixture('booking-created'));
      expect((await call(`/sites/2/deliveries/${id2}/process`, site.internalToken)).status).toBe(401);
      const id1 = await site.queueCalcom(calcomFixture('booking-created'));
      expect((await call(`/deliveries/${id1}/process`, second.token)).status).toBe(401);
      expect((await call(`/sites/1/deliveries/${id1}/process`, second.token)).status).toBe(401);
      expect(await statusOf(second.prefix, id2)).toBe('queued');
      expect(await statusOf(PREFIX, id1)).toBe('queued');
    });

    it('answers 404, touching nothing, for a site the network does not have or a value that is not a site number', async () => {
      const id = await site.queueCalcomOn(second.prefix, calcomFixture('booking-created'));
      await site.addNetworkSite(5, { deleted: true });
      const wrong = ['3', '5', '0', '-2', '02', '2.0', '2e0', '0x2', '2%20OR%201=1', "2'--", '2;DROP%20TABLE%20wp_blogs', '..%2F2', '%00', 'wp_2', '99999999999', '1'.repeat(40)];
      for (const value of wrong) {
        const res = await call(`/sites/${value}/deliveries/${id}/process`, second.token);
        expect([value, res.status]).toEqual([value, 404]);
        const health = await fetch(`${base}/sites/${value}/health`);
        expect([value, health.status]).toEqual([value, 404]);
        expect(((await health.json()) as { error: string }).error).toBe('unknown_site');
      }
      expect(await statusOf(second.prefix, id)).toBe('queued');
      expect(await site.store.siteIds()).toEqual([1, 2]);
    });

    it('reports each site’s queue at /sites/n/health, and the whole network’s (with each site) at /health', async () => {
      await site.queueCalcomOn(second.prefix, calcomFixture('booking-created'));
      await site.queueCalcomOn(second.prefix, calcomFixture('ping'));
      await site.queueCalcom(calcomFixture('ping'));
      expect(await (await fetch(`${base}/sites/2/health`)).json()).toMatchObject({ ok: true, site: 2, queued: 2, deliveries: { queued: 2 } });
      expect(await (await fetch(`${base}/sites/1/health`)).json()).toMatchObject({ ok: true, site: 1, queued: 1 });
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ ok: true, queued: 3, sites: { 1: { queued: 1, failed: 0 }, 2: { queued: 2, failed: 0 } } });
    });
  });

  it('drains every site’s queue, each on its own tables', async () => {
    const id2 = await site.queueCalcomOn(second.prefix, calcomFixture('booking-created'));
    const id1 = await site.queueCalcom(calcomFixture('booking-rescheduled'));
    const seen: string[] = [];
    const drainer = startDrainer(site.store, { intervalMs: 1000, retentionDays: 30, clock: () => site.now }, async (id, s) => {
      seen.push(`${s.id}:${id}`);
      return processDelivery(ctxOn(s.store), id);
    });
    await drainer.idle();
    await drainer.stop();
    expect(seen).toEqual([`1:${id1}`, `2:${id2}`]);
    expect(await statusOf(second.prefix, id2)).toBe('applied');
    expect(await statusOf(PREFIX, id1)).not.toBe('queued');
    expect(await leadsOf(second.prefix)).toHaveLength(1);
  });
});
