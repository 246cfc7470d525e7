import { loadConfig, type Config } from '../platform/config';
import { SESSION_LIMITS, createDb, migrateLatest } from '../platform/db';
import { createKafka, ensureTopics, topicSettings } from '../platform/kafka';
import { applyDatabaseGrants } from '../platform/db-roles';
import { registerSearchAttributes, temporalConnectionOptions } from '../platform/temporal';
import { Connection } from '@temporalio/client';
import { runCli } from './cli';

/**
 * Everything the app needs to exist before it runs: tables and each process role's grants on them,
 * topics, search attributes. Idempotent. Run as the database's owner (or a superuser), Kafka's
 * administrator and Temporal's operator; needs no payload key (it encodes nothing).
 */
export async function prepareServices(config: Config): Promise<{ migrations: string[] }> {
  const migrations = await prepareDatabase(config.postgres.url, config);
  await prepareTopics(config);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  await registerSearchAttributes(connection, config.temporal.namespace).finally(() => connection.close());
  return { migrations };
}

/** The migrations, then each process role's grants on what they made; as the owner (`url`). */
export async function prepareDatabase(url: string, config: Config): Promise<string[]> {
  const db = createDb(url, { limits: SESSION_LIMITS.migrations });
  try {
    const migrations = await migrateLatest(db);
    await applyDatabaseGrants(db, { apiRunsOrderWorker: config.api.eagerStart });
    return migrations;
  } finally {
    await db.destroy();
  }
}

/** The domain topics and the dead-letter topic, with the configured partitions, replicas and min ISR. */
export async function prepareTopics(config: Config): Promise<void> {
  await ensureTopics(createKafka(config.kafka, 'order-setup'), topicSettings(config.kafka));
}

if (require.main === module) {
  runCli(async () => {
    const { migrations } = await prepareServices(loadConfig());
    process.stderr.write(
      `prepared: ${migrations.length} migration(s) applied, topics and search attributes in place\n`,
    );
  });
}
