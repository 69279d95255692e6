/**
 * The HTTP edge: routes, body parsing, security headers, and the one error handler. Handlers
 * call the pure pipeline (src/hooks/invoke.ts) and write its value.
 */
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from './config.js';
import { ServiceError, toHttp } from './errors.js';
import { isValidIsoDate } from './fhir-mapping/dates.js';
import type { Logger } from './logger.js';
import type { TemplateSet } from './cards/templates.js';
import { parseFeedback } from './hooks/feedback-schema.js';
import { findService, invokeService } from './hooks/invoke.js';
import { createFhirDispatcher } from './hooks/fhir-fetch.js';
import type { Dispatcher } from 'undici';
import { DISCOVERY_JSON } from './hooks/services.js';
import { projectPath } from './project-root.js';
import { demoRouter } from './demo/routes.js';
import type { AuthenticatedClient, ClientAuthenticator } from './security/client-auth.js';
import { Metrics } from './metrics.js';
import type { FeedbackStore } from './store/index.js';
import { patientHash } from './store/feedback-rows.js';
import { CardLogWriter } from './store/card-log-writer.js';
import type { InvokeResult } from './hooks/invoke.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  templates: TemplateSet;
  /** The clock, passed in so tests can fix "today". */
  now?: () => Date;
  /** Client authentication; absent in local development without NETCDS_CLIENTS. */
  auth?: ClientAuthenticator;
  /** Card log and feedback store; without one, feedback is validated but not kept. */
  store?: FeedbackStore;
  /** Writes the card log to `store` (the caller flushes it on shutdown); made here when absent. */
  cardLog?: CardLogWriter;
  /** FHIR connection pool (the caller closes it on shutdown); made here when absent. */
  fhirDispatcher?: Dispatcher;
  metrics?: Metrics;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const metrics = deps.metrics ?? new Metrics();
  const dispatcher = deps.fhirDispatcher ?? createFhirDispatcher(config.fhir.maxConnections);
  const cardLog = deps.cardLog ?? (deps.store ? cardLogWriter(deps.store, metrics, logger) : undefined);
  const app = express();
  app.disable('x-powered-by');
  // CDS answers are never cached, so no ETag (it would hash every response body).
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(requestLog(logger, metrics));
  // CORS before authentication: a browser's preflight carries no Authorization header.
  if (config.corsOrigins.length > 0) app.use(corsFor(config.corsOrigins));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const authenticate = clientAuthentication(deps.auth, config.publicBaseUrl);
  const limit = rateLimitFor(config.rateLimitPerMinute);

  app.get('/cds-services', authenticate, limit, (_req, res) => {
    res.type('application/json').send(DISCOVERY_JSON);
  });

  const parseJson = express.json({ limit: config.bodyLimit, type: JSON_TYPES, strict: true });

  app.post('/cds-services/:id', authenticate, limit, parseJson, requireJson, async (req, res) => {
    const checkFhirServer = fhirServerPolicy(deps.auth, res.locals.client as AuthenticatedClient | undefined, config.production);
    const result = await invokeService(String(req.params.id), req.body, { config, templates: deps.templates, now, checkFhirServer, dispatcher });
    res.locals.serviceId = result.service.id;
    res.locals.cards = result.cards.length;
    res.json({ cards: result.cards });
    recordIssuedCards(result, { writer: cardLog, metrics, patientHashKey: config.store.patientHashKey, issuedAt: now().toISOString() });
  });

  app.post('/cds-services/:id/feedback', authenticate, limit, parseJson, requireJson, async (req, res) => {
    const service = findService(String(req.params.id));
    res.locals.serviceId = service.id;
    const entries = parseFeedback(req.body);
    if (!deps.store) {
      res.json({ received: entries.length });
      return;
    }
    let written;
    try {
      written = await deps.store.recordFeedback(service.id, entries, now().toISOString());
    } catch (err) {
      metrics.feedbackFailures.inc(entries.length);
      logger.error({ err, errorCode: 'STORE_UNAVAILABLE' }, 'feedback write failed');
      // Not acknowledged, so the client can send it again.
      throw new ServiceError('STORE_UNAVAILABLE', 'feedback could not be stored; retry later');
    }
    metrics.feedbackWrites.inc(written.stored);
    res.json({ received: entries.length, ...written });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/admin/report', authenticate, async (req, res) => {
    if (!deps.store) throw new ServiceError('NOT_FOUND', 'no feedback store is configured');
    const range = reportRange(req.query.from, req.query.to);
    res.json({ ...range, rules: await deps.store.report(range) });
  });

  app.get('/docs/rules.md', (_req, res) => {
    res.type('text/markdown').sendFile(projectPath('docs', 'rules.md'));
  });

  if (config.demoMode) app.use(demoRouter({ now, clinical: config.clinical, publicBaseUrl: config.publicBaseUrl }));

  app.use((req, _res, next) => next(new ServiceError('NOT_FOUND', `no route for ${req.method} ${req.path.slice(0, 100)}`)));
  app.use(errorHandler(logger));
  return app;
}

/**
 * JWT client authentication on every CDS call. The audience is the URL of the called endpoint
 * under PUBLIC_BASE_URL; for feedback the service URL is accepted too (clients differ).
 */
