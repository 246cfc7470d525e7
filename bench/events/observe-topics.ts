import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '../../contracts/events';

export interface TopicObserver {
  /** Receive time (ms since epoch) per event id, for messages arriving after the observer joined. */
  received: Map<string, number>;
  joined: Promise<void>;
  stop(): Promise<void>;
}

/** A consumer group of its own that notes when each event reaches a consumer. */
export async function observeTopics(kafka: Kafka): Promise<TopicObserver> {
  const consumer = kafka.consumer({ groupId: `bench-observer-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const received = new Map<string, number>();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(TOPICS), fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const eventId = message.headers?.eventId?.toString();
      if (eventId && !received.has(eventId)) received.set(eventId, Date.now());
    },
  });
  return { received, joined, stop: () => consumer.disconnect() };
}
