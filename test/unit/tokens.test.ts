import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { signToken } from '../../api/auth';
import { DEV_JWT_SECRET, parseConfig, type Config } from '../../platform/config';
import { startHttpLayer } from '../support/api-fakes';

/** An identity provider as far as the API sees it: a JWKS URL whose keys the test rotates. */
let jwks: { keys: JWK[] } = { keys: [] };
let jwksServer: Server;
let config: Config;
let api: ReturnType<typeof startHttpLayer>;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

async function newKey(kid: string, alg: 'RS256' | 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

beforeAll(async () => {
  await Promise.all([newKey('key-1', 'RS256'), newKey('key-2', 'ES256'), newKey('stranger', 'RS256')]);
  jwks = { keys: [keys['key-1']!.jwk] };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  config = parseConfig({
    ...process.env,
    JWT_JWKS_URL: `http://127.0.0.1:${port}/certs`,
    JWT_SECRET: DEPLOYMENT_SECRET,
  });
  api = startHttpLayer(config, { listOrders: async () => ({ items: [] }) });
});
afterAll(async () => {
  await api?.close();
  jwksServer?.close();
});

/** A deployment that mints some tokens itself (HS256) beside its identity provider. */
const DEPLOYMENT_SECRET = 'a-deployment-secret-of-at-least-32-characters';
const claims = { role: 'USER', sub: 'alice' };
/** A token as an identity provider would issue it, with each part overridable. */
function idpToken(
  kid: string,
  {
    exp = '5m',
    aud = config.jwt.audience,
    iss = config.jwt.issuer,
  }: { exp?: string | null; aud?: string; iss?: string } = {},
) {
  const { privateKey, jwk } = keys[kid]!;
  const jwt = new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: jwk.alg!, kid })
    .setSubject(claims.sub)
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt();
  if (exp) jwt.setExpirationTime(exp);
  return jwt.sign(privateKey);
}
const statusWith = async (token: string) =>
  (await fetch(`${api.url}/orders`, { headers: { authorization: `Bearer ${token}` } })).status;
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

test("a token of the deployment's own secret (HS256) is accepted beside the identity provider", async () => {
  expect(await statusWith(await signToken(config.jwt, { subject: 'alice', role: 'USER' }))).toBe(200);
});

describe.each(['development', 'test', 'production', undefined])(
  'with JWT_JWKS_URL set and NODE_ENV %s',
  (nodeEnv) => {
    let withIdp: ReturnType<typeof startHttpLayer>;
    beforeAll(() => {
      const { NODE_ENV: _, JWT_SECRET: __, ...env } = process.env;
      withIdp = startHttpLayer(
        parseConfig({ ...env, ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}), JWT_JWKS_URL: config.jwt.jwksUrl }),
      );
    });
    afterAll(() => withIdp?.close());

    test('a token signed with the development secret gets 401', async () => {
      const devToken = await signToken(
        { secret: DEV_JWT_SECRET, issuer: config.jwt.issuer, audience: config.jwt.audience },
        { subject: 'eve', role: 'ADMIN' },
      );
      const response = await fetch(`${withIdp.url}/orders`, {
        headers: { authorization: `Bearer ${devToken}` },
      });
      expect(response.status).toBe(401);
    });

    test('POST /dev/token mints nothing (404)', async () => {
      const response = await fetch(`${withIdp.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ person: 'ada' }),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/"token"/);
    });
  },
);

test('an identity provider token signed by a key of its JWKS is accepted', async () => {
  expect(await statusWith(await idpToken('key-1'))).toBe(200);
});

test.each([
  ['without exp', () => idpToken('key-1', { exp: null })],
  ['for another audience', () => idpToken('key-1', { aud: 'some-other-api' })],
  ['from another issuer', () => idpToken('key-1', { iss: 'https://evil.example' })],
  ['expired a minute ago (beyond the 30 s tolerance)', () => idpToken('key-1', { exp: '-60s' })],
  ['signed by a key the JWKS does not have', () => idpToken('stranger')],
  [
    'with alg "none" (unsigned)',
    async () =>
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: config.jwt.issuer, aud: config.jwt.audience, exp: Math.floor(Date.now() / 1000) + 300 })}.`,
  ],
  [
    'HS256 without exp',
    () =>
      new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('eve')
        .setIssuer(config.jwt.issuer)
        .setAudience(config.jwt.audience)
        .sign(new TextEncoder().encode(DEPLOYMENT_SECRET)),
  ],
])('a token %s gets 401', async (_name, token) => {
  expect(await statusWith(await token())).toBe(401);
});

test('a token that expired 10 s ago passes within the clock tolerance', async () => {
  expect(await statusWith(await idpToken('key-1', { exp: '-10s' }))).toBe(200);
});

test('key rotation: a token of the new key is accepted once the provider publishes it, and the retired key stops working', async () => {
  jwks = { keys: [keys['key-2']!.jwk] };
  // The cached key set is refetched when a token names an unknown key (at most once per 5 s).
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline && (status = await statusWith(await idpToken('key-2'))) !== 200)
    await new Promise((resolve) => setTimeout(resolve, 500));
  expect(status).toBe(200);
  expect(await statusWith(await idpToken('key-1'))).toBe(401);
}, 30_000);

/** `node --import tsx api/server.ts` with only the given environment (and PATH): its exit and its stderr lines. */
function startApiWith(env: Record<string, string>) {
  const root = path.resolve(__dirname, '../..');
  const started = spawnSync(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: started.status, lines: started.stderr.trim().split('\n') };
}

test('the API started with no NODE_ENV and no token settings refuses to start, in one readable line', () => {
  expect(startApiWith({})).toEqual({
    status: 1,
    lines: [
      'api: NODE_ENV is production (unset means production; the local stack sets development): the API needs JWT_JWKS_URL (your identity provider) or JWT_SECRET (32+ characters) and does not start with the development secret',
    ],
  });
}, 60_000);

test.each([
  [
    'the published development secret, set explicitly, beyond loopback',
    { NODE_ENV: 'development', API_HOST: '0.0.0.0', JWT_SECRET: DEV_JWT_SECRET },
    'api: API_HOST 0.0.0.0 listens beyond loopback: JWT_SECRET is the published development secret and is not accepted; set a secret of your own',
  ],
  [
    'a token secret but no payload keys',
    { JWT_SECRET: DEPLOYMENT_SECRET },
    "api: NODE_ENV is production: set PAYLOAD_ENCRYPTION_KEYS (id:base64-key of 32 bytes, e.g. k1:$(openssl rand -base64 32)), or NODE_ENV=development for the local stack's key; workflow payloads are never stored in clear",
  ],
])(
  'the API refuses to start with %s, in one readable line',
  (_name, env, line) => {
    expect(startApiWith(env)).toEqual({ status: 1, lines: [line] });
  },
  60_000,
);
