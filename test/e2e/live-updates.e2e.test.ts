import { startAppHarness, type AppHarness } from '../support/app-harness';
import { untilPasses } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;

beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
}, 120_000);
afterAll(() => app?.stop());

interface Stream {
  events: Array<{ event: string; data: Record<string, unknown> }>;
  close(): void;
}

/** Follows GET /live as a client does, collecting its events. */
async function follow(token: string): Promise<Stream> {
  const stop = new AbortController();
  const response = await fetch(`${app.apiUrl}/live`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: stop.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: Stream['events'] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => stop.abort() };
}

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
  ) as Record<keyof typeof tokens, Stream>;
  try {
    for (const stream of Object.values(streams))
      await untilPasses(() => expect(stream.events.map((e) => e.event)).toContain('ready'));
    const placed = await request('POST', '/orders', {
      token: tokens.owner,
      body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const statusesOf = (stream: Stream) =>
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
