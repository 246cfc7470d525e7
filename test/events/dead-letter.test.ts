import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { appendEvent } from '../../activities/outbox';
import { DEAD_LETTER_HEADERS as H, DEAD_LETTER_TOPIC, TOPICS } from '../../contracts/events';
import { loadConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { listCatalog, listOrderSummaries } from '../../projections';
import { untilPasses } from '../support/eventually';
import { startPipeline, type Pipeline } from './support/pipeline';
import { readTopic } from './support/read-topic';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';
import { createProduct, restock } from './support/write-catalog';

const config = loadConfig();
let scoped: ScopedDatabase;
let kafka: Kafka;
let producer: Producer;
let pipeline: Pipeline;

beforeAll(async () => {
  scoped = await createScopedDatabase('dead_letter');
  kafka = createKafka(config.kafka, `dead-letter-test-${randomUUID()}`);
  pipeline = await startPipeline(scoped.db, kafka, createLogger(config.logLevel));
  producer = kafka.producer();
  await Promise.all([producer.connect(), pipeline.projector.joined]);
});
afterAll(async () => {
  await producer.disconnect();
  await pipeline.stop();
  await scoped.drop();
});

const deadLettersOf = async (key: string) =>
  untilPasses(async () => {
    const letters = (await readTopic(kafka, DEAD_LETTER_TOPIC)).filter(
      (m) => m.key === key && m.headers[H.consumerGroup] === pipeline.groupId,
    );
    if (letters.length === 0) throw new Error(`no dead letter for ${key} yet`);
    return letters;
  });

test('a malformed message lands in dead-letter.v1 and a later good message on the same partition still applies', async () => {
  const orderId = randomUUID();
  const customerId = `c-${randomUUID()}`;
  const malformed = [
    { key: orderId, value: '{"eventId": "truncated', headers: { source: 'test' } },
    { key: orderId, value: JSON.stringify({ eventId: randomUUID(), type: 'order.placed', data: {} }) },
  ];
  const [sent] = await producer.send({ topic: TOPICS.orders, acks: -1, messages: malformed });
  await scoped.db.transaction((trx) =>
    appendEvent(trx, {
      type: 'order.placed',
      orderId,
      data: {
        customerId,
        items: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 100 }],
        totalCents: 100,
        currency: 'EUR',
      },
      context: { correlationId: orderId, causationId: orderId },
    }),
  );

  await untilPasses(async () =>
    expect((await listOrderSummaries(scoped.db, { customerId, limit: 5 })).items).toHaveLength(1),
  );
  const applied = await scoped
    .db('read_models.inbox')
    .where({ topic: TOPICS.orders })
    .whereIn('event_id', scoped.db('orders.outbox').where({ message_key: orderId }).select('event_id'));
  expect(applied).toEqual([expect.objectContaining({ partition: sent!.partition })]);
  expect(Number(applied[0]!.offset)).toBeGreaterThan(Number(sent!.baseOffset) + 1);

  const letters = await untilPasses(async () => {
    const found = await deadLettersOf(orderId);
    expect(found).toHaveLength(2);
    return found;
  });
  expect(letters.map((m) => m.value)).toEqual(malformed.map((m) => m.value));
  expect(letters.map((m) => m.headers)).toEqual(
    [0, 1].map((i) =>
      expect.objectContaining({
        ...(i === 0 ? { source: 'test' } : {}),
        [H.reason]: 'invalid-message',
        [H.error]: expect.any(String),
        [H.sourceTopic]: TOPICS.orders,
        [H.sourcePartition]: String(sent!.partition),
        [H.sourceOffset]: String(Number(sent!.baseOffset) + i),
      }),
    ),
  );
});

test('an event that keeps failing to apply goes to dead-letter.v1 after bounded retries, and its partition moves on', async () => {
  const productId = await createProduct(scoped.db, { currency: 'EUR', onHand: 5 });
  // Valid by the contract, yet beyond the read model's integer column: applying it fails every time.
  const poison = await scoped.db.transaction((trx) =>
    appendEvent(trx, {
      type: 'inventory.restocked',
      orderId: productId,
      idempotencyName: `poison/${productId}`,
      data: {
        productId,
        sku: 'x',
        name: 'x',
        priceCents: 1,
        currency: 'EUR',
        sellerId: 's',
        quantity: 3_000_000_000,
        onHand: 0,
      },
      context: { correlationId: productId, causationId: productId },
    }),
  );
  await restock(scoped.db, productId, 2);

  await untilPasses(async () =>
    expect(
      (await listCatalog(scoped.db, { ids: [productId] })).items.find((p) => p.id === productId),
    ).toMatchObject({ onHand: 7 }),
  );
  const [letter] = await deadLettersOf(productId);
  expect(letter!.headers).toMatchObject({
    eventId: poison,
    [H.reason]: 'processing-failed',
    [H.error]: expect.stringMatching(/out of range/),
    [H.sourceTopic]: TOPICS.inventory,
  });
  expect(await scoped.db('read_models.inbox').where({ event_id: poison })).toEqual([]);
});
