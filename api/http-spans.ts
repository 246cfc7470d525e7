import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import {
  contextFrom,
  CORRELATION_ATTRIBUTE,
  CORRELATION_KEY,
  currentTracing,
  tracer,
} from '../platform/tracing';

/**
 * A server span per request (the root of an order's trace, or a child of the caller's `traceparent`),
 * named by its route once routing is done; the work the request does runs inside it.
 */
export const httpSpans: RequestHandler = (req, res, next) => {
  if (!currentTracing()) return next();
  const parent = contextFrom(req.headers);
  const span = tracer().startSpan(
    req.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': req.path,
        [CORRELATION_ATTRIBUTE]: req.correlationId,
      },
    },
    parent,
  );
  res.on('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span).setValue(CORRELATION_KEY, req.correlationId), next);
};
