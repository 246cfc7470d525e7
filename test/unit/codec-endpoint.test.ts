import { request } from 'node:http';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { signToken, type Role } from '../../api/auth';
import { startOperatorServer } from '../../api/operator-server';
import { parseConfig, requirePayloadKeys, type Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { EncryptionCodec } from '../../platform/payload-codec';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  TEMPORAL_UI_ORIGINS: 'https://temporal-ui.example',
  API_METRICS_HOSTNAMES: 'localhost,ops.internal',
};

/** The operator port as the API starts it (api/server.ts), on a free port. */
async function operatorPort(config: Config) {
  return startOperatorServer({
    port: 0,
    host: '127.0.0.1',
    metrics: (_req, res) => void res.send('metrics'),
    codec: new EncryptionCodec(requirePayloadKeys(config), { acceptPlain: true }),
    uiOrigins: config.operator.uiOrigins,
    hostNames: config.operator.hostNames,
    ...(config.operator.codecOpen ? {} : { operators: config.jwt }),
    logger: createLogger('silent'),
  });
}

const toJson = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

/** A card token sealed as the workers store it, in the JSON the Web UI sends. */
async function sealedCard(config: Config) {
  const codec = new EncryptionCodec(requirePayloadKeys(config));
  return toJson(await codec.encode([defaultPayloadConverter.toPayload({ token: 'tok_visa' })]));
}

/** node:http, not fetch: fetch does not let a caller choose the Host header. */
function call(
  url: string,
  {
    method = 'POST',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: unknown },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        url,
        { method, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject).end(body === undefined ? undefined : JSON.stringify(body));
    },
  );
}

describe('a production API: the codec decodes for operators only', () => {
  const config = parseConfig(PRODUCTION);
  let operator: Awaited<ReturnType<typeof operatorPort>>;
  let host: string;
  beforeAll(async () => {
    operator = await operatorPort(config);
    host = `localhost:${new URL(operator.url).port}`;
  });
  afterAll(() => operator?.stop());

  const bearer = async (role: Role) => ({
    host,
    authorization: `Bearer ${await signToken(config.jwt, { role, subject: `codec-${role.toLowerCase()}` })}`,
  });
  const decode = async (headers: Record<string, string>) =>
    call(`${operator.url}/codec/decode`, { headers, body: await sealedCard(config) });

  test('is closed by configuration: NODE_ENV=production', () => {
    expect(config.operator.codecOpen).toBe(false);
  });

  test('without a credential: 401', async () => {
    const response = await decode({ host });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.body).not.toContain('tok_visa');
  });

  test('with a USER token: 403', async () => {
    const response = await decode(await bearer('USER'));
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('tok_visa');
  });

  test('with a token signed by someone else: 401', async () => {
    const forged = await signToken(
      { ...config.jwt, secret: 'some-other-secret-of-at-least-32-characters' },
      { role: 'ADMIN', subject: 'mallory' },
    );
    expect((await decode({ host, authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  test('with an ADMIN token: the payload decoded', async () => {
    const response = await decode(await bearer('ADMIN'));
    expect(response.status).toBe(200);
    const { payloads } = JSON.parse(response.body) as ReturnType<typeof toJson>;
    const decoded = defaultPayloadConverter.fromPayload<{ token: string }>({
      metadata: Object.fromEntries(
        Object.entries(payloads[0]!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
      ),
      data: Buffer.from(payloads[0]!.data, 'base64'),
    });
    expect(decoded).toEqual({ token: 'tok_visa' });
  });

  test('a Host that is not one of its names gets nothing, even with an ADMIN token (DNS rebinding)', async () => {
    const response = await decode({
      ...(await bearer('ADMIN')),
      host: `evil.example:${new URL(operator.url).port}`,
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).detail).toMatch(/Host "evil\.example:\d+"/);
  });

  test('an Origin other than the Web UI gets nothing; the Web UI gets its CORS answer, on errors too', async () => {
    const admin = await bearer('ADMIN');
    expect((await decode({ ...admin, origin: 'https://evil.example' })).status).toBe(403);
    const preflight = await call(`${operator.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { host, origin: 'https://temporal-ui.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
    const unauthenticated = await decode({ host, origin: 'https://temporal-ui.example' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe('https://temporal-ui.example');
    expect((await decode({ ...admin, origin: 'https://temporal-ui.example' })).status).toBe(200);
  });

  test('there is no /codec/encode (no encryption oracle), with any token', async () => {
    const response = await call(`${operator.url}/codec/encode`, {
      headers: await bearer('ADMIN'),
      body: toJson([defaultPayloadConverter.toPayload({ token: 'forged' })]),
    });
    expect(response.status).toBe(404);
  });

  test('GET /metrics stays as it was, for Prometheus under any name', async () => {
    expect(
      (await call(`${operator.url}/metrics`, { method: 'GET', headers: { host: 'api:9101' } })).status,
    ).toBe(200);
  });
});

test('in the local development stack (NODE_ENV=development, loopback) the codec answers without a token', async () => {
  const config = parseConfig({ NODE_ENV: 'development' });
  expect(config.operator.codecOpen).toBe(true);
  const operator = await operatorPort(config);
  try {
    const response = await call(`${operator.url}/codec/decode`, { body: await sealedCard(config) });
    expect(response.status).toBe(200);
    const elsewhere = await call(`${operator.url}/codec/decode`, {
      headers: { host: `rebound.example:${new URL(operator.url).port}` },
      body: await sealedCard(config),
    });
    expect(elsewhere.status).toBe(403);
  } finally {
    await operator.stop();
  }
});

test.each([
  ['NODE_ENV unset', {}],
  ['the operator port beyond loopback', { NODE_ENV: 'development', API_METRICS_HOST: '0.0.0.0' }],
])('with %s the codec needs a token', (_name, env) => {
  expect(parseConfig(env).operator.codecOpen).toBe(false);
});
