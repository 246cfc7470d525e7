import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { forbidden, unauthorized } from './problem';

export const ROLES = ['USER', 'SELLER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  subject: string;
  role: Role;
  /** From the token's `email` claim; where the customer's order e-mails go. */
  email?: string;
}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  email: z.email().max(254).optional(),
});

export interface JwtSettings {
  secret: string;
  issuer: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(
  settings: JwtSettings,
  principal: Principal,
  expiresIn = '12h',
): Promise<string> {
  return new SignJWT({ role: principal.role, ...(principal.email ? { email: principal.email } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(settings.issuer)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}

/** Reads the bearer token when present; routes decide with `requireRole` whether one is needed. */
export function authenticate(settings: JwtSettings): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(unauthorized('the Authorization header must be "Bearer <token>"'));
    try {
      const { payload } = await jwtVerify(match[1]!, key(settings.secret), {
        issuer: settings.issuer,
        algorithms: ['HS256'],
      });
      const claims = Claims.safeParse(payload);
      if (!claims.success) {
        const names = [...new Set(claims.error.issues.map((issue) => `"${String(issue.path[0])}"`))];
        return next(unauthorized(`the token's ${names.join(' and ')} claim is missing or not valid`));
      }
      const { sub, role, email } = claims.data;
      req.principal = { subject: sub, role, ...(email ? { email } : {}) };
      next();
    } catch (error) {
      next(unauthorized(`the bearer token is not valid: ${(error as Error).message}`));
    }
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal) return next(unauthorized('this endpoint needs a bearer token'));
    if (!roles.includes(req.principal.role)) {
      return next(
        forbidden(
          `this endpoint needs one of the roles ${roles.join(', ')}; the token has ${req.principal.role}`,
        ),
      );
    }
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    correlationId: string;
    requestId: string;
  }
}
