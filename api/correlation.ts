import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request gets an id; the correlation id comes from `X-Correlation-Id` when it is usable. */
export const correlation: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-correlation-id');
  req.requestId = randomUUID();
  req.correlationId = incoming && SAFE_ID.test(incoming) ? incoming : req.requestId;
  res.setHeader('X-Correlation-Id', req.correlationId);
  res.setHeader('X-Request-Id', req.requestId);
  // Not withCorrelation(): an AsyncLocalStorage scope per request made placements queue and shed at
  // 10/s in the bench (README, Performance); the API's request log lines name the ids themselves.
  next();
};
