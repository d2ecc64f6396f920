/**
 * Starts the sidecar: config, database, HTTP on SIDECAR_HOST:SIDECAR_PORT (or a Unix socket), the
 * drain over every site of the database, graceful shutdown.
 */
import { createApp, createAppServer, type Site } from './app';
import { loadConfig, packageVersion } from './config';
import { startDrainer } from './drain';
import { describeAddress, listen } from './listen';
import { errorMessage, log } from './log';
import { createMonitor, logged } from './monitor';
import { loadPipeline } from './pipeline';
import { ingestDelivery, processDelivery } from './process';
import { openStore } from './store';
import type { NewDelivery } from './store/types';

function exitWith(message: string): never {
  process.stderr.write(`solar-capture sidecar: ${message}\n`);
  process.exit(1);
}

function boot() {
  const config = loadConfig();
  return { config, pipeline: loadPipeline(config.pipelineFile), store: openStore(config.db, config.tablePrefix) };
}

function main(): void {
  let booted: ReturnType<typeof boot>;
  try {
    booted = boot();
  } catch (error) {
    exitWith(errorMessage(error));
  }
  const { config, pipeline, store } = booted;
  const version = packageVersion();

  const monitor = createMonitor();
  // Each delivery is processed on the tables of the site it was stored for.
  const ctxOf = (site: Site) => ({ store: site.store, pipeline, env: config.env });
  const processStored = (id: number, site: Site) => processDelivery(ctxOf(site), id);
  const server = createAppServer(
    createApp({
      store,
      version,
      monitor,
      processDelivery: logged(monitor, 'http', processStored),
      ingestDelivery: logged(monitor, 'ingest', (delivery: NewDelivery, site: Site) => ingestDelivery(ctxOf(site), delivery)),
      basePath: config.basePath,
      requireToken: config.requireToken,
    }),
  );
  const address = config.socket ? { socket: config.socket } : { host: config.host, port: config.port };
  listen(server, address).then(
    () => log('info', 'sidecar listening', { ...address, basePath: config.basePath, requireToken: config.requireToken, db: store.client, version }),
    (error) => exitWith(`cannot listen on ${describeAddress(address)}: ${errorMessage(error)}`),
  );
  const drainer = startDrainer(
    store,
    { intervalMs: config.drainIntervalMs, retentionDays: config.retentionDays },
    logged(monitor, 'drain', processStored),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'sidecar stopping', { signal });
    // Stop accepting, let in-flight requests and the drain round finish, then close the database.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    Promise.all([closed, drainer.stop()])
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error) => exitWith(`shutdown failed: ${errorMessage(error)}`),
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main();
