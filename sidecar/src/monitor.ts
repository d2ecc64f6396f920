/** What /health reports beyond the database: uptime and the last thing that went wrong. */
import { errorMessage, log } from './log';
import type { Outcome } from './process';

export type Via = 'http' | 'ingest' | 'drain';

export interface Monitor {
  readonly startedAt: number;
  lastError: { at: string; message: string; delivery_id: number | null } | null;
}

export const createMonitor = (): Monitor => ({ startedAt: Date.now(), lastError: null });

/**
 * Wraps a way of processing deliveries (by id, or a new one for /ingest): one JSON log line per
 * delivery, with how it came in, the site (on a multisite network) and how long it took; failures
 * remembered for /health.
 */
export function logged<A, S extends { id: number }>(
  monitor: Monitor,
  via: Via,
  run: (arg: A, site: S) => Promise<Outcome | null>,
): (arg: A, site: S) => Promise<Outcome | null> {
  return async (arg, site) => {
    const t0 = performance.now();
    const ms = () => Math.round((performance.now() - t0) * 10) / 10;
    const where = site && site.id !== 1 ? { site: site.id } : {};
    try {
      const outcome = await run(arg, site);
      if (outcome?.status === 'failed')
        monitor.lastError = {
          at: new Date().toISOString(),
          message: outcome.message,
          delivery_id: outcome.delivery_id,
        };
      if (outcome)
        log(outcome.status === 'failed' ? 'error' : 'info', 'delivery processed', { via, ...where, ...outcome, ms: ms() });
      return outcome;
    } catch (error) {
      const id = typeof arg === 'number' ? arg : null;
      monitor.lastError = { at: new Date().toISOString(), message: errorMessage(error), delivery_id: id };
      log('error', 'delivery not processed', { via, ...where, delivery_id: id, error: errorMessage(error), ms: ms() });
      throw error;
    }
  };
}
