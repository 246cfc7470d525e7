import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../../platform/config';

test('a message produced to Kafka is consumed back by a consumer group', async () => {
  const kafka = new Kafka({ brokers: loadConfig().kafka.brokers, logLevel: logLevel.NOTHING });
  const topic = `smoke-${randomUUID()}`;
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const value = `hello ${randomUUID()}`;
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });

    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
    });
    await expect(received).resolves.toBe(value);
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
