import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '../../contracts/events';
import { startOutboxRelay, type OutboxRelay } from '../../outbox';
import { loadConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { untilPasses } from '../support/eventually';
import { outboxRows, writeEventStream } from './support/event-stream';
import { readTopic } from './support/read-topic';
import { createScopedDatabase, type ScopedDatabase } from './support/scoped-database';

const config = loadConfig();
const logger = createLogger(config.logLevel);
let scoped: ScopedDatabase;
let kafka: Kafka;
const relays: OutboxRelay[] = [];

const startRelay = async () => {
  const relay = await startOutboxRelay({
    db: scoped.db,
    kafka,
    logger,
    pollIntervalMs: 100,
    rebalanceIntervalMs: 200,
  });
  relays.push(relay);
  return relay;
};
const orderIds = (n: number): string[] => Array.from({ length: n }, () => randomUUID());
const allPublished = async () => {
  const rows = await outboxRows(scoped.db);
  expect(rows.filter((r) => r.published_at === null)).toEqual([]);
  return rows;
};

beforeEach(async () => {
  scoped = await createScopedDatabase('relay');
  kafka = createKafka(config.kafka, `relay-test-${randomUUID()}`);
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await scoped.drop();
});

test('publishes outbox rows to Kafka in order per key, with the event headers, and marks them published', async () => {
  await startRelay();
  const keys = orderIds(8);
  await writeEventStream(scoped.db, keys, 0, 6);

  const rows = await untilPasses(allPublished);
  const onTopic = (await readTopic(kafka, TOPICS.orders)).filter((m) => keys.includes(m.key ?? ''));

  expect(onTopic).toHaveLength(rows.length);
  for (const key of keys) {
    const written = rows.filter((r) => r.message_key === key);
    const published = onTopic.filter((m) => m.key === key);
    expect(published.map((m) => m.headers.eventId)).toEqual(written.map((r) => r.event_id));
    expect(published.map((m) => m.headers)).toEqual(written.map((r) => r.headers));
    expect(published.map((m) => JSON.parse(m.value!))).toEqual(written.map((r) => r.payload));
  }
  expect(Object.keys(onTopic[0]!.headers).sort()).toEqual(
    ['causationId', 'correlationId', 'eventId', 'eventType', 'eventVersion'].sort(),
  );
});

test('two relays running at once never publish a row twice, and one takes over the shards of one that stops', async () => {
  const first = await startRelay();
  const second = await startRelay();
  await untilPasses(() => expect([first.stats().ownedShards, second.stats().ownedShards]).toEqual([12, 12]));
  const keys = orderIds(30);

  await writeEventStream(scoped.db, keys, 0, 3);
  const whileStopping = writeEventStream(scoped.db, keys, 3, 3);
  await untilPasses(() => expect(first.stats().published).toBeGreaterThan(0));
  await first.stop();
  await whileStopping;
  await untilPasses(() => expect(second.stats().ownedShards).toBe(24));
  const third = await startRelay();
  await untilPasses(() => expect([second.stats().ownedShards, third.stats().ownedShards]).toEqual([12, 12]));
  await writeEventStream(scoped.db, keys, 6, 3);

  const rows = await untilPasses(allPublished);
  const onTopic = (await readTopic(kafka, TOPICS.orders)).filter((m) => keys.includes(m.key ?? ''));
  const copies = new Map<string, number>();
  for (const m of onTopic) copies.set(m.headers.eventId!, (copies.get(m.headers.eventId!) ?? 0) + 1);

  expect(rows).toHaveLength(keys.length * 9);
  expect(copies.size).toBe(rows.length);
  expect([...copies.values()].every((n) => n === 1)).toBe(true);
  for (const key of keys) {
    expect(onTopic.filter((m) => m.key === key).map((m) => m.headers.eventId)).toEqual(
      rows.filter((r) => r.message_key === key).map((r) => r.event_id),
    );
  }
  expect(second.stats().published).toBeGreaterThan(0);
  expect(third.stats().published).toBeGreaterThan(0);
});
