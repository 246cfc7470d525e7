import { randomUUID } from 'node:crypto';
import { signToken } from '../../api/auth';
import { MAX_ON_HAND, MAX_STOCK } from '../../contracts/product';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient, type HttpResponse } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let alice: string;
let mallory: string;
let seller: string;
let productId: string;
const customers = [`alice-${randomUUID()}`, `mallory-${randomUUID()}`];
let aliceOrderId: string;

beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
  [alice, mallory, seller] = await Promise.all([
    tokenFor(app.config, 'USER', customers[0]!),
    tokenFor(app.config, 'USER', customers[1]!),
    tokenFor(app.config, 'SELLER', 'seller-1'),
  ]);
  productId = await createProduct(request, seller, 10);
  const placed = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 1 }] },
  });
  aliceOrderId = placed.body.id;
  await eventually(
    () => request('GET', `/orders/${aliceOrderId}`, { token: alice }),
    (r) => r.body.status === 'CONFIRMED',
  );
});
afterAll(() => app?.stop());

/** Everything a bad request from these customers could have touched: it must be identical afterwards. */
async function snapshot() {
  const [submissions, orders, products, reservations] = await Promise.all([
    app.db('orders.submissions').whereIn('customer_id', customers).orderBy('order_id'),
    app.db('orders.orders').whereIn('customer_id', customers).orderBy('id'),
    app.db('inventory.products').where({ id: productId }).first(),
    app.db('inventory.reservations').where({ product_id: productId }).orderBy('order_id'),
  ]);
  return { submissions, orders, products, reservations };
}

function expectProblem(response: HttpResponse, status: number, detail: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, title: expect.any(String) });
  expect(response.body.detail).toMatch(detail);
}

const order = (items: unknown) => ({ items });

test.each([
  [
    'malformed JSON',
    () => request('POST', '/orders', { token: alice, rawBody: '{"items": [' } as never),
    400,
    /not valid JSON/,
  ],
  [
    'an unknown product',
    () =>
      request('POST', '/orders', { token: alice, body: order([{ productId: randomUUID(), quantity: 1 }]) }),
    422,
    /unknown product/,
  ],
  [
    'a product id that is not a UUID',
    () => request('POST', '/orders', { token: alice, body: order([{ productId: 'lamp', quantity: 1 }]) }),
    422,
    /productId must be a UUID/,
  ],
  [
    'a quantity of 0',
    () => request('POST', '/orders', { token: alice, body: order([{ productId, quantity: 0 }]) }),
    422,
    /at least 1/,
  ],
  [
    'a negative quantity',
    () => request('POST', '/orders', { token: alice, body: order([{ productId, quantity: -3 }]) }),
    422,
    /at least 1/,
  ],
  [
    'an absurdly large quantity',
    () => request('POST', '/orders', { token: alice, body: order([{ productId, quantity: 1e12 }]) }),
    422,
    /at most 1000/,
  ],
  [
    'a fractional quantity',
    () => request('POST', '/orders', { token: alice, body: order([{ productId, quantity: 1.5 }]) }),
    422,
    /whole number/,
  ],
  ['no items', () => request('POST', '/orders', { token: alice, body: order([]) }), 422, /at least one item/],
  [
    'an unexpected field',
    () =>
      request('POST', '/orders', {
        token: alice,
        body: { ...order([{ productId, quantity: 1 }]), priceCents: 1 },
      }),
    422,
    /priceCents/,
  ],
  [
    'a missing token',
    () => request('POST', '/orders', { body: order([{ productId, quantity: 1 }]) }),
    401,
    /needs a bearer token/,
  ],
  [
    'an invalid token',
    () => request('POST', '/orders', { token: 'not-a-jwt', body: order([{ productId, quantity: 1 }]) }),
    401,
    /not valid/,
  ],
  [
    'a token signed with another key',
    async () =>
      request('POST', '/orders', {
        token: await signToken(
          { ...app.config.jwt, secret: 'x'.repeat(32) },
          { subject: 'eve', role: 'ADMIN' },
        ),
        body: order([{ productId, quantity: 1 }]),
      }),
    401,
    /not valid/,
  ],
  [
    'the wrong role (a seller placing an order)',
    () => request('POST', '/orders', { token: seller, body: order([{ productId, quantity: 1 }]) }),
    403,
    /roles USER/,
  ],
  [
    'a user fulfilling an order',
    () => request('POST', `/orders/${aliceOrderId}/fulfill`, { token: alice }),
    403,
    /roles SELLER, ADMIN/,
  ],
  [
    'another customer reading an order',
    () => request('GET', `/orders/${aliceOrderId}`, { token: mallory }),
    404,
    /not found/,
  ],
  [
    'another customer paying an order',
    () => request('POST', `/orders/${aliceOrderId}/payment`, { token: mallory, body: { token: 'tok_visa' } }),
    404,
    /not found/,
  ],
  [
    'another customer cancelling an order',
    () => request('POST', `/orders/${aliceOrderId}/cancel`, { token: mallory }),
    404,
    /not found/,
  ],
  [
    'a payment without a card token',
    () => request('POST', `/orders/${aliceOrderId}/payment`, { token: alice, body: {} }),
    422,
    /token/,
  ],
  [
    'an unknown status filter',
    () => request('GET', '/orders?status=SHIPPED', { token: alice }),
    422,
    /status/,
  ],
  [
    'a restock of zero',
    () => request('POST', `/products/${productId}/restock`, { token: seller, body: { quantity: 0 } }),
    422,
    /quantity/,
  ],
  [
    'a restock of an unknown product',
    () => request('POST', `/products/${randomUUID()}/restock`, { token: seller, body: { quantity: 1 } }),
    404,
    /does not exist/,
  ],
  [
    'a product with a negative price',
    () =>
      request('POST', '/products', {
        token: seller,
        body: { sku: 'X-1', name: 'x', priceCents: -5, currency: 'EUR', onHand: 1 },
      }),
    422,
    /priceCents/,
  ],
  ['an unknown route', () => request('GET', '/nope', { token: alice }), 404, /no route/],
] as const)('%s gets a 4xx problem+json and changes nothing', async (_name, send, status, detail) => {
  const before = await snapshot();
  expectProblem(await send(), status, detail);
  expect(await snapshot()).toEqual(before);
});

