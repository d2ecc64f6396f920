/**
 * Group commit on SQLite: the transactions asked for in one turn of the event loop share one
 * BEGIN IMMEDIATE … COMMIT, each in its own savepoint, and none settles before that COMMIT.
 */
import type Database from 'better-sqlite3';
import { t, TestSite } from '../test-support/site';
import type { NewDelivery } from './types';

describe('SQLite store: group commit', () => {
  let site: TestSite;
  beforeEach(async () => {
    site = await TestSite.create('sqlite');
  });
  afterEach(() => site.close());

  const delivery = (n: number): NewDelivery => ({
    provider: 'calcom',
    body: `{"n":${n}}`,
    contentType: 'application/json',
    headers: '{}',
    receivedAt: '2025-06-01 12:00:00',
  });
  const insert = (n: number) => site.store.transaction((tx) => tx.insertDelivery(delivery(n)));
  /** What another connection (PHP's, say) sees: committed rows only. */
  const committed = async () =>
    (await site.rows<{ body: string }>(`SELECT body FROM ${t.deliveries} ORDER BY id`)).map((row) => row.body);

  it('settles each transaction only after the group it ran in is committed', async () => {
    const seen = await Promise.all([1, 2, 3].map((n) => insert(n).then(committed)));
    expect(seen).toEqual(Array(3).fill(['{"n":1}', '{"n":2}', '{"n":3}']));
  });

  it('rolls back only the transaction that throws; the others in its group commit', async () => {
    const results = await Promise.allSettled([
      insert(1),
      site.store.transaction(async (tx) => {
        await tx.insertDelivery(delivery(2));
        throw new Error('not this one');
      }),
      insert(3),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('not this one'));
    expect(await committed()).toEqual(['{"n":1}', '{"n":3}']);
  });

  it('runs the others again when SQLite gives up the whole transaction (as on an I/O error)', async () => {
    const db = (site.store as unknown as { connection: { db: Database.Database } }).connection.db;
    const runs = [0, 0];
    const results = await Promise.allSettled([
      site.store.transaction((tx) => {
        runs[0] += 1;
        return tx.insertDelivery(delivery(1));
      }),
      site.store.transaction(async (tx) => {
        await tx.insertDelivery(delivery(2));
        db.exec('ROLLBACK');
        throw new Error('disk I/O error');
      }),
      site.store.transaction((tx) => {
        runs[1] += 1;
        return tx.insertDelivery(delivery(3));
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual([2, 1]);
    expect(await committed()).toEqual(['{"n":1}', '{"n":3}']);
  });

  it('commits more transactions than one group holds', async () => {
    const ids = await Promise.all(Array.from({ length: 150 }, (_, n) => insert(n)));
    expect(new Set(ids).size).toBe(150);
    expect(await committed()).toHaveLength(150);
  });
});
