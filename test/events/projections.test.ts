import { randomUUID } from 'node:crypto';
import {
  EVENT_VERSION,
  parseDomainEvent,
  type DomainEvent,
  type EventData,
  type EventType,
} from '../../contracts/events';
import { listCatalog, listOrderSummaries } from '../../projections';
import { applyEvent } from '../../projections/apply-event';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';

let scoped: ScopedDatabase;
beforeAll(async () => {
  scoped = await createScopedDatabase('projections');
});
afterAll(() => scoped.drop());

let clock = Date.parse('2026-11-22T10:00:00.000Z');
function event<T extends EventType>(
  type: T,
  orderId: string,
  data: EventData<T>,
): Extract<DomainEvent, { type: T }> {
  clock += 1000;
  return parseDomainEvent({
    eventId: randomUUID(),
    type,
    version: EVENT_VERSION,
    occurredAt: new Date(clock).toISOString(),
    orderId,
    correlationId: orderId,
    causationId: randomUUID(),
    data,
  }) as Extract<DomainEvent, { type: T }>;
}
let offset = 0;
const apply = (e: DomainEvent) =>
  applyEvent(scoped.db, e, { topic: 'test', partition: 0, offset: String((offset += 1)) });

const placed = (orderId: string, customerId: string) =>
  event('order.placed', orderId, {
    customerId,
    items: [{ productId: randomUUID(), quantity: 2, unitPriceCents: 1500 }],
    totalCents: 3000,
    currency: 'EUR',
  });
const listFor = async (customerId: string) =>
  (await listOrderSummaries(scoped.db, { customerId, limit: 10 })).items;

test('a status that arrives late never overwrites a later one, and a terminal status stays', async () => {
  const orderId = randomUUID();
  const customerId = `c-${randomUUID()}`;
  const placement = placed(orderId, customerId);
  const confirmed = event('order.confirmed', orderId, { paymentDueAt: new Date(clock).toISOString() });
  const paid = event('order.paid', orderId, { paymentId: 'p1' });
  const cancelled = event('order.cancelled', orderId, { reason: 'refunded' });
  for (const e of [placement, paid, cancelled, confirmed]) await apply(e);

  const [order] = await listFor(customerId);
  expect(order).toMatchObject({
    id: orderId,
    status: 'CANCELLED',
    reason: 'refunded',
    updatedAt: cancelled.occurredAt,
  });
});

test('a status event ahead of order.placed is kept, hidden, then completed by order.placed', async () => {
  const orderId = randomUUID();
  const customerId = `c-${randomUUID()}`;
  await apply(event('order.confirmed', orderId, { paymentDueAt: new Date(clock).toISOString() }));
  expect(await listFor(customerId)).toEqual([]);

  const placement = placed(orderId, customerId);
  await apply(placement);

  expect(await listFor(customerId)).toEqual([
    {
      id: orderId,
      customerId,
      status: 'CONFIRMED',
      items: placement.data.items,
      totalCents: 3000,
      currency: 'EUR',
      createdAt: placement.occurredAt,
      updatedAt: expect.any(String),
    },
  ]);
});

test('an event delivered twice is applied once', async () => {
  const productId = randomUUID();
  const restocked = event('inventory.restocked', productId, {
    productId,
    sku: `SKU-${productId}`,
    name: 'Lamp',
    priceCents: 1999,
    currency: 'EUR',
    sellerId: 'seller-1',
    quantity: 7,
    onHand: 7,
  });

  expect(await apply(restocked)).toBe('applied');
  expect(await apply(restocked)).toBe('duplicate');

  const product = (await listCatalog(scoped.db, { ids: [productId] })).items.find((p) => p.id === productId);
  expect(product).toEqual({
    id: productId,
    sku: `SKU-${productId}`,
    name: 'Lamp',
    priceCents: 1999,
    currency: 'EUR',
    onHand: 7,
    reserved: 0,
    available: 7,
    sellerId: 'seller-1',
  });
});

test('stock counters come out the same whatever order reservations and restocks arrive in', async () => {
  const productId = randomUUID();
  const items = [{ productId, quantity: 3 }];
  const orderA = randomUUID();
  const orderB = randomUUID();
  const catalog = {
    productId,
    sku: `SKU-${productId}`,
    name: 'Chair',
    priceCents: 5000,
    currency: 'EUR',
    sellerId: 's',
  };
  // Reservations of one order are keyed by the order, the restock by the product: different partitions.
  await apply(event('inventory.committed', orderA, { items }));
  await apply(event('inventory.reserved', orderB, { items }));
  await apply(event('inventory.reserved', orderA, { items }));
  await apply(event('inventory.restocked', productId, { ...catalog, quantity: 10, onHand: 10 }));

  const product = (await listCatalog(scoped.db, { ids: [productId] })).items.find((p) => p.id === productId);
  expect(product).toMatchObject({ onHand: 7, reserved: 3, available: 4 });
});

test('daily sales count payments and refunds per day and currency', async () => {
  const currency = `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
  const money = (amountCents: number) => ({ amountCents, currency });
  await apply(event('payment.succeeded', randomUUID(), { paymentId: 'a', chargeId: 'ch-a', ...money(1000) }));
  await apply(event('payment.succeeded', randomUUID(), { paymentId: 'b', chargeId: 'ch-b', ...money(2500) }));
  await apply(event('payment.refunded', randomUUID(), { paymentId: 'b', refundId: 're-b', ...money(2500) }));

  const rows = await scoped.db('read_models.daily_sales').where({ currency });
  expect(rows).toEqual([
    {
      day: expect.any(Date),
      currency,
      orders_paid: 2,
      gross_cents: '3500',
      orders_refunded: 1,
      refunded_cents: '2500',
    },
  ]);
});
