/**
 * Picks up deliveries PHP could not hand over (sidecar down), retries failed ones with back-off,
 * and drops the bodies of deliveries past the retention period: on every site of a multisite network.
 */
import { errorMessage, log } from './log';
import { MAX_ATTEMPTS } from './process';
import type { Store } from './store/types';

/** A site of the network and its store (a single site is site 1). */
export interface DrainSite {
  id: number;
  store: Store;
}
import { toDbTime } from './time';

const BATCH = 100;
/** After the 1st, 2nd, 3rd, 4th failure: wait this long before the next attempt (the 5th is the last). */
export const RETRY_BACKOFF_SECONDS = [30, 120, 600, 1800];
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const RETENTION_BATCH = 500;

export interface DrainOptions {
  intervalMs: number;
  /** Deliveries received longer ago than this lose their body and headers. */
  retentionDays: number;
  clock?: () => Date;
}

export interface Drainer {
  /** Resolves when the round in progress, if any, is done. */
  idle(): Promise<void>;
  /** Stops scheduling and waits for the delivery being processed, if any. */
  stop(): Promise<void>;
}

/** Drains now, then every `intervalMs` after the previous round ended (rounds never overlap). */
export function startDrainer(
  store: Store,
  { intervalMs, retentionDays, clock = () => new Date() }: DrainOptions,
  processDelivery: (id: number, site: DrainSite) => Promise<unknown>,
): Drainer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  let retainedAt = -Infinity;

  const ago = (now: Date, seconds: number) => toDbTime(new Date(now.getTime() - seconds * 1000));

  const dropExpiredBodies = async (now: Date, sites: DrainSite[]) => {
    if (now.getTime() - retainedAt < RETENTION_EVERY_MS) return;
    retainedAt = now.getTime();
    const before = ago(now, retentionDays * 86400);
    for (const site of sites) {
      let dropped = 0;
      for (let n = RETENTION_BATCH; n === RETENTION_BATCH && !stopped; dropped += n)
        n = await site.store.dropExpiredBodies(before, RETENTION_BATCH);
      if (dropped > 0) log('info', 'delivery bodies past retention dropped', { dropped, before, ...(site.id === 1 ? {} : { site: site.id }) });
    }
  };

  /** The network's sites (a site deleted meanwhile is skipped). */
  const sites = async (): Promise<DrainSite[]> => {
    const out: DrainSite[] = [];
    for (const id of await store.siteIds()) {
      const siteStore = id === 1 ? store : await store.site(id);
      if (siteStore) out.push({ id, store: siteStore });
    }
    return out;
  };

  const drain = async () => {
    try {
      const now = clock();
      const retryAfter = RETRY_BACKOFF_SECONDS.map((seconds) => ago(now, seconds));
      const all = await sites();
      for (const site of all) {
        for (const id of await site.store.drainableDeliveryIds({ maxAttempts: MAX_ATTEMPTS, retryAfter, limit: BATCH })) {
          if (stopped) return;
          await processDelivery(id, site);
        }
      }
      await dropExpiredBodies(now, all);
    } catch (error) {
      log('error', 'drain round failed', { error: errorMessage(error) });
    }
  };
  const schedule = () => {
    round = drain().then(() => {
      if (!stopped) timer = setTimeout(schedule, intervalMs);
    });
  };
  schedule();

  return {
    idle: () => round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
