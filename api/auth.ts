import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { forbidden, unauthorized } from './problem';
import { text } from '../contracts/text';

export const ROLES = ['USER', 'SELLER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  subject: string;
  role: Role;
  /**
   * From the token's `email` claim, only when its `email_verified` claim is true: where the customer's
   * order e-mails go. An address nobody proved to own would let a caller mail strangers.
   */
  email?: string;
  /** When the token expires (its `exp`, epoch ms): a stream opened with it ends then. */
  expiresAt?: number;
}

const Claims = z.object({
  sub: text().min(1).max(200),
  role: z.enum(ROLES),
  email: z.email().max(254).optional(),
  email_verified: z.boolean().optional(),
});

/** How tokens are signed and checked: `Config['jwt']`, or the part of it a token minter needs. */
export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  clockToleranceS?: number;
}

/** What an identity provider signs with; HS256 is the shared-secret alternative. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

const key = (secret: string) => new TextEncoder().encode(secret);

/** A token for the local stack and the tests, signed with the shared secret. */
export async function signToken(
  settings: Pick<JwtSettings, 'secret' | 'issuer' | 'audience'>,
  principal: Principal,
  expiresIn = '12h',
): Promise<string> {
  if (!settings.secret)
    throw new Error('no JWT_SECRET is set: tokens come from the identity provider (JWT_JWKS_URL)');
  return new SignJWT({
    role: principal.role,
    // The local stack and the tests know their people's addresses, as an identity provider would.
    ...(principal.email ? { email: principal.email, email_verified: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}

/**
 * Checks a token's signature (HS256 with the shared secret, or an asymmetric key from the identity
 * provider's key set, which jose fetches, caches and refetches when an unknown key id shows up, so
 * rotated keys are picked up), and then `iss`, `aud` and `exp`, which must be there.
 */
export function createTokenVerifier(settings: JwtSettings) {
  const keySet = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 5_000, timeoutDuration: 3_000 })
    : undefined;
  const secret = settings.secret ? key(settings.secret) : undefined;
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    clockTolerance: settings.clockToleranceS ?? 30,
    requiredClaims: ['exp', 'sub'],
  };
  return async (token: string): Promise<JWTPayload> => {
    const { alg } = decodeProtectedHeader(token);
    if (alg === 'HS256' && secret)
      return (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
    if (alg && ASYMMETRIC.includes(alg) && keySet)
      return (await jwtVerify(token, keySet, { ...options, algorithms: ASYMMETRIC })).payload;
    throw new Error(`tokens signed with "${String(alg)}" are not accepted here`);
  };
}

/** Reads the bearer token when present; routes decide with `requireRole` whether one is needed. */
export function authenticate(settings: JwtSettings): RequestHandler {
  const verify = createTokenVerifier(settings);
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(unauthorized('the Authorization header must be "Bearer <token>"'));
    try {
      const payload = await verify(match[1]!);
      const claims = Claims.safeParse(payload);
      if (!claims.success) {
        const names = [...new Set(claims.error.issues.map((issue) => `"${String(issue.path[0])}"`))];
        return next(unauthorized(`the token's ${names.join(' and ')} claim is missing or not valid`));
      }
      const { sub, role, email_verified: verified } = claims.data;
      const email = verified === true ? claims.data.email : undefined;
      req.principal = {
        subject: sub,
        role,
        ...(email ? { email } : {}),
        ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}),
      };
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
