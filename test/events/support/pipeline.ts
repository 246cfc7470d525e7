import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { startOutboxRelay, type OutboxRelay } from '../../../outbox';
import type { Db } from '../../../platform/db';
import type { Logger } from '../../../platform/logger';
import { startProjector, type Projector } from '../../../projections';
import { untilPasses } from '../../support/eventually';

export interface Pipeline {
  groupId: string;
  relay: OutboxRelay;
  projector: Projector;
  stop(): Promise<void>;
}

/** A relay and a projector (in a consumer group of its own) on the test's database and Kafka. */
export async function startPipeline(db: Db, kafka: Kafka, logger: Logger, partitions = 6): Promise<Pipeline> {
  const topics = { partitions };
  const relay = await startOutboxRelay({
    db,
    kafka,
    logger,
    topics,
    pollIntervalMs: 100,
    rebalanceIntervalMs: 200,
  });
  const groupId = `test-${randomUUID()}`;
  const projector = await startProjector({
    db,
    kafka,
    logger,
    topics,
    groupId,
    retryBackoff: { initialMs: 50, maxMs: 200 },
  });
  return {
    groupId,
    relay,
    projector,
    stop: async () => {
      await Promise.all([relay.stop(), projector.stop()]);
    },
  };
}

/** Every event in the database's outbox tables, by id. */
export async function outboxEventIds(db: Db): Promise<string[]> {
  const { rows } = await db.raw<{ rows: Array<{ event_id: string }> }>(
    `select event_id from orders.outbox union all select event_id from inventory.outbox
     union all select event_id from payments.outbox`,
  );
  return rows.map((r) => r.event_id);
}

/** Waits until the projector has applied every event written to the database's outbox. */
export async function projected(db: Db, timeoutMs = 30_000): Promise<string[]> {
  return untilPasses(
    async () => {
      const ids = await outboxEventIds(db);
      const done = await db('read_models.inbox').whereIn('event_id', ids).count<{ n: string }[]>({ n: '*' });
      if (Number(done[0]!.n) !== ids.length)
        throw new Error(`${done[0]!.n} of ${ids.length} events projected`);
      return ids;
    },
    { timeoutMs },
  );
}
