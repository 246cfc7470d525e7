import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface TopicMessage {
  partition: number;
  offset: number;
  key: string | undefined;
  value: string | undefined;
  timestamp: number;
  headers: Record<string, string>;
}

/** Everything on a topic up to its end at call time, in offset order within each partition. */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const ends = new Map(
    offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  const messages: TopicMessage[] = [];
  if (ends.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            const end = ends.get(partition);
            if (end === undefined) return;
            messages.push({
              partition,
              offset,
              key: message.key?.toString(),
              value: message.value?.toString(),
              timestamp: Number(message.timestamp),
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
              ),
            });
            if (offset + 1 >= end) ends.delete(partition);
            if (ends.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
