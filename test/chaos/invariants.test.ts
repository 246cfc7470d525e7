import { randomUUID } from 'node:crypto';
import { checkInvariants } from '../../chaos/invariants';
import { MERCHANT } from '../../payment-gateway/test-gateway';
import { DEV_PAYMENT_GATEWAY_API_KEY } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startPaymentGateway, type RunningPaymentGateway } from '../../workers/payment-gateway';
import { createScopedDatabase, type ScopedDatabase } from '../events/support/scoped-database';

let scoped: ScopedDatabase;
let gateway: RunningPaymentGateway;
beforeAll(async () => {
  scoped = await createScopedDatabase('oracle');
  // The gateway keeps its books in the same database, as in the stack.
  gateway = await startPaymentGateway({ port: 0, logger: createLogger('silent'), databaseUrl: scoped.url });
});
afterAll(async () => {
  await gateway?.stop();
  await scoped?.drop();
});

const failing = async () =>
  (
    await checkInvariants({
      db: scoped.db,
      gatewayUrl: gateway.url,
      gatewayKey: DEV_PAYMENT_GATEWAY_API_KEY,
      graceMs: 1000,
    })
  )
    .filter((r) => !r.ok)
    .map((r) => r.name);

const charge = (orderId: string) =>
  fetch(`${gateway.url}/v1/charges`, {
    method: 'POST',
    headers: { ...MERCHANT, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ orderId, amountCents: 500, currency: 'EUR', token: 'tok_visa' }),
  }).then((r) => r.json() as Promise<{ id: string }>);

// Each step breaks one more rule; the oracle must name exactly the rules broken so far.
test('the oracle passes on consistent books and names each broken rule', async () => {
  expect(await failing()).toEqual([]);

  const productId = randomUUID();
  await scoped.db('inventory.products').insert({
    id: productId,
    sku: `SKU-${productId}`,
    name: 'x',
    price_cents: 500,
    currency: 'EUR',
    on_hand: 5,
    reserved: 2, // no reservation rows hold those 2 units
    seller_id: 's',
  });
  expect(await failing()).toEqual([
    'no oversold or lost unit of stock',
    'read models equal the source tables',
  ]);
  await scoped.db('read_models.product_availability').insert({
    product_id: productId,
    on_hand: 5,
    reserved: 2,
    updated_at: new Date(),
  });
  expect(await failing()).toEqual(['no oversold or lost unit of stock']);

  await scoped.db('orders.outbox').insert({
    event_id: randomUUID(),
    topic: 'orders.v1',
    message_key: randomUUID(),
    event_type: 'order.paid',
    payload: {},
  });
  expect(await failing()).toContain('every outbox row published');

  const orderId = randomUUID();
  await charge(orderId);
  await charge(orderId);
  expect(await failing()).toEqual(
    expect.arrayContaining(['no order charged twice', 'every charge and refund matches the payments table']),
  );

  await scoped.db('orders.submissions').insert({
    customer_id: 'c',
    idempotency_key: randomUUID(),
    request_hash: 'h',
    order_id: randomUUID(),
    created_at: new Date(Date.now() - 60_000),
  });
  expect(await failing()).toContain('every accepted order is legitimate');
});
