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

/**
 * kafkajs 2.2.4 re-armed a 1 ms timer on every broker connection for ever once it had sent a request
 * (patches/kafkajs+2.2.4.patch): each idle process woke about a thousand times a second. Counted here as
 * the timers kafkajs arms while a connected client has nothing to do.
 */
test('an idle kafkajs connection arms no timers (the patched request queue)', async () => {
  const admin = new Kafka({ brokers: loadConfig().kafka.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.describeCluster();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    await new Promise((resolve) => setImmediate(resolve));
    const before = setTimeoutSpy.mock.calls.length;
    await new Promise<void>((resolve) => {
      const started = Date.now();
      const spin = () => (Date.now() - started >= 300 ? resolve() : setImmediate(spin));
      spin();
    });
    const armed = setTimeoutSpy.mock.calls.length - before;
    setTimeoutSpy.mockRestore();
    expect(armed).toBeLessThan(5);
  } finally {
    await admin.disconnect();
  }
});
