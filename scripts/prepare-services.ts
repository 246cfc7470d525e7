import { loadConfig, type Config } from '../platform/config';
import { SESSION_LIMITS, createDb, migrateLatest } from '../platform/db';
import { createKafka, ensureTopics } from '../platform/kafka';
import { connectClient, registerSearchAttributes } from '../platform/temporal';
import { runCli } from './cli';

/** Everything the app needs to exist before it runs: tables, topics, search attributes. Idempotent. */
export async function prepareServices(config: Config): Promise<{ migrations: string[] }> {
  const db = createDb(config.postgres.url, { limits: SESSION_LIMITS.migrations });
  try {
    const migrations = await migrateLatest(db);
    await ensureTopics(createKafka(config.kafka.brokers, 'order-setup'), {
      partitions: config.kafka.topicPartitions,
      replicationFactor: config.kafka.replicationFactor,
    });
    const client = await connectClient(config);
    await registerSearchAttributes(client.connection, config.temporal.namespace).finally(() =>
      client.connection.close(),
    );
    return { migrations };
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  runCli(async () => {
    const { migrations } = await prepareServices(loadConfig());
    process.stderr.write(
      `prepared: ${migrations.length} migration(s) applied, topics and search attributes in place\n`,
    );
  });
}
