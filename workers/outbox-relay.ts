import { startOutboxRelay } from '../outbox';
import { createDb } from '../platform/db';
import { createKafka } from '../platform/kafka';
import { runProcess } from '../platform/run-process';

export { startOutboxRelay };

if (require.main === module) {
  runProcess('outbox-relay', async (config, logger) => {
    const db = createDb(config.postgres.url, { max: 4 });
    const relay = await startOutboxRelay({
      db,
      kafka: createKafka(config.kafka.brokers, 'outbox-relay', logger),
      logger,
      pollIntervalMs: config.outboxPollIntervalMs,
      topics: { partitions: config.kafka.topicPartitions, replicationFactor: config.kafka.replicationFactor },
    });
    return {
      async stop() {
        try {
          await relay.stop();
        } finally {
          await db.destroy();
        }
      },
    };
  });
}
