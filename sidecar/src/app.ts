/** The sidecar's HTTP API (docs/internals.md, "Sidecar HTTP API"); listening is main.ts's job. */
import { isUtf8 } from 'node:buffer';
import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_BODY_BYTES, providersContract, SECRET_HEADERS, STORED_HEADERS } from './contracts';
import { clip } from './events';
import { errorMessage } from './log';
import type { Monitor } from './monitor';
import type { Outcome } from './process';
import { findProvider, PROVIDER_NAMES } from './providers';
import { INTERNAL_TOKEN_OPTION } from './settings';
import type { NewDelivery, Store } from './store/types';
import { toDbTime } from './time';
import { bearerToken, credentialAtRest, safeEqual } from './verify';

export { MAX_BODY_BYTES, STORED_HEADERS };

/**
 * The site a request is for. A single site (and a network's main site, blog 1) is served at the
 * root paths; another site of a multisite network under `/sites/<blog id>/…`, which PHP uses for
 * every call on such a site.
 */
export interface Site {
  id: number;
  store: Store;
}

export interface AppDeps {
  /** The main site's store (the only one on a single site); `store.site(n)` gives the others. */
  store: Store;
  version: string;
  /** Processes a stored delivery of a site (PHP asked). */
  processDelivery: (id: number, site: Site) => Promise<Outcome | null>;
  /** Stores and processes a delivery posted to /ingest. */
  ingestDelivery: (delivery: NewDelivery, site: Site) => Promise<Outcome | null>;
  monitor: Monitor;
  /** How long the internal token read from the options table is reused. */
  tokenCacheMs?: number;
  clock?: () => Date;
  /** Served under this path (default '/'): the sub-URI a web server publishes the sidecar at. */
  basePath?: string;
  /** Every route (health included) needs the site's internal token, and /ingest is off. */
  requireToken?: boolean;
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
/** What a sender is told of a delivery that failed on our side: never our own error text (the log has it). */
export const FAILED_MESSAGE = 'Received, but not processed yet: it is kept and retried. The site owner sees why in the delivery log.';

function answer(res: Response, outcome: Outcome): void {
  const { status, delivery_id, lead_id, booking_id, created } = outcome;
  const message = status === 'failed' ? FAILED_MESSAGE : outcome.message;
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
  basePath = '/',
  requireToken = false,
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Each site has its own internal token, in its own options table.
  const tokens = new Map<number, () => Promise<string>>();
  const internalToken = (site: Site) => {
    let token = tokens.get(site.id);
    if (!token) {
      token = cached(async () => (await site.store.getOption(INTERNAL_TOKEN_OPTION))?.trim() ?? '', tokenCacheMs);
      tokens.set(site.id, token);
    }
    return token();
  };
  const siteOf = (res: Response): Site => res.locals.site as Site;

  const counts = async (site: Site) => {
    const deliveries = await site.store.deliveryCounts();
    return { queued: deliveries.queued ?? 0, failed: deliveries.failed ?? 0, deliveries };
  };

  const api = express.Router();
  const tokenAccepted = async (req: Request, site: Site) => {
    const presented = bearerToken(req.get('authorization'));
    const expected = await internalToken(site);
    return Boolean(presented && expected && safeEqual(presented, expected));
  };

  // Published by a web server (shared hosting): nothing without the site's token, no /ingest at all.
  if (requireToken)
    api.use(async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (req.path.startsWith('/ingest/')) {
          res.status(404).json({ error: 'not_found', message: 'No such route.' });
          return;
        }
        if (!(await tokenAccepted(req, siteOf(res)))) {
          res.status(401).json({ error: 'unauthorized', message: 'A valid internal bearer token is required.' });
          return;
        }
        next();
      } catch (error) {
        next(error);
      }
    });

  // Counts for anyone (load balancers, container health checks); what went wrong (the last error,
  // a database's own words) only for whoever presents the site's internal token, as PHP does.
  api.get('/health', async (req, res) => {
    const uptime_s = Math.round((Date.now() - monitor.startedAt) / 1000);
    const detailed = await tokenAccepted(req, siteOf(res)).catch(() => false);
    try {
      const site = siteOf(res);
      // At the root of a multisite network: every site's deliveries, added up, and each site's.
      const ids = res.locals.root ? await store.siteIds() : [site.id];
      const each: Record<string, { queued: number; failed: number }> = {};
      const deliveries: Record<string, number> = {};
      for (const id of ids) {
        const one = id === site.id ? site : { id, store: (await store.site(id)) as Store };
        if (!one.store) continue;
        const c = await counts(one);
        each[id] = { queued: c.queued, failed: c.failed };
        for (const [status, n] of Object.entries(c.deliveries)) deliveries[status] = (deliveries[status] ?? 0) + n;
      }
      const queued = deliveries.queued ?? 0;
      res.json({
        ok: true,
        version,
        db: store.client,
        queued,
        failed: deliveries.failed ?? 0,
        queue_depth: queued,
        deliveries,
        ...(ids.length > 1 ? { sites: each } : {}),
        ...(res.locals.root ? {} : { site: site.id }),
        uptime_s,
        ...(detailed ? { last_error: monitor.lastError } : {}),
      });
    } catch (error) {
      const message = detailed ? errorMessage(error) : 'The sidecar cannot read its database.';
      res.status(503).json({ ok: false, version, db: store.client, error: message, uptime_s });
    }
  });

  api.post('/deliveries/:id/process', async (req, res) => {
    const site = siteOf(res);
    if (!(await tokenAccepted(req, site))) {
      res.status(401).json({ error: 'unauthorized', message: 'A valid internal bearer token is required.' });
      return;
    }
    const id = /^[1-9]\d{0,14}$/.test(req.params.id) ? Number(req.params.id) : null;
    const outcome = id === null ? null : await processDelivery(id, site);
    if (!outcome) {
      res.status(404).json({ error: 'not_found', message: `There is no delivery ${clip(req.params.id, 20)}.` });
      return;
    }
    res.json(outcome);
  });

  // A booking tool posting straight to the sidecar (behind a proxy, or a benchmark): the delivery
  // row PHP would have written, processed in one go.
  api.post(
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
      // A secret presented as is rests only as its fingerprint (the same as PHP's route).
      for (const name of SECRET_HEADERS) if (headers[name] !== undefined) headers[name] = credentialAtRest(name, headers[name]);
      const outcome = await ingestDelivery(
        {
          provider,
          body: body.toString('utf8'),
          contentType: clip(req.get('content-type') ?? '', 128),
          headers: JSON.stringify(headers),
          receivedAt: toDbTime(clock()),
        },
        siteOf(res),
      );
      if (outcome) answer(res, outcome);
      else refuse(res, 500, 'internal', 'The delivery could not be processed.');
    },
  );

  const routes = express.Router();
  // Another site of a multisite network: only a positive number that the network's {prefix}blogs
  // lists as an undeleted site; anything else is a 404 before any of its tables is named.
  routes.use('/sites/:site', async (req: Request<{ site: string }>, res: Response, next: NextFunction) => {
    try {
      const id = /^[1-9]\d{0,9}$/.test(req.params.site) ? Number(req.params.site) : null;
      const siteStore = id === null ? null : await store.site(id);
      if (id === null || !siteStore) {
        res.status(404).json({ error: 'unknown_site', message: `There is no site ${clip(req.params.site, 20)} on this network.` });
        return;
      }
      res.locals.site = { id, store: siteStore } satisfies Site;
      next();
    } catch (error) {
      next(error);
    }
  }, api);
  routes.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.site = { id: 1, store } satisfies Site;
    res.locals.root = true;
    next();
  }, api);
  app.use(basePath, routes);

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
