import { startNotifier } from '../notifications';
import { createDb } from '../platform/db';
import { createKafka, topicSettings } from '../platform/kafka';
import { runProcess } from '../platform/run-process';

if (require.main === module) {
  runProcess('notifier', async (config, logger) => {
    const db = createDb(config.postgres.url);
    const notifier = await startNotifier({
      db,
      kafka: createKafka(config.kafka, 'notifier', logger),
      logger,
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      publicUrl: config.mail.publicUrl,
      maxPerRecipientPerHour: config.mail.perRecipientPerHour,
      groupId: config.notifier.groupId,
      metricsPort: config.notifier.metricsPort,
      metricsHost: config.metrics.host,
      topics: topicSettings(config.kafka),
    });
    return {
      async stop() {
        try {
          await notifier.stop();
        } finally {
          await db.destroy();
        }
      },
    };
  });
}
