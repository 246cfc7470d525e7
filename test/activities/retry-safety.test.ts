import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  createActivities,
  createCatalogActivities,
  createHttpPaymentGateway,
  type OrderSagaActivities,
} from '../../activities';
import { MERCHANT } from '../../payment-gateway/test-gateway';
import { DEV_PAYMENT_GATEWAY_API_KEY, loadConfig } from '../../platform/config';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { dataConverterFor } from '../../platform/temporal';
import { orderSaga } from '../../workflows';
import { getOrder, type OrderSagaInput } from '../../workflows/definitions';
import { startOrderWorker } from '../../workers/order-worker';
import { startPaymentGateway } from '../../workers/payment-gateway';
import { eventually } from '../support/eventually';

const config = loadConfig();
const db = createDb(config.postgres.url);
const logger = createLogger('warn');
let gateway: Awaited<ReturnType<typeof startPaymentGateway>>;
let activities: OrderSagaActivities;

beforeAll(async () => {
  gateway = await startPaymentGateway({ port: 0, logger });
  activities = createActivities({
    db,
    gateway: createHttpPaymentGateway({ baseUrl: gateway.url, apiKey: DEV_PAYMENT_GATEWAY_API_KEY }),
  });
});
afterAll(async () => {
  await gateway?.stop();
  await db.destroy();
});

async function newProduct(onHand: number) {
  const productId = randomUUID();
  await createCatalogActivities({ db }).createProduct({
    productId,
    sku: `SKU-${productId}`,
    name: 'p',
    priceCents: 500,
    currency: 'EUR',
    onHand,
    sellerId: 's',
    requestId: productId,
  });
  return productId;
}
const context = { correlationId: 'c', causationId: 'c' };
const product = (id: string) => db('inventory.products').where({ id }).first();
const outboxRows = (table: string, orderId: string) =>
  db(table).where({ message_key: orderId }).orderBy('id').select('event_type');
const charges = async (orderId: string) =>
  (
    (await fetch(`${gateway.url}/v1/charges?orderId=${orderId}`, { headers: MERCHANT }).then(
      (r) => r.json() as never,
    )) as {
      items: Array<{ refundedCents: number }>;
    }
  ).items;

test('reserving, releasing and committing twice changes the stock once and writes each event once', async () => {
  const productId = await newProduct(10);
  const [kept, released] = [randomUUID(), randomUUID()];
  for (const orderId of [kept, released]) {
    for (let i = 0; i < 2; i++)
      expect(
        await activities.reserveStock({ orderId, items: [{ productId, quantity: 3 }], context }),
      ).toMatchObject({ reserved: true });
  }
  expect(await product(productId)).toMatchObject({ on_hand: 10, reserved: 6 });

  for (let i = 0; i < 2; i++) await activities.releaseStock({ orderId: released, reason: 'test', context });
  for (let i = 0; i < 2; i++) await activities.commitStock({ orderId: kept, context });
  expect(await product(productId)).toMatchObject({ on_hand: 7, reserved: 0 });
  expect(await outboxRows('inventory.outbox', released)).toEqual([
    { event_type: 'inventory.reserved' },
    { event_type: 'inventory.released' },
  ]);
  expect(await outboxRows('inventory.outbox', kept)).toEqual([
    { event_type: 'inventory.reserved' },
    { event_type: 'inventory.committed' },
  ]);
});

test('a reservation that failed for lack of stock fails the same way when retried', async () => {
  const productId = await newProduct(1);
  const orderId = randomUUID();
  const first = await activities.reserveStock({ orderId, items: [{ productId, quantity: 2 }], context });
  const retried = await activities.reserveStock({ orderId, items: [{ productId, quantity: 2 }], context });
  expect(retried).toEqual(first);
  expect(first).toMatchObject({ reserved: false, shortages: [{ productId, requested: 2, available: 1 }] });
  expect(await outboxRows('inventory.outbox', orderId)).toHaveLength(1);
});

test('opening an order twice records, reserves and confirms it once, with the events chained by causation', async () => {
  const productId = await newProduct(5);
  const orderId = randomUUID();
  const opening = {
    orderId,
    customerId: 'c',
    items: [{ productId, quantity: 2, unitPriceCents: 500 }],
    totalCents: 1000,
    currency: 'EUR',
    paymentDueAt: new Date().toISOString(),
    context: { correlationId: 'corr', causationId: 'request' },
  };
  const first = await activities.openOrder(opening);
  expect(await activities.openOrder(opening)).toEqual(first);
  expect(first).toMatchObject({ reserved: true });
  expect(await product(productId)).toMatchObject({ on_hand: 5, reserved: 2 });
  expect(await db('orders.orders').where({ id: orderId }).first()).toMatchObject({ status: 'CONFIRMED' });
  const events = [];
  for (const table of ['orders.outbox', 'inventory.outbox'])
    events.push(
      ...(await db(table).where({ message_key: orderId }).select('event_id', 'event_type', 'payload')),
    );
  const byType = Object.fromEntries(events.map((e) => [e.event_type, e]));
  expect(Object.keys(byType).sort()).toEqual(['inventory.reserved', 'order.confirmed', 'order.placed']);
  expect(byType['order.placed'].payload.causationId).toBe('request');
  expect(byType['inventory.reserved'].payload.causationId).toBe(byType['order.placed'].event_id);
  expect(byType['order.confirmed'].payload.causationId).toBe(byType['inventory.reserved'].event_id);
  expect(first.eventId).toBe(byType['order.confirmed'].event_id);
});

