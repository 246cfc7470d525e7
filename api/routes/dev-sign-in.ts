import { Router } from 'express';
import { z } from 'zod';
import { DEMO_SELLER } from '../../scripts/seed';
import { ROLES, signToken, type JwtSettings, type Principal } from '../auth';
import { notFound } from '../problem';
import { parse } from '../validate';
import { text } from '../../contracts/text';

/** The people of the local stack's demo: two customers, two sellers (the first owns the seeded catalog), an admin. */
export const DEMO_PEOPLE = [
  { id: 'alice', name: 'Alice', role: 'USER', email: 'alice@example.com' },
  { id: 'bob', name: 'Bob', role: 'USER', email: 'bob@example.com' },
  { id: DEMO_SELLER, name: 'Demo Seller', role: 'SELLER' },
  { id: 'sam-crafts', name: 'Sam Crafts', role: 'SELLER' },
  { id: 'ada', name: 'Ada (admin)', role: 'ADMIN' },
] as const satisfies ReadonlyArray<{ id: string; name: string; role: Principal['role']; email?: string }>;

export const DemoPerson = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  email: z.email().optional(),
});
export const DevSignIn = z.strictObject({ person: text().min(1).max(100) });

/**
 * Development only (mounted where `config.devSignIn` holds: NODE_ENV development or test, no JWT_JWKS_URL,
 * the API on loopback): pick a demo person and get a token signed with the stack's shared secret. A
 * deployment's tokens come from its identity provider.
 */
export function devSignInRouter(jwt: JwtSettings): Router {
  const router = Router();
  router.get('/people', (_req, res) => void res.json({ items: DEMO_PEOPLE }));
  router.post('/token', async (req, res) => {
    const { person } = parse(DevSignIn, req.body);
    const who = DEMO_PEOPLE.find((p) => p.id === person);
    if (!who) throw notFound(`no demo person is called "${person}"`);
    const principal: Principal = {
      subject: who.id,
      role: who.role,
      ...('email' in who ? { email: who.email } : {}),
    };
    res.json({ token: await signToken(jwt, principal), person: who });
  });
  return router;
}
