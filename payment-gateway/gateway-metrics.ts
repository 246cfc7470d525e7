import { processRegistry } from '../platform/metrics-server';
import type { RequestHandler } from 'express';
import { Counter } from 'prom-client';

const OUTCOME_BY_STATUS: Record<number, string> = { 200: 'approved', 201: 'approved', 402: 'declined' };

/**
 * The mock PSP's metrics: charges and refunds by outcome (approved, declined, replayed for a repeated
 * Idempotency-Key, failed for transient errors and refusals), counted from the answers it gives.
 */
export function createGatewayMetrics() {
  const registry = processRegistry();
  const counters = {
    charges: new Counter({
      name: 'gateway_charges_total',
      help: 'Charge requests answered, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    refunds: new Counter({
      name: 'gateway_refunds_total',
      help: 'Refund requests answered, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
  const middleware: RequestHandler = (req, res, next) => {
    const kind =
      req.method === 'POST'
        ? (/^\/v1\/(charges|refunds)$/.exec(req.path)?.[1] as 'charges' | 'refunds' | undefined)
        : undefined;
    if (kind)
      res.on('finish', () => {
        const outcome =
          res.get('Idempotent-Replayed') === 'true'
            ? 'replayed'
            : (OUTCOME_BY_STATUS[res.statusCode] ?? 'failed');
        counters[kind].inc({ outcome });
      });
    next();
  };
  return { registry, middleware };
}
