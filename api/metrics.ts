import { processRegistry } from '../platform/metrics-server';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram } from 'prom-client';

export function createMetrics(db?: Knex) {
  const registry = processRegistry();
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const problems = new Counter({
    name: 'http_problems_total',
    help: 'problem+json responses by status',
    labelNames: ['status'],
    registers: [registry],
  });

  if (db) {
    // Cancelled after payment, but the PSP refused the refund: money an operator must settle by hand.
    new Gauge({
      name: 'orders_refund_failed',
      help: 'Orders cancelled after payment whose refund the payment gateway refused (reason refund_failed)',
      registers: [registry],
      async collect() {
        const row = await db('orders.orders').where({ reason: 'refund_failed' }).count({ n: '*' }).first();
        this.set(Number(row?.n ?? 0));
      },
    });
  }

  const sagaStarts = new Counter({
    name: 'orders_saga_starts_total',
    help: 'OrderSaga workflows started for new orders (a replayed Idempotency-Key starts none)',
    registers: [registry],
  });
  const updates = new Counter({
    name: 'orders_updates_total',
    help: 'Payment, cancel and fulfil requests sent to sagas, by update and outcome (done, in_progress, refused, closed, failed)',
    labelNames: ['update', 'outcome'],
    registers: [registry],
  });
  const callerLimitRefusals = new Counter({
    name: 'api_caller_limit_refusals_total',
    help: 'Requests refused with 429 because their caller was over a per-caller limit, by limit (placements, queries, cardAttempts, inFlight)',
    labelNames: ['limit'],
    registers: [registry],
  });
  /** What the order service reports, for the counters above. */
  const orders = {
    started: () => sagaStarts.inc(),
    update: (update: string, outcome: string) => updates.inc({ update, outcome }),
  };

  /** Routes are labelled by their pattern, never by ids, to keep the series count bounded. */
  const middleware: RequestHandler = (req, res, next) => {
    const stop = requests.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      stop({ route, status: String(res.statusCode) });
      if (res.statusCode >= 400) problems.inc({ status: String(res.statusCode) });
    });
    next();
  };

  const endpoint: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return {
    middleware,
    endpoint,
    registry,
    orders,
    callerLimitRefused: (limit: string) => callerLimitRefusals.inc({ limit }),
  };
}

export type ApiMetrics = ReturnType<typeof createMetrics>;
