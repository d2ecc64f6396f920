/** Picks up deliveries PHP could not hand over (sidecar down) and retries failed ones. */
import { errorMessage, log } from './log';
import { MAX_ATTEMPTS } from './process';
import type { Store } from './store/types';

const BATCH = 100;

export interface Drainer {
  /** Stops scheduling and waits for the delivery being processed, if any. */
  stop(): Promise<void>;
}

/** Drains now, then every `intervalMs` after the previous round ended (rounds never overlap). */
export function startDrainer(
  store: Store,
  intervalMs: number,
  processDelivery: (id: number) => Promise<unknown>,
): Drainer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const drain = async () => {
    try {
      for (const id of await store.drainableDeliveryIds(MAX_ATTEMPTS, BATCH)) {
        if (stopped) return;
        await processDelivery(id);
      }
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
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
