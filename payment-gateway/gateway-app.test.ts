import type { Logger } from '../platform/logger';
import { startTestGateway, unique, type TestGateway } from './test-gateway';

const SLOW_DELAY_MS = 300;
let gateway: TestGateway;
const debugLines: object[] = [];
const recordingLogger: Logger = {
  debug: (_msg, fields) => debugLines.push(fields ?? {}),
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => recordingLogger,
};

beforeAll(async () => {
  gateway = await startTestGateway({ slowDelayMs: SLOW_DELAY_MS, logger: recordingLogger });
});
afterAll(() => gateway.stop());

const charge = (token: string, orderId = unique('order'), amountCents = 2500) => ({
  amountCents,
  currency: 'EUR',
  token,
  orderId,
});

describe('payment gateway charges', () => {
  it('answers health checks', async () => {
    const reply = await gateway.get('/health');
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('listens on the real port when asked for port 0', () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('approves tok_visa with a new charge', async () => {
    const body = charge('tok_visa');
    const reply = await gateway.post('/v1/charges', body, unique('key'));
    expect(reply.status).toBe(201);
    const { amountCents, currency, orderId } = body;
    expect(reply.body).toMatchObject({ status: 'succeeded', amountCents, currency, orderId });
    expect(reply.body).not.toHaveProperty('token');
    expect(reply.body.id).toMatch(/^ch_[0-9a-f]+$/);
    expect(reply.headers.get('idempotent-replayed')).toBeNull();
  });

  it('declines tok_declined with card_declined', async () => {
    const reply = await gateway.post('/v1/charges', charge('tok_declined'), unique('key'));
    expect(reply.status).toBe(402);
    expect(reply.body).toMatchObject({
      status: 'declined',
      code: 'card_declined',
      message: expect.any(String),
    });
  });

  it('declines an unknown token as invalid_token', async () => {
    const reply = await gateway.post('/v1/charges', charge('tok_nope'), unique('key'));
    expect(reply).toMatchObject({ status: 402, body: { status: 'declined', code: 'invalid_token' } });
  });

  it('fails tok_flaky twice per idempotency key, then approves it once', async () => {
    const body = charge('tok_flaky');
    const key = unique('key');
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++)
      statuses.push((await gateway.post('/v1/charges', body, key)).status);
    expect(statuses).toEqual([503, 503, 201, 201]);
    const fresh = await gateway.post('/v1/charges', body, unique('key'));
    expect(fresh).toMatchObject({ status: 503, body: { code: 'temporarily_unavailable' } });
    const listed = await gateway.get(`/v1/charges?orderId=${body.orderId}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('approves tok_slow only after the configured delay', async () => {
    const startedAt = Date.now();
    const reply = await gateway.post('/v1/charges', charge('tok_slow'), unique('key'));
    expect(reply).toMatchObject({ status: 201, body: { status: 'succeeded' } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SLOW_DELAY_MS - 10);
  });

  it('replays a completed charge for the same key without charging twice', async () => {
    const body = charge('tok_visa');
    const key = unique('key');
    const first = await gateway.post('/v1/charges', body, key);
    const second = await gateway.post('/v1/charges', body, key);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const listed = await gateway.get(`/v1/charges?orderId=${body.orderId}`);
    expect(listed).toMatchObject({ status: 200, body: { items: [{ id: first.body.id, refundedCents: 0 }] } });
  });

  it('replays a decline for the same key', async () => {
    const body = charge('tok_declined');
    const key = unique('key');
    const first = await gateway.post('/v1/charges', body, key);
    const second = await gateway.post('/v1/charges', body, key);
    expect(second).toMatchObject({ status: 402, body: first.body });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('creates one charge when requests with the same key arrive concurrently', async () => {
    const body = charge('tok_slow');
    const key = unique('key');
    const replies = await Promise.all([1, 2, 3].map(() => gateway.post('/v1/charges', body, key)));
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    const listed = await gateway.get(`/v1/charges?orderId=${body.orderId}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it.each([
    ['amount', { amountCents: 9999 }],
    ['currency', { currency: 'USD' }],
    ['token', { token: 'tok_declined' }],
    ['order', { orderId: 'another-order' }],
  ])('rejects a reused key whose %s differs with 422', async (_field, change) => {
    const body = charge('tok_visa');
    const key = unique('key');
    await gateway.post('/v1/charges', body, key);
    const reply = await gateway.post('/v1/charges', { ...body, ...change }, key);
    expect(reply).toMatchObject({ status: 422, body: { status: 422, title: expect.any(String) } });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await gateway.get(`/v1/charges?orderId=${body.orderId}`)).body.items).toHaveLength(1);
  });

  it('finds a charge by id and answers 404 for an unknown one', async () => {
    const created = await gateway.post('/v1/charges', charge('tok_visa'), unique('key'));
    const found = await gateway.get(`/v1/charges/${String(created.body.id)}`);
    expect(found).toMatchObject({ status: 200, body: { ...created.body, refundedCents: 0 } });
    const missing = await gateway.get('/v1/charges/ch_missing');
    expect(missing).toMatchObject({ status: 404, body: { status: 404, type: expect.any(String) } });
  });

  it('logs each request at debug level', async () => {
    const key = unique('key');
    await gateway.post('/v1/charges', charge('tok_visa'), key);
    expect(debugLines).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/v1/charges', status: 201, idempotencyKey: key }),
    );
  });
});
