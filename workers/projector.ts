import { TOPICS } from '../contracts/events';
import { createConsumerMetrics } from '../platform/event-consumer';
import { serveMetrics } from '../platform/metrics-server';
import { DEFAULT_PROJECTOR_GROUP, startProjector } from '../projections';
import { registerPlacedToPaidGauge } from '../projections/order-latency-gauge';
import { createDb } from '../platform/db';
import { createKafka, topicSettings } from '../platform/kafka';
import { runProcess } from '../platform/run-process';

export { startProjector };

if (require.main === module) {
  runProcess('projector', async (config, logger) => {
    const db = createDb(config.postgres.url);
    const kafka = createKafka(config.kafka, 'projector', logger);
    const admin = kafka.admin();
    const metrics = createConsumerMetrics({
      prefix: 'projector',
      groupId: DEFAULT_PROJECTOR_GROUP,
      topics: Object.values(TOPICS),
      admin,
    });
    registerPlacedToPaidGauge(metrics.registry, db);
    const server = await serveMetrics(metrics.registry, config.metrics.projector, config.metrics.host);
    await admin.connect().catch(() => undefined);
    const projector = await startProjector({
      db,
      kafka,
      observer: metrics.observer,
      logger,
      topics: topicSettings(config.kafka),
    });
    return {
      async stop() {
        try {
          await server.stop();
          await projector.stop();
        } finally {
          await admin.disconnect().catch(() => undefined);
          await db.destroy();
        }
      },
    };
  });
}
