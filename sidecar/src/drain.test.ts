import { startDrainer } from './drain';
import { processDelivery } from './process';
import { calcomFixture, TestSite } from './test-support/site';

let site: TestSite;
beforeEach(() => {
  site = new TestSite();
});
afterEach(() => site.close());

const statuses = () =>
  site.rows<{ id: number; status: string; attempts: number }>(
    'SELECT id, status, attempts FROM wp_solar_deliveries ORDER BY id',
  );

it('drains queued deliveries at start and on the interval, and retries failed ones up to 5 attempts', async () => {
  const first = site.queueCalcom(calcomFixture('booking-created'));
  // Already failed 4 times: one retry left. Failed 5 times: left alone.
  const retry = site.queueCalcom(calcomFixture('ping'));
  const exhausted = site.queueCalcom(calcomFixture('booking-rescheduled'));
  site.db.prepare("UPDATE wp_solar_deliveries SET status = 'failed', attempts = ? WHERE id = ?").run(4, retry);
  site.db.prepare("UPDATE wp_solar_deliveries SET status = 'failed', attempts = ? WHERE id = ?").run(5, exhausted);

  const seen: number[] = [];
  const drainer = startDrainer(site.store, 20, async (id) => {
    seen.push(id);
    return processDelivery(site.ctx, id);
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  const late = site.queueCalcom(calcomFixture('booking-requested'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await drainer.stop();

  expect(seen).toEqual([first, retry, late]);
  expect(statuses()).toEqual([
    { id: first, status: 'applied', attempts: 1 },
    { id: retry, status: 'ignored', attempts: 5 },
    { id: exhausted, status: 'failed', attempts: 5 },
    { id: late, status: 'applied', attempts: 1 },
  ]);
});

it('stop() waits for the delivery in progress', async () => {
  site.queueCalcom(calcomFixture('booking-created'));
  let finished = false;
  const drainer = startDrainer(site.store, 1000, async (id) => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await processDelivery(site.ctx, id);
    finished = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await drainer.stop();
  expect(finished).toBe(true);
});
