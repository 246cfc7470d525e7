import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient, type HttpResponse } from '../support/http';
import { MERCHANT } from '../../payment-gateway/test-gateway';

// The shipped defaults (the harness lifts them for the other suites): this suite is their proof.
const DEFAULTS = {
  ORDER_RATE_PER_CALLER: '30/1m',
  ORDER_QUERY_RATE_PER_CALLER: '600/1m',
  ORDER_CARD_ATTEMPTS_PER_CALLER: '20/1h',
  ORDER_IN_FLIGHT_PER_CALLER: '8',
  ORDER_ADMISSION_CONCURRENCY: '32',
  ORDER_ADMISSION_MAX_WAIT: '1s',
};
const PLACEMENTS_PER_MINUTE = 30;

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let productId: string;
beforeAll(async () => {
  app = await startAppHarness({ ...DEFAULTS, PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  productId = await createProduct(request, await tokenFor(app.config, 'SELLER', 'fair-seller'), 100_000);
}, 120_000);
afterAll(() => app?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customer = () => tokenFor(app.config, 'USER', `fair-${randomUUID()}`);
const customerNamed = async (id: string) => ({ id, token: await tokenFor(app.config, 'USER', id) });
const placeOrder = (token: string, payment?: string) =>
  request('POST', '/orders', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { items: [{ productId, quantity: 1 }], ...(payment ? { payment: { token: payment } } : {}) },
  });
const expectTooManyRequests = (response: HttpResponse, limit: string) => {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(response.body).toMatchObject({ status: 429, limit });
};

test('while A floods POST /orders far past the API capacity, each of B’s paid orders is accepted and paid; A is answered 429', async () => {
  const { id: flooderId, token: flooder } = await customerNamed(`flooder-${randomUUID()}`);
  const shopper = await customer();

  // A: 60 paid orders a second, open loop (never waiting for an answer), while B places one a second.
  const flood: Array<Promise<HttpResponse>> = [];
  let flooding = true;
  const floodLoop = (async () => {
    while (flooding) {
      for (let i = 0; i < 6; i++) flood.push(placeOrder(flooder, 'tok_visa'));
      await sleep(100);
    }
  })();
  const placed: HttpResponse[] = [];
  for (let i = 0; i < 10; i++) {
    placed.push(await placeOrder(shopper, 'tok_visa'));
    await sleep(1000);
  }
  flooding = false;
  await floodLoop;
  const flooded = await Promise.all(flood);

  expect(placed.map((p) => p.status)).toEqual(Array(10).fill(201));
  for (const { body } of placed) {
    const paid = await eventually(
      () => request('GET', `/orders/${body.id}`, { token: shopper }),
      (r) => r.status === 200 && r.body.status !== 'PENDING' && r.body.status !== 'CONFIRMED',
      30_000,
    );
    expect(paid.body.status).toBe('PAID');
  }

  expect(flooded.length).toBeGreaterThan(300);
  // Beyond its window every one of A's orders is refused, and none of A's answers is a 5xx.
  const refused = flooded.filter((r) => r.status === 429);
  expect(flooded.length - refused.length).toBeLessThanOrEqual(PLACEMENTS_PER_MINUTE);
  expect(flooded.every((r) => [201, 409, 429].includes(r.status))).toBe(true);
  expectTooManyRequests(refused.at(-1)!, 'ORDER_RATE_PER_CALLER');
  expect(Number(refused.at(-1)!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  // A refused order leaves nothing behind: A's submissions are exactly its accepted orders.
  const accepted = flooded.filter((r) => r.status === 201).length;
  const written = await app.db('orders.submissions').where({ customer_id: flooderId }).count({ n: '*' });
  expect(Number(written[0]!.n)).toBe(accepted);

  const metrics = await fetch(`${app.operatorUrl}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(/api_caller_limit_refusals_total\{limit="placements"\} [1-9]/);
}, 90_000);

test('a card tester is refused after 20 card attempts an hour, before the payment gateway hears of it', async () => {
  const tester = await customer();
  const order = await placeOrder(tester);
  expect(order.status).toBe(201);
  await eventually(
    () => request('GET', `/orders/${order.body.id}`, { token: tester }),
    (r) => r.body.status === 'CONFIRMED',
  );
  const pay = (card: string) =>
    request('POST', `/orders/${order.body.id}/payment`, { token: tester, body: { token: card } });
  const attempts: HttpResponse[] = [];
  for (let i = 0; i < 20; i++) attempts.push(await pay('tok_declined'));
  // The first is declined (the order is cancelled), the others find it closed: all count as attempts.
  expect(attempts.every((a) => a.status !== 429)).toBe(true);

  const refused = await pay('tok_visa');
  expectTooManyRequests(refused, 'ORDER_CARD_ATTEMPTS_PER_CALLER');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
  // Orders placed with a card count as attempts too; without one the tester may still place.
  expectTooManyRequests(await placeOrder(tester, 'tok_visa'), 'ORDER_CARD_ATTEMPTS_PER_CALLER');
  expect((await placeOrder(await customer(), 'tok_visa')).status).toBe(201);
  const charges = await fetch(`${app.gatewayUrl}/v1/charges?orderId=${order.body.id}`, {
    headers: MERCHANT,
  }).then((r) => r.json() as Promise<{ items: unknown[] }>);
  expect(charges.items.length).toBeLessThanOrEqual(1);
}, 60_000);

test('a caller reading orders past 600 a minute is refused; another caller reads on', async () => {
  const [reader, other] = await Promise.all([customer(), customer()]);
  // Reads of orders that do not exist count too: probing is not free.
  const read = (token: string) => request('GET', `/orders/${randomUUID()}`, { token });
  for (let batch = 0; batch < 20; batch++) {
    const answers = await Promise.all(Array.from({ length: 30 }, () => read(reader)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(404));
  }
  expectTooManyRequests(await read(reader), 'ORDER_QUERY_RATE_PER_CALLER');
  expect((await read(other)).status).toBe(404);
}, 60_000);
