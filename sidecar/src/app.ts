/** The sidecar's HTTP API (docs/internals.md, "Sidecar HTTP API"); listening is main.ts's job. */
import { isUtf8 } from 'node:buffer';
import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_BODY_BYTES, providersContract, STORED_HEADERS } from './contracts';
import { clip } from './events';
import { errorMessage } from './log';
import type { Monitor } from './monitor';
import type { Outcome } from './process';
import { findProvider, PROVIDER_NAMES } from './providers';
import { INTERNAL_TOKEN_OPTION } from './settings';
import type { NewDelivery, Store } from './store/types';
import { toDbTime } from './time';
import { bearerToken, safeEqual } from './verify';

export { MAX_BODY_BYTES, STORED_HEADERS };

export interface AppDeps {
  store: Store;
  version: string;
  /** Processes a stored delivery (PHP asked). */
  processDelivery: (id: number) => Promise<Outcome | null>;
  /** Stores and processes a delivery posted to /ingest. */
  ingestDelivery: (delivery: NewDelivery) => Promise<Outcome | null>;
  monitor: Monitor;
  /** How long the internal token read from the options table is reused. */
  tokenCacheMs?: number;
  clock?: () => Date;
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

/** The answer a booking tool gets, as PHP's webhook route gives it (a `failed` delivery is kept: 202). */
function answer(res: Response, outcome: Outcome): void {
  const { status, message, delivery_id, lead_id, booking_id, created } = outcome;
  res
    .status(outcome.http_status >= 500 ? 202 : outcome.http_status)
    .json({ status, message, delivery_id, lead_id, booking_id, created });
}

const refuse = (res: Response, httpStatus: number, error: string, message: string) =>
  res.status(httpStatus).json({ status: 'rejected', error, message });

export function createApp({
  store,
  version,
  processDelivery,
  ingestDelivery,
  monitor,
  tokenCacheMs = 1000,
  clock = () => new Date(),
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const internalToken = cached(async () => (await store.getOption(INTERNAL_TOKEN_OPTION))?.trim() ?? '', tokenCacheMs);

  app.get('/health', async (_req, res) => {
    const uptime_s = Math.round((Date.now() - monitor.startedAt) / 1000);
    try {
      const deliveries = await store.deliveryCounts();
      const queued = deliveries.queued ?? 0;
      res.json({
        ok: true,
        version,
        db: store.client,
        queued,
        failed: deliveries.failed ?? 0,
        queue_depth: queued,
        deliveries,
        uptime_s,
        last_error: monitor.lastError,
      });
    } catch (error) {
      res.status(503).json({ ok: false, version, db: store.client, error: errorMessage(error), uptime_s });
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

  // A booking tool posting straight to the sidecar (behind a proxy, or a benchmark): the delivery
  // row PHP would have written, processed in one go.
  app.post(
    '/ingest/:provider',
    express.raw({ type: () => true, limit: MAX_BODY_BYTES }),
    async (req: Request<{ provider: string }>, res) => {
      const { provider } = req.params;
      if (!findProvider(provider)) {
        refuse(
          res,
          404,
          'unknown_provider',
          `Unknown provider "${clip(provider, 40)}". Use one of: ${PROVIDER_NAMES.join(', ')}.`,
        );
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!isUtf8(body)) {
        refuse(res, 400, 'invalid_encoding', 'The request body is not valid UTF-8.');
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of STORED_HEADERS) {
        const value = req.get(name);
        if (value !== undefined) headers[name] = value;
      }
      const token = req.query[providersContract.query_token];
      if (typeof token === 'string') headers[`query:${providersContract.query_token}`] = token;
      const outcome = await ingestDelivery({
        provider,
        body: body.toString('utf8'),
        contentType: clip(req.get('content-type') ?? '', 128),
        headers: JSON.stringify(headers),
        receivedAt: toDbTime(clock()),
      });
      if (outcome) answer(res, outcome);
      else refuse(res, 500, 'internal', 'The delivery could not be processed.');
    },
  );

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'No such route.' });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    const httpStatus = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
    const message = httpStatus === 413 ? 'The request body is larger than 1 MB.' : errorMessage(error);
    res.status(httpStatus).json({ error: httpStatus === 413 ? 'body_too_large' : 'internal', message });
  });
  return app;
}

/**
 * The HTTP server for `app`, whose requests and responses are made with express's prototypes from
 * the start. Express otherwise re-parents both objects on every request (Object.setPrototypeOf),
 * which knocks V8 off its fast property paths for everything that touches them afterwards:
 * measured on this route, that cost more than verifying, parsing and applying a delivery. Made
 * with the right prototype, express's call changes nothing. Node's IncomingMessage and
 * ServerResponse are plain constructor functions that initialise `this`; should a Node release turn
 * them into classes, the server is made the ordinary way.
 */
export function createAppServer(app: express.Express): Server {
  const callable = [IncomingMessage, ServerResponse].every(
    (constructor) => !/^class\b/.test(Function.prototype.toString.call(constructor)),
  );
  if (!callable) return createServer(app);
  function AppRequest(this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>) {
    IncomingMessage.apply(this, args);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) {
    ServerResponse.apply(this, args);
  }
  AppResponse.prototype = app.response;
  return createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}
