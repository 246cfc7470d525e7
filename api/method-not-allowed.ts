import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

/**
 * A request for a documented path with a method the path does not support answers 405 with `Allow`
 * (RFC 9110), not 404: the OpenAPI document says which methods exist, so the answer comes from it.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const routes = Object.entries(paths).map(([path, operations]) => {
    const methods = Object.keys(operations).map((m) => m.toUpperCase());
    return {
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      allow: methods.includes('GET') ? [...methods, 'HEAD'] : methods,
    };
  });
  return (req, _res, next) => {
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route || route.allow.includes(req.method)) return next();
    const allow = route.allow.join(', ');
    next(
      new HttpProblem(
        405,
        'Method Not Allowed',
        `${req.method} is not supported on ${req.path}; it allows ${allow}`,
        {},
        { Allow: allow },
      ),
    );
  };
}
