import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { problem, send } from './gateway-response';

/** Compared as digests, so neither the length nor the first differing byte leaks through timing. */
const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Admits a request whose `Authorization: Bearer` carries `key`, as a PSP admits its merchant's secret
 * key; anything else is a 401 problem. Without a key configured nothing is admitted.
 */
export function requireBearerKey(key: string | undefined, what: string): RequestHandler {
  const expected = key === undefined ? undefined : digest(key);
  return (req, res, next) => {
    const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (expected && given && timingSafeEqual(digest(given), expected)) return next();
    send(res, problem(401, 'unauthorized', 'Unauthorized', `${what} is required as a bearer token.`));
  };
}
