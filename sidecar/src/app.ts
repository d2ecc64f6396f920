/** The sidecar's HTTP API (docs/internals.md, "Sidecar HTTP API"); listening is main.ts's job. */
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorMessage } from './log';
import type { Outcome } from './process';
import { INTERNAL_TOKEN_OPTION } from './settings';
import type { Store } from './store/types';
import { bearerToken, safeEqual } from './verify';

export interface AppDeps {
  store: Store;
  version: string;
  processDelivery: (id: number) => Promise<Outcome | null>;
  /** How long the internal token read from the options table is reused. */
  tokenCacheMs?: number;
}

/** Reuses a loaded value for `ttlMs`; a failed load is not kept. */
function cached<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let entry: { until: number; value: Promise<T> } | null = null;
  return () => {
    if (!entry || Date.now() >= entry.until) {
      const value = load();
      const loaded = { until: Date.now() + ttlMs, value };
      entry = loaded;
      value.catch(() => {
        if (entry === loaded) entry = null;
      });
    }
    return entry.value;
  };
}

export function createApp({ store, version, processDelivery, tokenCacheMs = 1000 }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const internalToken = cached(async () => (await store.getOption(INTERNAL_TOKEN_OPTION))?.trim() ?? '', tokenCacheMs);

  app.get('/health', async (_req, res) => {
    try {
      const { queued, failed } = await store.deliveryCounts();
      res.json({ ok: true, version, db: store.client, queued, failed });
    } catch (error) {
      res.status(503).json({ ok: false, version, db: store.client, error: errorMessage(error) });
    }
  });

  app.post('/deliveries/:id/process', async (req, res) => {
    const presented = bearerToken(req.get('authorization'));
    const expected = await internalToken();
    if (!presented || !expected || !safeEqual(presented, expected)) {
      res.status(401).json({ error: 'unauthorized', message: 'A valid internal bearer token is required.' });
      return;
    }
    const id = /^[1-9]\d{0,14}$/.test(req.params.id) ? Number(req.params.id) : null;
    const outcome = id === null ? null : await processDelivery(id);
    if (!outcome) {
      res.status(404).json({ error: 'not_found', message: `There is no delivery ${req.params.id}.` });
      return;
    }
    res.json(outcome);
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'No such route.' });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    res
      .status(typeof status === 'number' && status >= 400 && status < 600 ? status : 500)
      .json({ error: 'internal', message: errorMessage(error) });
  });
  return app;
}
