import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withCorrelation } from '../platform/log-context';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request gets an id; the correlation id comes from `X-Correlation-Id` when it is usable. */
export const correlation: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-correlation-id');
  req.requestId = randomUUID();
  req.correlationId = incoming && SAFE_ID.test(incoming) ? incoming : req.requestId;
  res.setHeader('X-Correlation-Id', req.correlationId);
  res.setHeader('X-Request-Id', req.requestId);
  // Every log line written while handling the request carries its correlation id.
  withCorrelation(req.correlationId, next);
};
