import { startOutboxRelay } from '../outbox';
import { createDb } from '../platform/db';
import { createKafka, topicSettings } from '../platform/kafka';
import { serveMetrics } from '../platform/metrics-server';
import { runProcess } from '../platform/run-process';
import { createRelayMetrics } from '../outbox/relay-metrics';

export { startOutboxRelay };

if (require.main === module) {
  runProcess('outbox-relay', async (config, logger) => {
    const db = createDb(config.postgres.url, { max: 4 });
    let ownedShards = () => 0;
    const metrics = createRelayMetrics(db, () => ownedShards());
    const relay = await startOutboxRelay({
      observer: metrics,
      db,
      kafka: createKafka(config.kafka, 'outbox-relay', logger),
      logger,
      pollIntervalMs: config.outboxPollIntervalMs,
      topics: topicSettings(config.kafka),
    });
    ownedShards = () => relay.stats().ownedShards;
    const server = await serveMetrics(metrics.registry, config.metrics.outboxRelay, config.metrics.host);
    return {
      async stop() {
        try {
          await server.stop();
          await relay.stop();
        } finally {
          await db.destroy();
        }
      },
    };
  });
}
