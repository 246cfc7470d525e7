import { signToken } from '../../api/auth';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { untilPasses } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';
import { followLive, type LiveStream } from '../support/live-stream';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;

const STREAMS_PER_CALLER = 2;

beforeAll(async () => {
  app = await startAppHarness({ LIVE_STREAMS_PER_CALLER: String(STREAMS_PER_CALLER) });
  request = httpClient(app.apiUrl);
}, 120_000);
afterAll(() => app?.stop());

const follow = (token: string) => followLive(app.apiUrl, token);

test('each stream hears of an order only when its principal may see it, and every stream of catalog changes', async () => {
  const tokens = {
    owner: await tokenFor(app.config, 'USER', 'live-owner'),
    otherCustomer: await tokenFor(app.config, 'USER', 'live-other'),
    itsSeller: await tokenFor(app.config, 'SELLER', 'live-seller'),
    otherSeller: await tokenFor(app.config, 'SELLER', 'live-other-seller'),
    admin: await tokenFor(app.config, 'ADMIN', 'live-admin'),
  };
  const productId = await createProduct(request, tokens.itsSeller, 10);
  const streams = Object.fromEntries(
    await Promise.all(
      Object.entries(tokens).map(async ([who, token]) => [who, await follow(token)] as const),
    ),
  ) as Record<keyof typeof tokens, LiveStream>;
  try {
    for (const stream of Object.values(streams))
      await untilPasses(() => expect(stream.events.map((e) => e.event)).toContain('ready'));
    const placed = await request('POST', '/orders', {
      token: tokens.owner,
      body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const statusesOf = (stream: LiveStream) =>
      stream.events.filter((e) => e.event === 'order' && e.data.id === orderId).map((e) => e.data.status);

    for (const who of ['owner', 'itsSeller', 'admin'] as const)
      await untilPasses(() => expect(statusesOf(streams[who])).toContain('PAID'));
    // Stock moved: every stream, whoever it belongs to, hears that the catalog changed.
    for (const stream of Object.values(streams))
      expect(stream.events.map((e) => e.event)).toContain('catalog');
    expect(statusesOf(streams.otherCustomer)).toEqual([]);
    expect(statusesOf(streams.otherSeller)).toEqual([]);
  } finally {
    for (const stream of Object.values(streams)) stream.close();
  }
});

test('a stream needs a token', async () => {
  const response = await fetch(`${app.apiUrl}/live`);
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
});

test("a caller's streams beyond its cap are refused with 429 and Retry-After; other callers still connect", async () => {
  const token = await tokenFor(app.config, 'USER', 'live-hoarder');
  const streams = [];
  for (let i = 0; i < STREAMS_PER_CALLER; i++) streams.push(await follow(token));
  try {
    const refused = await fetch(`${app.apiUrl}/live`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ limit: 'LIVE_STREAMS_PER_CALLER', max: STREAMS_PER_CALLER });

    const other = await follow(await tokenFor(app.config, 'USER', 'live-bystander'));
    other.close();
    // A closed stream gives its slot back.
    streams.pop()!.close();
    await untilPasses(async () => {
      const again = await follow(token);
      streams.push(again);
    });
  } finally {
    for (const stream of streams) stream.close();
  }
});

test('a stream ends when its token expires, and the expired token cannot open another', async () => {
  const token = await signToken(app.config.jwt, { role: 'USER', subject: 'live-short-token' }, '3s');
  const stream = await follow(token);
  try {
    await untilPasses(() => expect(stream.events.map((e) => e.event)).toContain('ready'));
    expect(stream.ended).toBe(false);
    await untilPasses(() => expect(stream.ended).toBe(true), { timeoutMs: 8_000 });
    // Within the verifier's clock tolerance the token still verifies, but no stream opens past `exp`.
    const again = await fetch(`${app.apiUrl}/live`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);
  } finally {
    stream.close();
  }
});

test('a catalog event names the products that changed', async () => {
  const seller = await tokenFor(app.config, 'SELLER', 'live-catalog-seller');
  const productId = await createProduct(request, seller, 5);
  const stream = await follow(await tokenFor(app.config, 'USER', 'live-catalog-watcher'));
  try {
    await untilPasses(() => expect(stream.events.map((e) => e.event)).toContain('ready'));
    const restocked = await request('POST', `/products/${productId}/restock`, {
      token: seller,
      body: { quantity: 3 },
    });
    expect(restocked.status).toBe(200);
    await untilPasses(() =>
      expect(
        stream.events.filter((e) => e.event === 'catalog').flatMap((e) => e.data.productIds as string[]),
      ).toContain(productId),
    );
  } finally {
    stream.close();
  }
});
