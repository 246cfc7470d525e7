import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { TOPICS } from '../contracts/events';
import { ensureTopics, type TopicSettings } from '../platform/kafka';
import { withTimeout } from '../platform/with-timeout';
import type { OutboxRow } from './outbox-rows';

export interface KafkaPublisher {
  /** Resolves once every row is acknowledged by all in-sync replicas; rejects if any is not. */
  publish(rows: OutboxRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A producer that connects (and creates the topics) on first use and starts over after a failure, so
 * the relay can start, and keep going, while Kafka is unreachable.
 */
export function createKafkaPublisher(kafka: Kafka, topics: TopicSettings, timeoutMs: number): KafkaPublisher {
  let producer: Producer | undefined;
  let topicsReady = false;

  const connected = async () => {
    if (!topicsReady) {
      // The domain topics alone: the relay writes nothing else (its Kafka user may touch nothing else).
      await ensureTopics(kafka, topics, Object.values(TOPICS));
      topicsReady = true;
    }
    if (!producer) {
      const fresh = kafka.producer({
        allowAutoTopicCreation: false,
        // murmur2, the Java client's partitioner: other services' producers put a key on the same partition.
        createPartitioner: Partitioners.DefaultPartitioner,
        // Fail fast to the relay's own backoff instead of stalling inside the client while Kafka is away.
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      await fresh.connect();
      producer = fresh;
    }
    return producer;
  };

  const reset = async () => {
    const stale = producer;
    producer = undefined;
    await stale?.disconnect().catch(() => undefined);
  };

  return {
    async publish(rows) {
      const send = async () => {
        const ready = await connected();
        await ready.sendBatch({ acks: -1, topicMessages: toTopicMessages(rows) });
      };
      // kafkajs retries inside (reconnects, metadata) for a long time while a broker is away; the deadline
      // hands control back to the relay, which reports the outage and backs off on its own terms. A send
      // that still completes later only duplicates rows the relay publishes again anyway.
      try {
        await withTimeout(send(), timeoutMs, `Kafka did not acknowledge within ${timeoutMs} ms`);
      } catch (error) {
        await reset();
        throw error;
      }
    },
    close: reset,
  };
}

/** Keeps the rows' order within each topic: kafkajs keeps it within each partition. */
function toTopicMessages(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    let entry = byTopic.get(row.topic);
    if (!entry) byTopic.set(row.topic, (entry = { topic: row.topic, messages: [] }));
    entry.messages.push({ key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers });
  }
  return [...byTopic.values()];
}
