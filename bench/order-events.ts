import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '../contracts/events';

export interface OrderEvent {
  type: string;
  orderId: string;
  at: number;
}

/**
 * Watches `orders.v1` from a consumer group of its own and hands each order event, with the time it
 * arrived here, to `onEvent`. Resolves once the group has joined, so nothing sent afterwards is missed.
 */
export async function watchOrderEvents(kafka: Kafka, onEvent: (event: OrderEvent) => void) {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.orders], fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const at = Date.now();
      const { type, orderId } = JSON.parse(message.value?.toString() ?? '{}') as Partial<OrderEvent>;
      if (type && orderId) onEvent({ type, orderId, at });
    },
  });
  await joined;
  return { stop: () => consumer.disconnect() };
}