test('a second attempt of an order step while the first still waits for a row fails at once, holding no session in the queue', async () => {
  const productId = await newProduct(5);
  const opening = {
    orderId: randomUUID(),
    customerId: 'c',
    items: [{ productId, quantity: 1, unitPriceCents: 500 }],
    totalCents: 500,
    currency: 'EUR',
    paymentDueAt: new Date().toISOString(),
    context,
  };
  const holder = await db.transaction();
  try {
    await holder('inventory.products').where({ id: productId }).forUpdate();
    const first = activities.openOrder(opening);
    first.catch(() => undefined);
    // The first attempt is queued on the row; a second one (a re-run local activity) gives up at once.
    await eventually(
      async () => (await db.raw(`select count(*)::int as n from pg_locks where not granted`)).rows[0].n,
      (n: number) => n > 0,
    );
    const started = Date.now();
    await expect(activities.openOrder(opening)).rejects.toMatchObject({ name: 'StepInProgressError' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await holder.commit();
    expect(await first).toMatchObject({ reserved: true });
    expect(await activities.openOrder(opening)).toEqual(await first);
  } finally {
    if (!holder.isCompleted()) await holder.rollback();
  }
});

test('opening an order for more than the stock rejects it, reserves nothing, and says the same when retried', async () => {
  const productId = await newProduct(1);
  const orderId = randomUUID();
  const opening = {
    orderId,
    customerId: 'c',
    items: [{ productId, quantity: 2, unitPriceCents: 500 }],
    totalCents: 1000,
    currency: 'EUR',
    paymentDueAt: new Date().toISOString(),
    context,
  };
  const first = await activities.openOrder(opening);
  expect(await activities.openOrder(opening)).toEqual(first);
  expect(first).toMatchObject({ reserved: false, shortages: [{ productId, requested: 2, available: 1 }] });
  expect(await product(productId)).toMatchObject({ on_hand: 1, reserved: 0 });
  expect(await db('orders.orders').where({ id: orderId }).first()).toMatchObject({ status: 'REJECTED' });
  expect(await outboxRows('orders.outbox', orderId)).toEqual([
    { event_type: 'order.placed' },
    { event_type: 'order.rejected' },
  ]);
});

test('charging and refunding twice charges once and refunds once', async () => {
  const orderId = randomUUID();
  const charge = {
    orderId,
    paymentId: `pay-${orderId}`,
    amountCents: 1500,
    currency: 'EUR',
    token: 'tok_visa',
    context,
  };
  const first = await activities.chargePayment(charge);
  expect(await activities.chargePayment(charge)).toEqual(first);
  await activities.refundPayment({ orderId, paymentId: charge.paymentId, context });
  await activities.refundPayment({ orderId, paymentId: charge.paymentId, context });
  expect(await charges(orderId)).toMatchObject([{ refundedCents: 1500 }]);
  expect(await db('payments.payments').where({ order_id: orderId })).toMatchObject([{ status: 'refunded' }]);
  expect(await outboxRows('payments.outbox', orderId)).toEqual([
    { event_type: 'payment.succeeded' },
    { event_type: 'payment.refunded' },
  ]);
});

test('an activity whose worker crashes after the database commit runs again without changing anything twice', async () => {
  const productId = await newProduct(5);
  const crashedOnce = new Set<string>();
  /** Runs the real activity, then fails as if the process died before Temporal heard of the result. */
  const crashAfterCommit = <F extends (...args: never[]) => Promise<unknown>>(name: string, real: F) =>
    (async (...args: Parameters<F>) => {
      const result = await real(...args);
      if (!crashedOnce.has(name)) {
        crashedOnce.add(name);
        throw new Error(`simulated crash after ${name} committed`);
      }
      return result;
    }) as F;
  const taskQueue = `retry-${randomUUID()}`;
  const flaky = {
    ...activities,
    openOrder: crashAfterCommit('openOrder', activities.openOrder),
    recordOrderStatus: crashAfterCommit('recordOrderStatus', activities.recordOrderStatus),
    chargePayment: crashAfterCommit('chargePayment', activities.chargePayment),
  };
  const worker = await startOrderWorker({
    config: { ...config, temporal: { ...config.temporal, taskQueue } },
    logger,
    activities: flaky,
  });
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const orderId = randomUUID();
    const input: OrderSagaInput = {
      orderId,
      customerId: 'c',
      items: [{ productId, quantity: 2, unitPriceCents: 500 }],
      totalCents: 1000,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
      paymentWindowMs: 60_000,
      payment: { token: 'tok_visa' },
      correlationId: 'c',
      requestId: 'r',
    };
    const client = new Client({ connection, dataConverter: dataConverterFor(config) });
    const handle = await client.workflow.start(orderSaga, {
      taskQueue,
      workflowId: `order-${orderId}`,
      args: [input],
    });
    await eventually(
      () => handle.query(getOrder),
      (order) => order.status === 'PAID',
      60_000,
    );
    expect(crashedOnce).toEqual(new Set(['openOrder', 'chargePayment', 'recordOrderStatus']));
    expect(await product(productId)).toMatchObject({ on_hand: 5, reserved: 2 });
    expect(await db('inventory.reservations').where({ order_id: orderId })).toHaveLength(1);
    expect(await charges(orderId)).toHaveLength(1);
    expect((await outboxRows('orders.outbox', orderId)).map((r) => r.event_type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.paid',
    ]);
  } finally {
    await connection.close();
    await worker.stop();
  }
});
