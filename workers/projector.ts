import { startProjector } from '../projections';
import { createDb } from '../platform/db';
import { createKafka } from '../platform/kafka';
import { runProcess } from '../platform/run-process';

export { startProjector };

if (require.main === module) {
  runProcess('projector', async (config, logger) => {
    const db = createDb(config.postgres.url);
    const projector = await startProjector({
      db,
      kafka: createKafka(config.kafka.brokers, 'projector', logger),
      logger,
      topics: { partitions: config.kafka.topicPartitions, replicationFactor: config.kafka.replicationFactor },
    });
    return {
      async stop() {
        try {
          await projector.stop();
        } finally {
          await db.destroy();
        }
      },
    };
  });
}
