import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { CatalogActivities } from '../activities/catalog';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { authenticate, requireRole } from './auth';
import type { LiveUpdates } from './live-updates';
import { createCallerLimits } from './caller-limits';
import { correlation } from './correlation';
import { httpSpans } from './http-spans';
import { createMetrics, type ApiMetrics } from './metrics';
import { methodNotAllowed } from './method-not-allowed';
import { buildOpenApi } from './openapi';
import type { OrderService } from './order-service';
import { errorHandler, notFoundRoute, unavailable } from './problem';
import { healthRouter, type ReadinessCheck } from './routes/health';
import { ordersRouter } from './routes/orders';
import { productsRouter } from './routes/products';
import { adminRouter } from './routes/admin';
import { devSignInRouter } from './routes/dev-sign-in';
import { serveApiReference, serveDashboard } from './web';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Knex;
  orders: OrderService;
  catalog: CatalogActivities;
  readiness: Record<string, ReadinessCheck>;
  /** Server-Sent Events of read-model changes; `GET /live` answers 503 without it. */
  live?: LiveUpdates;
  /** Served on the operator port by the caller; made here when the caller has none (tests). */
  metrics?: ApiMetrics;
}

export function createApp({
  config,
  logger,
  db,
  orders,
  catalog,
  readiness,
  live,
  metrics = createMetrics(db),
}: AppDeps): Express {
  const { devSignIn } = config;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Browser security headers on every answer (CSP, nosniff, frame and referrer policies). The local stack
  // is served over plain http, so the CSP does not ask browsers to upgrade requests to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(metrics.middleware);
  app.use(correlation);
  app.use(httpSpans);
  const openApi = buildOpenApi({ devSignIn });
  app.get('/openapi.json', (_req, res) => void res.json(openApi));
  app.use('/docs', serveApiReference(openApi));
  app.use('/health', healthRouter(readiness));
  app.use(express.json({ limit: '64kb', strict: true }));
  if (devSignIn) app.use('/dev', devSignInRouter(config.jwt));
  app.use(authenticate(config.jwt));
  app.use(
    '/orders',
    ordersRouter(orders, createCallerLimits(config.callerLimits, metrics.callerLimitRefused)),
  );
  app.use('/products', productsRouter({ db, catalog }));
  app.use('/admin', adminRouter({ db, config }));
  app.get('/live', requireRole('USER', 'SELLER', 'ADMIN'), (req, res, next) => {
    if (!live) throw unavailable('live updates are not running in this process');
    live.stream(req, res, next);
  });
  serveDashboard(app, config.web.distDir);
  app.use(methodNotAllowed(openApi.paths));
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
}
