import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { appendEvent } from '../../activities/outbox';
import { TOPICS } from '../../contracts/events';
import { loadConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { listCatalog } from '../../projections';
import { untilPasses } from '../support/eventually';
import { projected, startPipeline, type Pipeline } from './support/pipeline';
import { readTopic } from './support/read-topic';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';
import { createProduct, restock } from './support/write-catalog';

const config = loadConfig();
let scoped: ScopedDatabase;
let kafka: Kafka;
let pipeline: Pipeline;

beforeAll(async () => {
  scoped = await createScopedDatabase('redelivery');
  kafka = createKafka(config.kafka, `redelivery-test-${randomUUID()}`);
  pipeline = await startPipeline(scoped.db, kafka, createLogger(config.logLevel));
});
afterAll(async () => {
  await pipeline.stop();
  await scoped.drop();
});

const copiesOn = async (topic: string, eventId: string) =>
  (await readTopic(kafka, topic)).filter((m) => m.headers.eventId === eventId).length;

test('a relay stopped between publishing and marking publishes again, and the projector applies the event once', async () => {
  const currency = `Y${randomUUID().slice(0, 2).toUpperCase()}`;
  const productId = await createProduct(scoped.db, { currency, onHand: 10 });
  const orderId = randomUUID();
  const payment = await scoped.db.transaction((trx) =>
    appendEvent(trx, {
      type: 'payment.succeeded',
      orderId,
      data: { paymentId: `pay-${orderId}`, chargeId: 'ch-1', amountCents: 4200, currency },
      context: { correlationId: orderId, causationId: orderId },
    }),
  );
  await projected(scoped.db);
  const created: string = (await scoped.db('inventory.outbox').where({ message_key: productId }).first())
    .event_id;

  // What a relay that died after Kafka's ack but before its UPDATE leaves behind: published, unmarked rows.
  await scoped.db('inventory.outbox').update({ published_at: null });
  await scoped.db('payments.outbox').update({ published_at: null });
  // Later events on the same keys: once they are applied, the redelivered ones before them have been seen.
  await restock(scoped.db, productId, 5);
  await scoped.db.transaction((trx) =>
    appendEvent(trx, {
      type: 'payment.failed',
      orderId,
      data: { paymentId: 'pay-2', declineCode: 'x', amountCents: 1, currency },
      context: { correlationId: orderId, causationId: orderId },
    }),
  );
  await projected(scoped.db);

  expect(await copiesOn(TOPICS.inventory, created)).toBe(2);
  expect(await copiesOn(TOPICS.payments, payment)).toBe(2);
  expect(pipeline.projector.stats().duplicates).toBeGreaterThanOrEqual(2);
  expect(
    (await listCatalog(scoped.db, { ids: [productId] })).items.find((p) => p.id === productId),
  ).toMatchObject({ onHand: 15 });
  expect(await scoped.db('read_models.daily_sales').where({ currency })).toEqual([
    expect.objectContaining({ orders_paid: 1, gross_cents: '4200' }),
  ]);
  await untilPasses(async () =>
    expect(await scoped.db('read_models.inbox').whereIn('event_id', [created, payment])).toHaveLength(2),
  );
});
