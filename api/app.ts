import express, { type Express } from 'express';
import type { Knex } from 'knex';
import type { CatalogActivities } from '../activities/catalog';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { authenticate } from './auth';
import { correlation } from './correlation';
import { httpSpans } from './http-spans';
import { createMetrics, type ApiMetrics } from './metrics';
import { methodNotAllowed } from './method-not-allowed';
import { buildOpenApi } from './openapi';
import type { OrderService } from './order-service';
import { errorHandler, notFoundRoute } from './problem';
import { healthRouter, type ReadinessCheck } from './routes/health';
import { ordersRouter } from './routes/orders';
import { productsRouter } from './routes/products';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Knex;
  orders: OrderService;
  catalog: CatalogActivities;
  readiness: Record<string, ReadinessCheck>;
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
  metrics = createMetrics(db),
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(metrics.middleware);
  app.use(correlation);
  app.use(httpSpans);
  const openApi = buildOpenApi();
  app.get('/openapi.json', (_req, res) => void res.json(openApi));
  app.use('/health', healthRouter(readiness));
  app.use(express.json({ limit: '64kb', strict: true }));
  app.use(authenticate(config.jwt));
  app.use('/orders', ordersRouter(orders));
  app.use('/products', productsRouter({ db, catalog }));
  app.use(methodNotAllowed(openApi.paths));
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
}
