import { randomUUID } from 'node:crypto';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { untilPasses } from '../support/eventually';
import { outboxEventIds, projected, startPipeline, type Pipeline } from './support/pipeline';
import { expectReadModelsToMatchSource, uniqueCurrency } from './support/read-models-match';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';
import { startThrowawayKafka, type ThrowawayKafka } from './support/throwaway-kafka';
import { createProduct, restock } from './support/write-catalog';
import { pay } from './support/settle-orders';
import { placeOrder, reserve } from './support/write-orders';

let scoped: ScopedDatabase;
let broker: ThrowawayKafka;
let pipeline: Pipeline;

// Kafka of this test's own: stopping the shared one would break the tests running beside it.
beforeAll(async () => {
  [scoped, broker] = await Promise.all([createScopedDatabase('outage'), startThrowawayKafka()]);
  const kafka = createKafka({ brokers: broker.brokers }, `outage-test-${randomUUID()}`);
  // Errors only: while Kafka is away, the relay and the consumer warn on every retry.
  pipeline = await startPipeline(scoped.db, kafka, createLogger('error'), 3);
});
afterAll(async () => {
  await pipeline?.stop();
  await broker?.destroy();
  await scoped?.drop();
});

const unpublished = async () => {
  const { rows } = await scoped.db.raw<{ rows: Array<{ n: number }> }>(
    `select (select count(*) from orders.outbox where published_at is null)
          + (select count(*) from inventory.outbox where published_at is null)
          + (select count(*) from payments.outbox where published_at is null) as n`,
  );
  return Number(rows[0]!.n);
};

test('loses nothing and applies nothing twice when Kafka stops mid-run and comes back', async () => {
  const currency = uniqueCurrency('X');
  const customers = [`outage-${randomUUID()}`];
  const productIds = await Promise.all(
    [1, 2, 3].map(() => createProduct(scoped.db, { currency, onHand: 100 })),
  );
  const orders = (n: number) =>
    Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const orderId = await placeOrder(scoped.db, customers[0]!, [
          { productId: productIds[i % 3]!, quantity: 2 },
        ]);
        await reserve(scoped.db, orderId);
        if (i % 2 === 0) await pay(scoped.db, orderId);
      }),
    );

  await orders(6);
  await projected(scoped.db);

  await broker.stop();
  await orders(6);
  await restock(scoped.db, productIds[0]!, 7);
  // The relay keeps its rows while Kafka is away, and stays up to publish them later.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await unpublished()).toBeGreaterThan(0);

  await broker.restart();
  await orders(4);
  await projected(scoped.db, 45_000);
  await untilPasses(async () => expect(await unpublished()).toBe(0));

  const events = await outboxEventIds(scoped.db);
  const applied = await scoped
    .db('read_models.inbox')
    .whereIn('event_id', events)
    .count<{ n: string }[]>({ n: '*' });
  expect(Number(applied[0]!.n)).toBe(events.length);
  await expectReadModelsToMatchSource(scoped.db, { productIds, customers, currency });
});
