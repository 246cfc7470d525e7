import type { Kafka } from 'kafkajs';
import type { ClientConfig } from 'pg';
import { backoffDelay, type BackoffOptions } from '../platform/backoff';
import type { Db } from '../platform/db';
import type { TopicSettings } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import { createWakeSignal } from '../platform/wake-signal';
import { createKafkaPublisher } from './kafka-publisher';
import { fetchUnpublished, markPublished, type OutboxRow } from './outbox-rows';
import { OUTBOX_TABLES } from './outbox-shards';
import { startPublishSpans } from './publish-spans';
import { createShardLocks } from './shard-locks';
import { sessionConfigOf } from './session-config';

export interface OutboxRelayOptions {
  db: Db;
  kafka: Kafka;
  logger: Logger;
  /** Fallback for a missed NOTIFY, e.g. while the relay's session was reconnecting. */
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * After a NOTIFY, how long the relay waits before reading: an order's steps commit a few milliseconds
   * apart, and other orders' meanwhile, so one pass (one produce request) carries them together.
   */
  lingerMs?: number;
  /** How soon a relay notices instances that came or went, and takes over or hands back shards. */
  rebalanceIntervalMs?: number;
  backoff?: BackoffOptions;
  /** How long one batch may wait for Kafka before the relay counts it as failed and backs off. */
  publishTimeoutMs?: number;
  topics?: TopicSettings;
  /** The connection for the relay's own session; defaults to the one `db` was created with. */
  session?: ClientConfig;
  /** Told of each published batch and each failed cycle. */
  observer?: { published(rows: OutboxRow[]): void; failed(): void };
}

export interface OutboxRelay {
  stop(): Promise<void>;
  stats(): { published: number; ownedShards: number };
}

/**
 * Publishes committed outbox rows to Kafka at least once, in id order per key, then marks them
 * published. Failures (Kafka or PostgreSQL away) are logged and retried with backoff; rows are never
 * skipped. A relay stopped between publishing and marking publishes those rows again.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const {
    db,
    kafka,
    pollIntervalMs = 200,
    batchSize = 500,
    lingerMs = 20,
    rebalanceIntervalMs = 2000,
  } = options;
  const backoff = options.backoff ?? { initialMs: 200, maxMs: 5000 };
  const logger = options.logger.child({ component: 'outbox-relay' });
  const work = createWakeSignal();
  // Separate from `work`: a NOTIFY must not cut a backoff short while Kafka is away.
  const stopped = createWakeSignal();
  const locks = createShardLocks({
    connection: options.session ?? sessionConfigOf(db),
    logger,
    onNotify: work.wake,
  });
  const publisher = createKafkaPublisher(
    kafka,
    options.topics ?? { partitions: 6 },
    options.publishTimeoutMs ?? 10_000,
  );
  let stopping = false;
  let published = 0;

  /**
   * One pass over the owned shards of every table, sent to Kafka in one request: an order's step writes
   * to two or three tables at once, and one produce request per table cost the broker and the relay a
   * request each. True when a full batch suggests more is waiting.
   */
  const relayOnce = async () => {
    const batches: Array<{ table: string; rows: OutboxRow[] }> = [];
    for (const table of OUTBOX_TABLES) {
      const shards = locks.owned(table);
      if (shards.length === 0 || stopping) continue;
      const rows = await fetchUnpublished(db, table, shards, batchSize);
      if (rows.length > 0) batches.push({ table, rows });
    }
    if (batches.length === 0) return false;
    const rows = batches.flatMap((batch) => batch.rows);
    const publishing = startPublishSpans(rows);
    await publisher.publish(publishing.rows).then(
      () => publishing.end(),
      (error: Error) => {
        publishing.end(error);
        throw error;
      },
    );
    for (const batch of batches)
      await markPublished(
        db,
        batch.table,
        batch.rows.map((row) => row.id),
      );
    published += rows.length;
    options.observer?.published(rows);
    return batches.some((batch) => batch.rows.length === batchSize);
  };

  const loop = async () => {
    let failures = 0;
    let nextRebalanceAt = 0;
    while (!stopping) {
      try {
        if (Date.now() >= nextRebalanceAt) {
          await locks.rebalance();
          nextRebalanceAt = Date.now() + rebalanceIntervalMs;
        }
        const more = await relayOnce();
        if (failures > 0) logger.info('outbox relay recovered', { failedAttempts: failures });
        failures = 0;
        if (!more && (await work.wait(Math.min(pollIntervalMs, nextRebalanceAt - Date.now()))))
          await stopped.wait(lingerMs);
      } catch (error) {
        failures += 1;
        options.observer?.failed();
        const retryInMs = backoffDelay(failures, backoff);
        logger.warn('outbox relay cycle failed; rows stay unpublished and will be retried', {
          error,
          attempt: failures,
          retryInMs,
        });
        await stopped.wait(retryInMs);
        nextRebalanceAt = 0;
      }
    }
  };

  const running = loop();
  logger.info('outbox relay started');
  return {
    async stop() {
      stopping = true;
      work.wake();
      stopped.wake();
      await running;
      await Promise.allSettled([publisher.close(), locks.close()]);
      logger.info('outbox relay stopped', { published });
    },
    stats: () => ({ published, ownedShards: locks.ownedCount() }),
  };
}
