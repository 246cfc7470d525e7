import { parseConfig } from '../../platform/config';
import { startHttpLayer } from '../support/api-fakes';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};

test('the local stack signs a demo person in; the token it gives works on the API', async () => {
  const api = startHttpLayer(parseConfig({ ...process.env, NODE_ENV: 'development' }));
  try {
    const people = (await (await fetch(`${api.url}/dev/people`)).json()) as {
      items: Array<{ id: string; role: string }>;
    };
    expect(people.items.map((p) => `${p.id}:${p.role}`)).toEqual([
      'alice:USER',
      'bob:USER',
      'demo-seller:SELLER',
      'sam-crafts:SELLER',
      'ada:ADMIN',
    ]);
    const signIn = await fetch(`${api.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'ada' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const overview = await fetch(`${api.url}/admin/payment-drill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'sideways' }),
    });
    // Past authentication and the ADMIN check: refused for its body only.
    expect(overview.status).toBe(422);
    const nobody = await fetch(`${api.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'mallory' }),
    });
    expect(nobody.status).toBe(404);
  } finally {
    await api.close();
  }
});

const { NODE_ENV: _, ...withoutNodeEnv } = process.env;

test.each([
  ['NODE_ENV=production', { ...process.env, ...PRODUCTION }],
  ['NODE_ENV unset (production)', { ...withoutNodeEnv, JWT_SECRET: PRODUCTION.JWT_SECRET }],
  ['development, the API beyond loopback', { ...process.env, NODE_ENV: 'development', API_HOST: '0.0.0.0' }],
])('with %s there is no development sign-in: not served, not in the OpenAPI document', async (_name, env) => {
  const config = parseConfig(env);
  expect(config.devSignIn).toBe(false);
  const api = startHttpLayer(config);
  try {
    for (const [method, path] of [
      ['GET', '/dev/people'],
      ['POST', '/dev/token'],
    ]) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify({ person: 'ada' }) } : {}),
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/dev'))).toEqual([]);
  } finally {
    await api.close();
  }
});