function clientAuthentication(auth: ClientAuthenticator | undefined, publicBaseUrl: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!auth) return next();
    const endpoint = `${publicBaseUrl}${req.path.replace(/\/+$/, '')}`;
    const audiences = endpoint.endsWith('/feedback') ? [endpoint, endpoint.slice(0, -'/feedback'.length)] : [endpoint];
    try {
      res.locals.client = await auth.authenticate(req.get('authorization'), audiences);
      next();
    } catch (err) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      next(err);
    }
  };
}

/** The fhirServer a request names must be listed for the authenticated client (SSRF guard); https in production. */
function fhirServerPolicy(auth: ClientAuthenticator | undefined, client: AuthenticatedClient | undefined, production: boolean) {
  return (fhirServer: string) => {
    if (production && !fhirServer.startsWith('https://')) {
      throw new ServiceError('FHIR_SERVER_NOT_ALLOWED', 'fhirServer must use https', [{ path: 'fhirServer', message: 'must use https' }]);
    }
    if (auth && client && !auth.allowsFhirServer(client.client, fhirServer)) {
      throw new ServiceError('FHIR_SERVER_NOT_ALLOWED', 'fhirServer is not registered for this client', [
        { path: 'fhirServer', message: 'is not registered for this client (NETCDS_CLIENTS fhirServers)' },
      ]);
    }
  };
}

function corsFor(origins: string[]) {
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && origins.includes(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
}

/** Per authenticated client (its iss), per minute; off when not configured. */
function rateLimitFor(perMinute: number | undefined) {
  if (!perMinute) return (_req: Request, _res: Response, next: NextFunction) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => (res.locals.client as AuthenticatedClient | undefined)?.iss ?? 'local',
    handler: (_req, _res, next) => next(new ServiceError('RATE_LIMITED', 'too many requests from this client; retry later')),
  });
}

/** After the JSON parser: a body it did not parse was not JSON (checked once, by the parser's own type test). */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (req.body === undefined) {
    next(new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON (Content-Type: application/json)'));
    return;
  }
  next();
}

/** The card log writer of a store: a failed write is counted and logged, never thrown. */
export function cardLogWriter(store: FeedbackStore, metrics: Metrics, logger: Logger): CardLogWriter {
  return new CardLogWriter(store, (err, lost) => {
    metrics.cardLogFailures.inc(lost);
    logger.error({ err, errorCode: 'CARD_LOG_WRITE_FAILED' }, 'card log write failed');
  });
}

/**
 * After the answer has gone: count the cards and the FHIR fallback queries, and write the card
 * log. A failed write is logged and counted; it never touches the response.
 */
function recordIssuedCards(
  result: InvokeResult,
  o: { writer?: CardLogWriter; metrics: Metrics; patientHashKey?: string; issuedAt: string },
): void {
  for (const card of result.cards) o.metrics.cards.inc({ rule_id: card.extension['org.netcds'].ruleId, indicator: card.indicator });
  o.metrics.fhirQueries.inc(result.stats.fallbackQueries);
  o.metrics.fhirFailures.inc(result.stats.fallbackFailures);
  const writer = o.writer;
  if (!writer || result.cards.length === 0) return;
  const hash = patientHash(result.request.context.patientId, o.patientHashKey);
  const entries = result.cards.map((card) => ({
    cardUuid: card.uuid,
    ruleId: card.extension['org.netcds'].ruleId,
    serviceId: result.service.id,
    hook: result.request.hook,
    hookInstance: result.request.hookInstance,
    indicator: card.indicator,
    issuedAt: o.issuedAt,
    ...(hash ? { patientHash: hash } : {}),
  }));
  writer.enqueue(entries);
}

function reportRange(from: unknown, to: unknown): { from?: string; to?: string } {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && (typeof value !== 'string' || !isValidIsoDate(value))) {
      throw new ServiceError('INVALID_HOOK_REQUEST', `${name} must be a date YYYY-MM-DD`, [{ path: name, message: 'must be a date YYYY-MM-DD' }]);
    }
  }
  return { ...(typeof from === 'string' ? { from } : {}), ...(typeof to === 'string' ? { to } : {}) };
}

/** Logs method, route, status and duration only: never bodies, headers, tokens or patient ids. */
function requestLog(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const route = routeLabel(req.path);
      const labels = { route, service: String(res.locals.serviceId ?? ''), status: String(res.statusCode) };
      metrics.requests.inc(labels);
      metrics.latency.observe(labels, ms / 1000);
      logger.info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(res.locals.serviceId ? { serviceId: res.locals.serviceId, cards: res.locals.cards } : {}),
          ...(res.locals.errorCode ? { errorCode: res.locals.errorCode } : {}),
        },
        'request',
      );
    });
    next();
  };
}

/** A path reduced to its route shape, so an attacker-chosen path never reaches the log verbatim. */
function routeLabel(path: string): string {
  if (path === '/cds-services' || path === '/healthz' || path === '/metrics' || path === '/admin/report') return path;
  if (/^\/cds-services\/[^/]+\/feedback$/.test(path)) return '/cds-services/:id/feedback';
  if (/^\/cds-services\/[^/]+$/.test(path)) return '/cds-services/:id';
  if (path.startsWith('/demo')) return '/demo';
  return 'other';
}

function errorHandler(logger: Logger) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const http = toHttp(err);
    res.locals.errorCode = http.code;
    if (http.status >= 500) logger.error({ errorCode: http.code, err: (err as { cause?: unknown })?.cause ?? err }, 'request failed');
    res.status(http.status).type('application/json').send(JSON.stringify(http.body));
  };
}
