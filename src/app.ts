/**
 * The HTTP edge: routes, body parsing, security headers, and the one error handler. Handlers
 * call the pure pipeline (src/hooks/invoke.ts) and write its value.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import { ServiceError, toHttp } from './errors.js';
import type { Logger } from './logger.js';
import type { TemplateSet } from './cards/templates.js';
import { parseFeedback } from './hooks/feedback-schema.js';
import { findService, invokeService } from './hooks/invoke.js';
import { discoveryDocument } from './hooks/services.js';
import { projectPath } from './project-root.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  templates: TemplateSet;
  /** The clock, passed in so tests can fix "today". */
  now?: () => Date;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(requestLog(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/cds-services', (_req, res) => {
    res.json(discoveryDocument());
  });

  const parseJson = express.json({ limit: config.bodyLimit, type: JSON_TYPES, strict: true });

  app.post('/cds-services/:id', requireJson, parseJson, async (req, res) => {
    const result = await invokeService(String(req.params.id), req.body, { config, templates: deps.templates, now });
    res.locals.serviceId = result.service.id;
    res.locals.cards = result.cards.length;
    res.json({ cards: result.cards });
  });

  app.post('/cds-services/:id/feedback', requireJson, parseJson, (req, res) => {
    findService(String(req.params.id));
    const entries = parseFeedback(req.body);
    res.json({ received: entries.length });
  });

  app.get('/docs/rules.md', (_req, res) => {
    res.type('text/markdown').sendFile(projectPath('docs', 'rules.md'));
  });

  app.use((req, _res, next) => next(new ServiceError('NOT_FOUND', `no route for ${req.method} ${req.path.slice(0, 100)}`)));
  app.use(errorHandler(logger));
  return app;
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(JSON_TYPES)) {
    next(new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON (Content-Type: application/json)'));
    return;
  }
  next();
}

/** Logs method, route, status and duration only: never bodies, headers, tokens or patient ids. */
function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info(
        {
          method: req.method,
          route: routeLabel(req.path),
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
  if (path === '/cds-services' || path === '/healthz' || path === '/metrics') return path;
  if (/^\/cds-services\/[^/]+\/feedback$/.test(path)) return '/cds-services/:id/feedback';
  if (/^\/cds-services\/[^/]+$/.test(path)) return '/cds-services/:id';
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
