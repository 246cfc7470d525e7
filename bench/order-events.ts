import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '../contracts/events';
import { FETCH_BATCHING } from '../platform/event-consumer/consumer-group';

export interface OrderEvent {
  type: string;
  orderId: string;
  at: number;
}

/**
 * Watches `orders.v1` from a consumer group of its own and hands each order event to `onEvent`, timed
 * by its record's timestamp: when the relay handed it to Kafka, which is when the order's outcome became
 * visible to every consumer. Resolves once the group has joined, so nothing sent afterwards is missed.
 *
 * Timed by the record, not by its arrival here, the watcher may fetch like the product's consumers do
 * (up to 100 ms for 64 KB) instead of one fetch per event or two: at 14 orders/s that costs the bench,
 * and Kafka, which share the machine with what is measured, several ms of CPU per order less.
 */
export async function watchOrderEvents(kafka: Kafka, onEvent: (event: OrderEvent) => void) {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, ...FETCH_BATCHING });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.orders], fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const at = Number(message.timestamp);
      const { type, orderId } = JSON.parse(message.value?.toString() ?? '{}') as Partial<OrderEvent>;
      if (type && orderId) onEvent({ type, orderId, at });
    },
  });
  await joined;
  return { stop: () => consumer.disconnect() };
}
