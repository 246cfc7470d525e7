import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { listOrderSummaries } from '../../projections';
import { projected, startPipeline, type Pipeline } from './support/pipeline';
import { expectReadModelsToMatchSource, uniqueCurrency } from './support/read-models-match';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';
import { createProduct, restock } from './support/write-catalog';
import { cancel, fulfill, pay } from './support/settle-orders';
import { placeOrder, reserve } from './support/write-orders';

const config = loadConfig();
let scoped: ScopedDatabase;
let kafka: Kafka;
let pipeline: Pipeline;

beforeAll(async () => {
  scoped = await createScopedDatabase('read_models');
  kafka = createKafka(config.kafka, `read-models-test-${randomUUID()}`);
  pipeline = await startPipeline(scoped.db, kafka, createLogger(config.logLevel));
});
afterAll(async () => {
  await pipeline.stop();
  await scoped.drop();
});

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

/** Drives an order to one of the lifecycle's ends, as the saga would; every ninth asks for too much. */
async function runOrder(index: number, customerId: string, productIds: string[]) {
  const chosen = [...new Set([pick(productIds), pick(productIds)])];
  const lines = chosen.map((productId) => ({ productId, quantity: index % 9 === 0 ? 500 : 1 + (index % 4) }));
  const orderId = await placeOrder(scoped.db, customerId, lines);
  if (!(await reserve(scoped.db, orderId))) return;
  switch (index % 5) {
    case 0:
      return cancel(scoped.db, orderId, 'customer_cancelled');
    case 1:
      await pay(scoped.db, orderId);
      return fulfill(scoped.db, orderId);
    case 2:
      await pay(scoped.db, orderId);
      return cancel(scoped.db, orderId, 'refunded');
    case 3:
      return pay(scoped.db, orderId);
    default:
      return;
  }
}

test('read models equal the source tables after a run of orders', async () => {
  const currency = uniqueCurrency('Z');
  const productIds = await Promise.all(
    Array.from({ length: 5 }, () => createProduct(scoped.db, { currency, onHand: 30 })),
  );
  await restock(scoped.db, productIds[0]!, 10);
  const customers = [`alice-${randomUUID()}`, `bob-${randomUUID()}`];
  await Promise.all(Array.from({ length: 24 }, (_, i) => runOrder(i, customers[i % 2]!, productIds)));

  await projected(scoped.db);

  const { orders } = await expectReadModelsToMatchSource(scoped.db, { productIds, customers, currency });
  expect(new Set(orders.map((o) => o.status))).toEqual(
    new Set(['CONFIRMED', 'REJECTED', 'PAID', 'FULFILLED', 'CANCELLED']),
  );
  const alice = customers[0]!;
  const paidOfAlice = await listOrderSummaries(scoped.db, { customerId: alice, status: 'PAID', limit: 100 });
  expect(paidOfAlice.items.map((o) => o.id).sort()).toEqual(
    orders.filter((o) => o.customer_id === alice && o.status === 'PAID').map((o) => o.id),
  );
});
