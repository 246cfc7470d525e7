import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http';
import { MERCHANT } from '../../payment-gateway/test-gateway';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let alice: string;
let seller: string;

beforeAll(async () => {
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  [alice, seller] = await Promise.all([
    tokenFor(app.config, 'USER', `alice-${randomUUID()}`),
    tokenFor(app.config, 'SELLER', 'seller-1'),
  ]);
});
afterAll(() => app?.stop());

const gatewayCharges = (orderId: string): Promise<{ items: Array<{ refundedCents: number }> }> =>
  fetch(`${app.gatewayUrl}/v1/charges?orderId=${orderId}`, { headers: MERCHANT }).then(
    (r) => r.json() as never,
  );
const product = (id: string) => app.db('inventory.products').where({ id }).first();
const orderStatus = (id: string, token = alice) =>
  eventually(
    () => request('GET', `/orders/${id}`, { token }),
    (r) => r.status === 200 && !['PENDING'].includes(r.body.status),
  );

test('an order paid at submission and then fulfilled commits its stock', async () => {
  const productId = await createProduct(request, seller, 10, 2500);
  const placed = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 3 }], payment: { token: 'tok_visa' } },
  });
  expect(placed.status).toBe(201);
  expect(placed.body).toMatchObject({
    status: 'PENDING',
    totalCents: 7500,
    currency: 'EUR',
    items: [{ productId, quantity: 3, unitPriceCents: 2500 }],
  });
  expect(placed.headers.get('location')).toBe(`/orders/${placed.body.id}`);

  const paid = await eventually(
    () => request('GET', `/orders/${placed.body.id}`, { token: alice }),
    (r) => r.body.status === 'PAID',
  );
  expect(paid.body.timeline.map((t: { status: string }) => t.status)).toEqual([
    'PENDING',
    'CONFIRMED',
    'PAID',
  ]);
  expect(await product(productId)).toMatchObject({ on_hand: 10, reserved: 3 });

  const fulfilled = await request('POST', `/orders/${placed.body.id}/fulfill`, { token: seller });
  expect(fulfilled.status).toBe(200);
  expect(fulfilled.body.status).toBe('FULFILLED');
  expect(await product(productId)).toMatchObject({ on_hand: 7, reserved: 0 });

  const listed = await eventually(
    () => request('GET', '/orders?status=FULFILLED', { token: alice }),
    (r) => r.body.items.length === 1,
  );
  expect(listed.body.items[0]).toMatchObject({ id: placed.body.id, status: 'FULFILLED', totalCents: 7500 });
});

test('an order for more than the stock is REJECTED and reserves nothing', async () => {
  const productId = await createProduct(request, seller, 2);
  const placed = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 3 }] },
  });
  expect(placed.status).toBe(201);
  expect((await orderStatus(placed.body.id)).body.status).toBe('REJECTED');
  expect(await product(productId)).toMatchObject({ on_hand: 2, reserved: 0 });
  expect(await app.db('inventory.reservations').where({ order_id: placed.body.id })).toEqual([]);
});

test('payment later through POST /orders/:id/payment, and a decline releases the stock', async () => {
  const productId = await createProduct(request, seller, 5);
  const declined = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 2 }] },
  });
  expect((await orderStatus(declined.body.id)).body.status).toBe('CONFIRMED');
  const payment = await request('POST', `/orders/${declined.body.id}/payment`, {
    token: alice,
    body: { token: 'tok_declined' },
  });
  expect(payment.body).toMatchObject({ status: 'CANCELLED', reason: 'payment_declined' });
  expect(await product(productId)).toMatchObject({ reserved: 0 });

  const flaky = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 2 }] },
  });
  await orderStatus(flaky.body.id);
  const paid = await request('POST', `/orders/${flaky.body.id}/payment`, {
    token: alice,
    body: { token: 'tok_flaky' },
  });
  // The card network fails twice first: the retries outlast the 3 s an update waits, so the answer is
  // 202 with the order as it is, and the payment completes in the background.
  if (paid.status === 202) {
    expect(paid.body.id).toBe(flaky.body.id);
    expect(['CONFIRMED', 'PAID']).toContain(paid.body.status);
    await eventually(
      () => request('GET', `/orders/${flaky.body.id}`, { token: alice }),
      (r) => r.body.status === 'PAID',
      30_000,
    );
  } else expect(paid).toMatchObject({ status: 200, body: { status: 'PAID' } });
  const charges = await gatewayCharges(flaky.body.id);
  expect(charges.items).toHaveLength(1);
});

test('a customer cancels a paid order: refunded and the stock released', async () => {
  const productId = await createProduct(request, seller, 5);
  const placed = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
  });
  await eventually(
    () => request('GET', `/orders/${placed.body.id}`, { token: alice }),
    (r) => r.body.status === 'PAID',
  );
  const cancelled = await request('POST', `/orders/${placed.body.id}/cancel`, { token: alice });
  expect(cancelled.body).toMatchObject({ status: 'CANCELLED', reason: 'refunded' });
  expect(await product(productId)).toMatchObject({ on_hand: 5, reserved: 0 });
  const [charge] = (await gatewayCharges(placed.body.id)).items;
  expect(charge?.refundedCents).toBe(1000);

  const again = await request('POST', `/orders/${placed.body.id}/cancel`, { token: alice });
  expect(again.status).toBe(409);
  expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
});

test('the same Idempotency-Key gives back the same order; with a different body it is refused', async () => {
  const productId = await createProduct(request, seller, 5);
  const key = randomUUID();
  const body = { items: [{ productId, quantity: 1 }] };
  const headers = { 'idempotency-key': key };
  const [first, second] = await Promise.all([
    request('POST', '/orders', { token: alice, body, headers } as never),
    request('POST', '/orders', { token: alice, body, headers } as never),
  ]);
  expect(first.body.id).toBe(second.body.id);
  expect([first.status, second.status].sort()).toEqual([200, 201]);
  const different = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 2 }] },
    headers,
  } as never);
  expect(different.status).toBe(422);
  expect(await app.db('orders.submissions').where({ order_id: first.body.id })).toHaveLength(1);
});
