import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../platform/temporal';
import { orderSaga } from '../../workflows';
import { cancelOrder, workflowIdFor, type OrderSagaInput } from '../../workflows/definitions';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

/**
 * Orders whose data PostgreSQL refuses, started behind the API's back (the edge would refuse them
 * with a 422): each saga ends REJECTED with reason invalid_order within seconds, gives back what it
 * held, and publishes its events, instead of retrying the same refused write for ever.
 */
let app: AppHarness;
let temporal: Client;
let request: ReturnType<typeof httpClient>;
let alice: string;
let customer: string;
let productId: string;

beforeAll(async () => {
  app = await startAppHarness();
  temporal = await connectClient(app.config);
  request = httpClient(app.apiUrl);
  customer = `invalid-orders-${randomUUID()}`;
  alice = await tokenFor(app.config, 'USER', customer);
  productId = await createProduct(request, await tokenFor(app.config, 'SELLER', 'invalid-orders-seller'), 10);
}, 120_000);
afterAll(async () => {
  await temporal?.connection.close();
  await app?.stop();
});

const stockOf = async () =>
  app.db('inventory.products').where({ id: productId }).first('on_hand', 'reserved');

/** Every event of the order in the outbox, once the relay has published each to Kafka. */
const publishedEvents = (orderId: string) =>
  eventually(
    async () =>
      (
        await Promise.all(
          ['orders.outbox', 'inventory.outbox', 'payments.outbox'].map((table) =>
            app.db(table).where({ message_key: orderId }).select('event_type', 'payload', 'published_at'),
          ),
        )
      ).flat(),
    (rows) => rows.length > 0 && rows.every((row) => row.published_at !== null),
  );

/** Starts the saga as the API would, but with `customerId` as given: nothing checks it on this way in. */
async function startBehindTheEdge(customerId: string, payment?: string) {
  const orderId = randomUUID();
  // The submission the API would have written: GET /orders/:id looks the owner up there.
  await app.db('orders.submissions').insert({
    customer_id: customer,
    idempotency_key: orderId,
    request_hash: 'bypass',
    order_id: orderId,
  });
  const input: OrderSagaInput = {
    orderId,
    customerId,
    items: [{ productId, quantity: 2, unitPriceCents: 1000 }],
    totalCents: 2000,
    currency: 'EUR',
    createdAt: new Date().toISOString(),
    paymentWindowMs: 60 * 60_000,
    ...(payment ? { payment: { token: payment } } : {}),
    correlationId: randomUUID(),
    requestId: randomUUID(),
  };
  const started = Date.now();
  const handle = await temporal.workflow.start(orderSaga, {
    workflowId: workflowIdFor(orderId),
    taskQueue: app.config.temporal.taskQueue,
    args: [input],
  });
  const result = await handle.result();
  return { orderId, result, seconds: (Date.now() - started) / 1000 };
}

test.each([
  ['an unpaired surrogate (the JSON of its events is refused: 22P02)', `${'x'}\ud800`, undefined],
  ['a NUL (the order row is refused: 22021), placed with its payment', 'x\u0000', 'tok_visa'],
])(
  'a customer id with %s: REJECTED with invalid_order within seconds, nothing held, its event published',
  async (_name, poison, payment) => {
    const before = await stockOf();
    const { orderId, result, seconds } = await startBehindTheEdge(`${customer}${poison}`, payment);

    expect(result).toMatchObject({ status: 'REJECTED', reason: 'invalid_order' });
    expect(result.step).toMatch(/^done: rejected as an invalid order/);
    expect(seconds).toBeLessThan(10);
    expect(await stockOf()).toEqual(before);
    expect(await app.db('payments.payments').where({ order_id: orderId })).toEqual([]);

    const events = await publishedEvents(orderId);
    expect(events.map((e) => e.event_type)).toEqual(['order.rejected']);
    expect(events[0].payload.data).toEqual({ shortages: [], reason: 'invalid_order' });

    const shown = await request('GET', `/orders/${orderId}`, { token: alice });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: orderId, status: 'REJECTED', reason: 'invalid_order' });
  },
);

test('refused after payment (a cancel whose request id PostgreSQL refuses): stock back on the shelf, charge refunded, REJECTED', async () => {
  const before = await stockOf();
  const placed = await request('POST', '/orders', {
    token: alice,
    body: { items: [{ productId, quantity: 3 }], payment: { token: 'tok_visa' } },
  });
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;
  await eventually(
    () => request('GET', `/orders/${orderId}`, { token: alice }),
    (r) => r.body.status === 'PAID',
    30_000,
  );
  expect((await stockOf()).reserved).toBe(before.reserved + 3);

  const started = Date.now();
  const view = await temporal.workflow
    .getHandle(workflowIdFor(orderId))
    .executeUpdate(cancelOrder, { args: [{ requestId: 'cancel\u0000', correlationId: randomUUID() }] });
  expect(view).toMatchObject({ status: 'REJECTED', reason: 'invalid_order' });
  expect((Date.now() - started) / 1000).toBeLessThan(10);

  expect(await stockOf()).toEqual(before);
  expect(await app.db('payments.payments').where({ order_id: orderId }).first('status')).toEqual({
    status: 'refunded',
  });
  const events = await publishedEvents(orderId);
  expect(events.map((e) => e.event_type)).toEqual(
    expect.arrayContaining(['inventory.released', 'payment.refunded', 'order.rejected']),
  );
  expect(events.find((e) => e.event_type === 'order.rejected')!.payload.data.reason).toBe('invalid_order');
  expect(await app.db('orders.orders').where({ id: orderId }).first('status', 'reason')).toEqual({
    status: 'REJECTED',
    reason: 'invalid_order',
  });
  const shown = await request('GET', `/orders/${orderId}`, { token: alice });
  expect(shown.body).toMatchObject({ status: 'REJECTED', reason: 'invalid_order' });
});