test('fulfilling an order that is not paid is a conflict, and the order stays as it was', async () => {
  const before = await snapshot();
  expectProblem(
    await request('POST', `/orders/${aliceOrderId}/fulfill`, { token: seller }),
    409,
    /only a PAID order/,
  );
  expect(await snapshot()).toEqual(before);
  expect((await request('GET', `/orders/${aliceOrderId}`, { token: alice })).body.status).toBe('CONFIRMED');
});

test('a restock past the most a product may hold is a 409 that adds nothing; one up to it is added', async () => {
  const full = await createProduct(request, seller, 1);
  // As if restocked for years: a step short of the most a product may hold.
  await app
    .db('inventory.products')
    .where({ id: full })
    .update({ on_hand: MAX_ON_HAND - 5 });
  const restock = (quantity: number) =>
    request('POST', `/products/${full}/restock`, { token: seller, body: { quantity } });

  const refused = await restock(MAX_STOCK);
  expectProblem(refused, 409, /past 1000000000 units/);
  expect(refused.body).toMatchObject({ limit: 'MAX_ON_HAND', max: MAX_ON_HAND });
  expect(await app.db('inventory.products').where({ id: full }).first('on_hand')).toEqual({
    on_hand: MAX_ON_HAND - 5,
  });
  expect((await app.db('inventory.restocks').where({ product_id: full })).length).toBe(0);

  expect((await restock(5)).status).toBe(200);
});

describe('text no part of the system could store: NUL and unpaired UTF-16 surrogates', () => {
  const poisons = [
    ['a NUL', 'a\u0000b'],
    ['an unpaired high surrogate', 'a\uD800b'],
    ['an unpaired low surrogate', '\uDC00'],
  ] as const;
  const orderPlacedBy = async (subject: string) =>
    request('POST', '/orders', {
      token: await tokenFor(app.config, 'USER', subject),
      body: order([{ productId, quantity: 1 }]),
    });

  test.each(poisons)('%s in a body field is a 422 that names the field', async (_name, poison) => {
    const before = await snapshot();
    const productCount = async () => Number((await app.db('inventory.products').count({ n: '*' }))[0]!.n);
    const productsBefore = await productCount();
    const product = await request('POST', '/products', {
      token: seller,
      body: { sku: `P-${randomUUID()}`, name: poison, priceCents: 100, currency: 'EUR', onHand: 1 },
    });
    expectProblem(product, 422, /body\.name: must not contain NUL characters or unpaired UTF-16 surrogates/);
    expect(await productCount()).toBe(productsBefore);

    const payment = await request('POST', '/orders', {
      token: alice,
      body: { ...order([{ productId, quantity: 1 }]), payment: { token: poison } },
    });
    expectProblem(payment, 422, /body\.payment\.token: must not contain NUL/);
    expect(await snapshot()).toEqual(before);
  });

  test.each(poisons)('%s in a token claim is a 401 that names the claim', async (_name, poison) => {
    const subject = `poison-${randomUUID()}${poison}`;
    expectProblem(await orderPlacedBy(subject), 401, /the token's "sub" claim is missing or not valid/);
    const rows = await app.db('orders.submissions').where('customer_id', 'like', 'poison-%');
    expect(rows).toEqual([]);
  });

  // An unpaired surrogate has no UTF-8 form to percent-encode: in a URL it arrives as U+FFFD, storable.
  test('a NUL in a query parameter is a 422 that names it', async () => {
    const admin = await tokenFor(app.config, 'ADMIN', 'admin-1');
    const listed = await request('GET', '/orders?customerId=a%00b', { token: admin });
    expectProblem(listed, 422, /query\.customerId: must not contain NUL/);
  });

  test('a header outside its characters is a 400 that names it', async () => {
    const before = await snapshot();
    const answer = await request('POST', '/orders', {
      token: alice,
      body: order([{ productId, quantity: 1 }]),
      headers: { 'idempotency-key': 'caf\u00e9' },
    });
    expectProblem(answer, 400, /Idempotency-Key/);
    expect(await snapshot()).toEqual(before);
  });
});
