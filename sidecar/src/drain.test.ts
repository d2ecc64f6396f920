import { startDrainer } from './drain';
import { processDelivery } from './process';
import { calcomFixture, eachDatabase, t, TestSite } from './test-support/site';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

eachDatabase((kind) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create(kind);
  });
  afterEach(() => site.close());

  const statuses = () =>
    site.rows<{ id: number; status: string; attempts: number }>(
      `SELECT id, status, attempts FROM ${t.deliveries} ORDER BY id`,
    );
  const fail = (id: number, attempts: number, processedAt: string | null) =>
    site.exec(
      `UPDATE ${t.deliveries} SET status = 'failed', attempts = ?, processed_at = ? WHERE id = ?`,
      attempts,
      processedAt,
      id,
    );
  const drainOnce = async (clock = () => site.now) => {
    const seen: number[] = [];
    const drainer = startDrainer(site.store, { intervalMs: 1000, retentionDays: 30, clock }, async (id) => {
      seen.push(id);
      return processDelivery(site.ctx, id);
    });
    await drainer.idle();
    await drainer.stop();
    return seen;
  };

  it('drains queued deliveries at start and on the interval, and retries failed ones up to 5 attempts', async () => {
    const first = await site.queueCalcom(calcomFixture('booking-created'));
    // Already failed 4 times: one retry left. Failed 5 times: left alone.
    const retry = await site.queueCalcom(calcomFixture('ping'));
    const exhausted = await site.queueCalcom(calcomFixture('booking-rescheduled'));
    await fail(retry, 4, null);
    await fail(exhausted, 5, null);

    const seen: number[] = [];
    const drainer = startDrainer(site.store, { intervalMs: 20, retentionDays: 30 }, async (id) => {
      seen.push(id);
      return processDelivery(site.ctx, id);
    });
    await pause(10);
    const late = await site.queueCalcom(calcomFixture('booking-requested'));
    await pause(150);
    await drainer.stop();

    expect(seen).toEqual([first, retry, late]);
    expect(await statuses()).toEqual([
      { id: first, status: 'applied', attempts: 1 },
      { id: retry, status: 'ignored', attempts: 5 },
      { id: exhausted, status: 'failed', attempts: 5 },
      { id: late, status: 'applied', attempts: 1 },
    ]);
  });

  it('backs off: a failed delivery waits 30 s after its first failure, 2 min after its second', async () => {
    const once = await site.queueCalcom(calcomFixture('ping'));
    const twice = await site.queueCalcom(calcomFixture('ping'));
    await fail(once, 1, '2025-06-01 11:59:40'); // 20 s before NOW
    await fail(twice, 2, '2025-06-01 11:59:00'); // 60 s before NOW
    expect(await drainOnce()).toEqual([]);
    site.now = new Date('2025-06-01T12:00:15Z');
    expect(await drainOnce(() => site.now)).toEqual([once]);
    site.now = new Date('2025-06-01T12:01:05Z');
    expect(await drainOnce(() => site.now)).toEqual([twice]);
  });

  it('drops body and headers of finished deliveries past the retention period, never of queued ones', async () => {
    const old = await site.queueCalcom(calcomFixture('ping'));
    const oldQueued = await site.queueCalcom(calcomFixture('ping'));
    const recent = await site.queueCalcom(calcomFixture('ping'));
    await site.exec(
      `UPDATE ${t.deliveries} SET received_at = '2025-04-01 00:00:00' WHERE id IN (?, ?)`,
      old,
      oldQueued,
    );
    await site.exec(`UPDATE ${t.deliveries} SET status = 'ignored' WHERE id IN (?, ?)`, old, recent);
    expect(await site.store.dropExpiredBodies('2025-05-02 12:00:00', 500)).toBe(1);
    const rows = await site.rows<{ id: number; body: string | null; headers: string | null }>(
      `SELECT id, body, headers FROM ${t.deliveries} ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: old, body: null, headers: null },
      { id: oldQueued, body: expect.any(String), headers: expect.any(String) },
      { id: recent, body: expect.any(String), headers: expect.any(String) },
    ]);
    // The drain does it too (once an hour), with RETENTION_DAYS.
    await site.exec(`UPDATE ${t.deliveries} SET body = 'x', headers = '{}' WHERE id = ?`, old);
    await drainOnce();
    expect((await site.row<{ body: string | null }>(`SELECT body FROM ${t.deliveries} WHERE id = ?`, old)).body).toBe(
      null,
    );
  });

  it('stop() waits for the delivery in progress', async () => {
    await site.queueCalcom(calcomFixture('booking-created'));
    let finished = false;
    let began: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (began = resolve));
    const drainer = startDrainer(site.store, { intervalMs: 1000, retentionDays: 30 }, async (id) => {
      began();
      await pause(30);
      await processDelivery(site.ctx, id);
      finished = true;
    });
    await started;
    await drainer.stop();
    expect(finished).toBe(true);
  });
});
