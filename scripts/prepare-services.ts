import { loadConfig, type Config } from '../platform/config';
import { SESSION_LIMITS, createDb, migrateLatest } from '../platform/db';
import { createKafka, ensureTopics, topicSettings } from '../platform/kafka';
import { connectClient, registerSearchAttributes } from '../platform/temporal';
import { runCli } from './cli';

/** Everything the app needs to exist before it runs: tables, topics, search attributes. Idempotent. */
export async function prepareServices(config: Config): Promise<{ migrations: string[] }> {
  const db = createDb(config.postgres.url, { limits: SESSION_LIMITS.migrations });
  try {
    const migrations = await migrateLatest(db);
    await prepareTopics(config);
    const client = await connectClient(config);
    await registerSearchAttributes(client.connection, config.temporal.namespace).finally(() =>
      client.connection.close(),
    );
    return { migrations };
  } finally {
    await db.destroy();
  }
}

/** The domain topics and the dead-letter topic, with the configured partitions, replicas and min ISR. */
export async function prepareTopics(config: Config): Promise<void> {
  await ensureTopics(createKafka(config.kafka.brokers, 'order-setup'), topicSettings(config.kafka));
}

if (require.main === module) {
  runCli(async () => {
    const { migrations } = await prepareServices(loadConfig());
    process.stderr.write(
      `prepared: ${migrations.length} migration(s) applied, topics and search attributes in place\n`,
    );
  });
}
