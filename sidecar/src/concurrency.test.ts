/**
 * Exactly once under concurrency, on SQLite and MariaDB: the same delivery many times at once,
 * copies of one delivery, many bookings for one new e-mail, and two sidecars on one database.
 */
import { processDelivery } from './process';
import { calcomFixture, eachDatabase, t, TestSite } from './test-support/site';

const booking = (uid: string, email = 'crowd@example.org') => {
  const body = JSON.parse(calcomFixture('booking-created').toString('utf8'));
  Object.assign(body.payload, { uid });
  body.payload.attendees[0].email = email;
  body.payload.responses = {};
  return JSON.stringify(body);
};

eachDatabase((kind) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create(kind, {}, 20);
  });
  afterEach(() => site.close());

  const count = async (table: string) =>
    Number((await site.row<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)).n);
  const snapshot = async () => ({
    leads: await count(t.leads),
    bookings: await count(t.bookings),
    events: await count(t.events),
  });

  it('one delivery processed 10 times at once changes the database once; every answer is the same', async () => {
    const id = await site.queueCalcom(calcomFixture('booking-created'));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => processDelivery(site.ctx, id)));
    expect(new Set(outcomes.map((o) => JSON.stringify(o))).size).toBe(1);
    expect(outcomes[0]).toMatchObject({ status: 'applied', lead_id: 1, booking_id: 1, created: true });
    expect(await snapshot()).toEqual({ leads: 1, bookings: 1, events: 3 });
    expect(await site.row(`SELECT attempts FROM ${t.deliveries} WHERE id = ?`, id)).toEqual({ attempts: 1 });
  });

  it('10 copies of one delivery at once: one applied, nine duplicates with the same ids', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => site.queueCalcom(calcomFixture('booking-created'))));
    const outcomes = await Promise.all(ids.map((id) => processDelivery(site.ctx, id)));
    expect(outcomes.map((o) => o!.status).sort()).toEqual(['applied', ...Array(9).fill('duplicate')]);
    expect(new Set(outcomes.map((o) => `${o!.lead_id}/${o!.booking_id}`))).toEqual(new Set(['1/1']));
    expect(await snapshot()).toEqual({ leads: 1, bookings: 1, events: 3 });
  });

  it('100 different bookings for one new e-mail at once create one lead', async () => {
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => site.queueCalcom(booking(`crowd-${i}`))));
    const outcomes = await Promise.all(ids.map((id) => processDelivery(site.ctx, id)));
    expect(outcomes.map((o) => o!.status)).toEqual(Array(100).fill('applied'));
    expect(new Set(outcomes.map((o) => o!.lead_id)).size).toBe(1);
    expect(await count(t.leads)).toBe(1);
    expect(await count(t.bookings)).toBe(100);
    const stages = await site.rows(`SELECT data FROM ${t.events} WHERE type = 'stage_changed'`);
    expect(stages).toHaveLength(1);
  }, 30_000);

  it('two sidecars processing the same deliveries at once apply each exactly once', async () => {
    // 100 deliveries: 50 bookings, each twice, for 10 people.
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) ids.push(await site.queueCalcom(booking(`pair-${i % 50}`, `p${i % 10}@example.org`)));
    const other = await site.otherSidecar([...ids].reverse());
    const [a, b] = await Promise.all([Promise.all(ids.map((id) => processDelivery(site.ctx, id))), other.go()]);
    const byId = new Map(a.map((o) => [o!.delivery_id, o]));
    for (const o of b) expect(o).toEqual(byId.get(o.delivery_id));
    expect(a.filter((o) => o!.status === 'applied')).toHaveLength(50);
    expect(a.filter((o) => o!.status === 'duplicate')).toHaveLength(50);
    expect(await snapshot()).toMatchObject({ leads: 10, bookings: 50 });
    const attempts = await site.rows<{ attempts: number }>(`SELECT attempts FROM ${t.deliveries}`);
    expect(attempts.every((row) => row.attempts === 1)).toBe(true);
  }, 30_000);
});
