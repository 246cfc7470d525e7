import { SignJWT } from 'jose';
import { authenticate, signToken, type JwtSettings, type Principal } from '../../api/auth';

const settings: JwtSettings = {
  secret: 'a-test-secret-that-is-long-enough-for-hs256',
  issuer: 'order-saga',
  audience: 'order-saga-api',
};

const tokenWith = (claims: Record<string, unknown>) =>
  new SignJWT({ role: 'USER', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('mallory')
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(settings.secret));

/** What the API makes of a token: the principal its routes see. */
async function principalOf(token: string): Promise<Principal | undefined> {
  const req = { headers: { authorization: `Bearer ${token}` } } as unknown as Parameters<
    ReturnType<typeof authenticate>
  >[0] & { principal?: Principal };
  await new Promise<void>((resolve, reject) =>
    authenticate(settings)(req, {} as never, (error?: unknown) => (error ? reject(error) : resolve())),
  );
  return req.principal;
}

test('order e-mails go to an address the identity provider verified, never to one a token merely names', async () => {
  expect((await principalOf(await tokenWith({ email: 'victim@example.com' })))?.email).toBeUndefined();
  expect(
    (await principalOf(await tokenWith({ email: 'victim@example.com', email_verified: false })))?.email,
  ).toBeUndefined();
  expect((await principalOf(await tokenWith({ email: 'me@example.com', email_verified: true })))?.email).toBe(
    'me@example.com',
  );
});

test("the local stack's tokens carry their people's addresses as verified", async () => {
  const token = await signToken(settings, { subject: 'alice', role: 'USER', email: 'alice@example.com' });
  expect((await principalOf(token))?.email).toBe('alice@example.com');
});
