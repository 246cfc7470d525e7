import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { forbidden, unauthorized } from './problem';

export const ROLES = ['USER', 'SELLER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  subject: string;
  role: Role;
}

const Claims = z.object({ sub: z.string().min(1).max(200), role: z.enum(ROLES) });

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
  return new SignJWT({ role: principal.role })
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
      if (!claims.success) return next(unauthorized('the token lacks a valid "sub" or "role" claim'));
      req.principal = { subject: claims.data.sub, role: claims.data.role };
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
