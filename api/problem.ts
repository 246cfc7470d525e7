import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { type z } from 'zod';
import type { Logger } from '../platform/logger';

/** An error that becomes an RFC 9457 `application/problem+json` response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(400, 'Bad Request', detail, extra);
export const unprocessable = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(422, 'Unprocessable Content', detail, extra);
export const notFound = (detail: string) => new HttpProblem(404, 'Not Found', detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new HttpProblem(409, 'Conflict', detail, extra);
export const unauthorized = (detail: string) => new HttpProblem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
/** A dependency is away; nothing was changed. `Retry-After` tells a client when trying again makes sense. */
export const unavailable = (detail: string, retryAfterS = 5, extra: Record<string, unknown> = {}) =>
  new HttpProblem(
    503,
    'Service Unavailable',
    detail,
    { retryAfterSeconds: retryAfterS, ...extra },
    { 'Retry-After': String(retryAfterS) },
  );
/** Load shed before anything was recorded: the client should come back after `retryAfterS`. */
export const overloaded = (detail: string, retryAfterS: number) =>
  new HttpProblem(
    503,
    'Service Unavailable',
    detail,
    { retryAfterSeconds: retryAfterS },
    {
      'Retry-After': String(retryAfterS),
    },
  );

/** One caller over its own limit (others are served): it should come back after `retryAfterS`. */
export const tooManyRequests = (detail: string, retryAfterS: number, extra: Record<string, unknown> = {}) =>
  new HttpProblem(
    429,
    'Too Many Requests',
    detail,
    { retryAfterSeconds: retryAfterS, ...extra },
    { 'Retry-After': String(retryAfterS) },
  );

export function sendProblem(res: Response, problem: HttpProblem, instance?: string) {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://order-saga.dev/problems/${problem.title.toLowerCase().replace(/\s+/g, '-')}`,
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      ...(instance ? { instance } : {}),
      ...problem.extra,
    });
}

/** Turns a zod failure into a 422 whose `errors` name each offending field. */
export function fromZod(error: z.ZodError, where = 'body'): HttpProblem {
  const errors = error.issues.map((issue) => ({
    field: [where, ...issue.path].join('.'),
    message: issue.message,
  }));
  return unprocessable(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

export const notFoundRoute: RequestHandler = (req, _res, next) =>
  next(notFound(`no route for ${req.method} ${req.path}`));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (error instanceof HttpProblem) return sendProblem(res, error, req.originalUrl);
    // body-parser errors: malformed JSON, wrong content type, too large.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail =
        (error as { type?: string }).type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : (error as Error).message;
      return sendProblem(
        res,
        new HttpProblem(status, status === 413 ? 'Content Too Large' : 'Bad Request', detail),
        req.originalUrl,
      );
    }
    if (isDependencyOutage(error)) {
      logger.warn('a dependency is unavailable', { error, path: req.originalUrl, ...idsOf(req) });
      return sendProblem(
        res,
        unavailable('a backing service is unavailable; nothing was changed, retry later'),
        req.originalUrl,
      );
    }
    if (isContention(error)) {
      logger.warn('gave up waiting for a lock', { error, path: req.originalUrl, ...idsOf(req) });
      return sendProblem(
        res,
        unavailable(
          'another request holds what this one needs (an order of the same customer still being placed, say) and did not finish in time; nothing was changed, retry shortly',
          1,
        ),
        req.originalUrl,
      );
    }
    logger.error('unhandled error', { error, path: req.originalUrl, ...idsOf(req) });
    sendProblem(
      res,
      new HttpProblem(500, 'Internal Server Error', 'something went wrong on our side'),
      req.originalUrl,
    );
  };
}

/** The request's correlation and request ids, for its log lines. */
const idsOf = (req: { correlationId?: string; requestId?: string }) => ({
  correlationId: req.correlationId,
  requestId: req.requestId,
});

/**
 * PostgreSQL gave up waiting (lock_not_available after `lock_timeout`, query_canceled after
 * `statement_timeout`): the transaction rolled back, and the same request may succeed a moment later.
 */
function isContention(error: unknown): boolean {
  return ['55P03', '57014'].includes((error as { code?: string }).code ?? '');
}

/** Connection-level failures of PostgreSQL (or any socket): the request may be retried as it is. */
function isDependencyOutage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error)?.message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code) ||
    /Timeout acquiring a connection|Connection terminated/.test(message)
  );
}
