/**
 * Process entry point: read and validate configuration, load card templates, listen, and shut
 * down gracefully on SIGTERM/SIGINT (in-flight requests finish, then the process exits).
 */
import type { Server } from 'node:http';
import { cardLogWriter, createApp } from './app.js';
import { createFhirDispatcher } from './hooks/fhir-fetch.js';
import { loadTemplates } from './cards/templates.js';
import { loadConfig } from './config.js';
import { createLogger, stdoutDestination } from './logger.js';
import { ClientAuthenticator } from './security/client-auth.js';
import { loadClients } from './security/clients.js';
import { Metrics } from './metrics.js';
import { openStore, type FeedbackStore } from './store/index.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    // Configuration errors name the setting; they are printed and the process stops.
    process.stderr.write(`netcds: ${(err as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logDestination = stdoutDestination();
  const logger = createLogger(config.logLevel, logDestination);
  let auth: ClientAuthenticator | undefined;
  try {
    auth = config.clientsFile
      ? new ClientAuthenticator({
          clients: loadClients(config.clientsFile, config.production),
          maxLifetimeSeconds: config.jwt.maxLifetimeSeconds,
          clockToleranceSeconds: config.jwt.clockToleranceSeconds,
        })
      : undefined;
  } catch (err) {
    process.stderr.write(`netcds: ${(err as Error).message}\n`);
    process.exit(78);
  }
  if (!auth) {
    logger.warn(
      { host: config.host },
      'LOCAL DEVELOPMENT MODE: NETCDS_CLIENTS is not set, CDS clients are not authenticated and any fhirServer is called. Bound to loopback only; never expose this to a network.',
    );
  }
  const templates = loadTemplates();
  let store: FeedbackStore;
  try {
    store = await openStore(config);
  } catch (err) {
    logger.fatal({ err }, `the feedback store could not be opened (${config.store.databaseUrl ? 'DATABASE_URL' : `FEEDBACK_DB_PATH=${config.store.sqlitePath}`})`);
    logDestination.flushSync();
    process.exit(1);
  }
  const metrics = new Metrics({ defaultMetrics: true });
  const cardLog = cardLogWriter(store, metrics, logger);
  const fhirDispatcher = createFhirDispatcher(config.fhir.maxConnections);
  const app = createApp({ config, logger, templates, store, cardLog, fhirDispatcher, metrics, ...(auth ? { auth } : {}) });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ host: config.host, port, env: config.env, store: store.kind }, `netcds listening on http://${config.host}:${port}`);
    // Start-up lines are written at once (operators and supervisors wait for them).
    logDestination.flushSync();
  });
  server.on('error', (err) => {
    logger.fatal({ err }, 'could not listen');
    logDestination.flushSync();
    process.exit(1);
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void cardLog
        .flush()
        .then(() => Promise.all([store.close(), fhirDispatcher.close()]))
        .finally(() => {
          logDestination.flushSync();
          process.exit(0);
        });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
