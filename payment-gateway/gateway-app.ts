import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '../platform/logger';
import { problem, send, type GatewayResponse } from './gateway-response';
import { handleErrors, logRequests, notFound } from './http-plumbing';
import type { Knex } from 'knex';
import { requireBearerKey } from './bearer-key';
import { createDrill } from './drill';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency-store';
import { ledger } from './ledger';
import { createPayments } from './payments';
import { ChargeRequest, describeIssues, IdempotencyKey, ListChargesQuery, RefundRequest } from './schemas';

export interface GatewayAppOptions {
  /** The gateway's books (schema payment_gateway); they outlive the process, as a PSP's do. */
  db: Knex;
  logger: Logger;
  /** How long `tok_slow` takes to approve. */
  slowDelayMs?: number;
  /** Counts the answers (see gateway-metrics.ts). */
  metrics?: RequestHandler;
  /** The merchant's secret key (PAYMENT_GATEWAY_API_KEY): every /v1 call must carry it. */
  apiKey?: string;
  /** The failure-drill control's key (PAYMENT_DRILL_KEY); without it no drill can start. */
  drillKey?: string;
}

export const DEFAULT_SLOW_DELAY_MS = 1500;

/** The mock PSP as an express app; its books live in PostgreSQL and survive restarts. */
export function createGatewayApp({
  db,
  logger,
  slowDelayMs = DEFAULT_SLOW_DELAY_MS,
  metrics,
  apiKey,
  drillKey,
}: GatewayAppOptions) {
  const payments = createPayments({ slowDelayMs });
  const drill = createDrill({ drillKey });
  const app = express();
  app.disable('x-powered-by');
  app.use(logRequests(logger));
  if (metrics) app.use(metrics);
  app.use(express.json());

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Keys are scoped per endpoint, so a charge and its refund may share a business key.
  app.use('/admin/drill', drill.control);
  // Charges, refunds and the books answer only the merchant (the order workers), as at a real PSP.
  app.use('/v1', requireBearerKey(apiKey, 'The merchant key (PAYMENT_GATEWAY_API_KEY)'));
  app.post(
    '/v1/charges',
    drill.onCharge,
    idempotentPost(ChargeRequest, createIdempotencyStore(db, 'charges'), payments.charge),
  );
  app.post(
    '/v1/refunds',
    idempotentPost(RefundRequest, createIdempotencyStore(db, 'refunds'), payments.refund),
  );

  app.get('/v1/charges', async (req, res) => {
    const query = ListChargesQuery.safeParse(req.query);
    if (!query.success) return send(res, invalid('Invalid query', query.error));
    res.json({ items: await ledger.listCharges(db, query.data.orderId) });
  });

  app.get('/v1/charges/:id', async (req, res) => {
    const charge = await ledger.findCharge(db, req.params.id);
    if (!charge) {
      return send(
        res,
        problem(404, 'charge-not-found', 'Charge not found', `No charge has the id ${req.params.id}.`),
      );
    }
    res.json(charge);
  });

  app.use(notFound);
  app.use(handleErrors(logger));
  return app;
}

function idempotentPost<T extends object>(
  schema: z.ZodType<T>,
  store: IdempotencyStore,
  handle: (request: T, attempt: number, trx: Knex.Transaction) => Promise<GatewayResponse>,
): RequestHandler {
  return async (req, res) => {
    const key = IdempotencyKey.safeParse(req.get('Idempotency-Key'));
    if (!key.success) {
      return send(
        res,
        problem(400, 'missing-idempotency-key', 'Idempotency-Key required', describeIssues(key.error)),
      );
    }
    const body = schema.safeParse(req.body);
    if (!body.success) return send(res, invalid('Invalid request body', body.error));
    const request = body.data;
    const outcome = await store.execute(key.data, fingerprint(request), (attempt, trx) =>
      handle(request, attempt, trx),
    );
    if (outcome.kind === 'mismatch') {
      return send(
        res,
        problem(
          422,
          'idempotency-key-reused',
          'Idempotency-Key reused',
          'This Idempotency-Key was already used with a different request body.',
        ),
      );
    }
    if (outcome.kind === 'replayed') res.set('Idempotent-Replayed', 'true');
    send(res, outcome.response);
  };
}

/** Key order must not matter when deciding whether two bodies are the same request. */
function fingerprint(request: object): string {
  return JSON.stringify(request, Object.keys(request).sort());
}

function invalid(title: string, error: z.ZodError): GatewayResponse {
  return problem(400, 'invalid-request', title, describeIssues(error));
}
