import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../platform/logger';
import { problem, send } from './gateway-response';

export function logRequests(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = process.hrtime.bigint();
    res.on('finish', () => {
      logger.debug('request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        idempotencyKey: req.get('Idempotency-Key'),
        replayed: res.get('Idempotent-Replayed') === 'true',
        durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
      });
    });
    next();
  };
}

export const notFound: RequestHandler = (req, res) => {
  send(res, problem(404, 'not-found', 'Not found', `There is no route ${req.method} ${req.path}.`));
};

interface BodyParserError {
  status?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Client mistakes caught by the body parser become 4xx problems; only our own bugs are a 500. */
export function handleErrors(logger: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error.status;
    if (error.type === 'entity.parse.failed') {
      return send(
        res,
        problem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.'),
      );
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const detail = error.expose && error.message ? error.message : 'The request could not be read.';
      return send(res, problem(status, 'bad-request', 'Bad request', detail));
    }
    logger.error('request failed', { method: req.method, path: req.path, error });
    send(res, problem(500, 'internal-error', 'Internal error', 'The gateway failed to handle the request.'));
  };
}
