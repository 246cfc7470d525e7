import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { TOPICS } from '../contracts/events';
import { backoffDelay, type BackoffOptions } from '../platform/backoff';
import type { Db } from '../platform/db';
import { ensureTopics, type TopicSettings } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import { createWakeSignal } from '../platform/wake-signal';
import { createBatchHandler } from './handle-batch';
import type { ProjectorStats } from './handle-message';

export const DEFAULT_PROJECTOR_GROUP = 'read-models';

export interface ProjectorOptions {
  db: Db;
  kafka: Kafka;
  logger: Logger;
  groupId?: string;
  /** Where a group without committed offsets starts: the read models are built from all history. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  attempts?: number;
  retryBackoff?: BackoffOptions;
  topics?: TopicSettings;
}

export interface Projector {
  /** Resolves once the consumer has joined its group for the first time. */
  joined: Promise<void>;
  stats(): ProjectorStats;
  stop(): Promise<void>;
}

/**
 * Runs the read-model consumer group. It starts, and restarts after a crash kafkajs gives up on, in the
 * background with backoff, so an unreachable Kafka delays the projector instead of ending it.
 */
export async function startProjector(options: ProjectorOptions): Promise<Projector> {
  const { db, kafka, fromBeginning = true, partitionsConsumedConcurrently = 8 } = options;
  const groupId = options.groupId ?? DEFAULT_PROJECTOR_GROUP;
  const logger = options.logger.child({ component: 'projector', groupId });
  const stats: ProjectorStats = { applied: 0, duplicates: 0, deadLettered: 0 };
  let current: { consumer: Consumer; producer: Producer } | undefined;
  let stopping = false;
  const stopped = createWakeSignal();
  let onJoined = () => {};
  const joined = new Promise<void>((resolve) => (onJoined = resolve));

  const startOnce = async () => {
    await ensureTopics(kafka, options.topics ?? { partitions: 6 });
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // Once stopping, a crash must not bring the consumer back behind stop()'s back.
      retry: { retries: 8, maxRetryTime: 5000, restartOnFailure: async () => !stopping },
    });
    current = { consumer, producer };
    consumer.on(consumer.events.GROUP_JOIN, () => onJoined());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (stopping) return;
      if (payload.restart) {
        logger.warn('projector consumer failed; kafkajs restarts it', { error: payload.error });
      } else {
        logger.error('projector consumer stopped on an error; starting a new one', { error: payload.error });
        void startWithRetry();
      }
    });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(TOPICS), fromBeginning });
    const eachBatch = createBatchHandler({
      db,
      producer,
      logger,
      consumerGroup: groupId,
      attempts: options.attempts ?? 3,
      backoff: options.retryBackoff ?? { initialMs: 100, maxMs: 2000 },
      stats,
    });
    await consumer.run({ partitionsConsumedConcurrently, eachBatch, eachBatchAutoResolve: false });
  };

  const disconnect = async () => {
    const running = current;
    current = undefined;
    await running?.consumer.disconnect().catch(() => undefined);
    await running?.producer.disconnect().catch(() => undefined);
  };

  let starting: Promise<void> = Promise.resolve();
  const startWithRetry = () =>
    (starting = starting.then(async () => {
      for (let attempt = 1; !stopping; attempt += 1) {
        try {
          await disconnect();
          await startOnce();
          return;
        } catch (error) {
          const retryInMs = backoffDelay(attempt, { initialMs: 500, maxMs: 10_000 });
          logger.warn('projector could not start; retrying', { error, attempt, retryInMs });
          await stopped.wait(retryInMs);
        }
      }
    }));

  void startWithRetry();
  return {
    joined,
    stats: () => ({ ...stats }),
    async stop() {
      stopping = true;
      stopped.wake();
      await starting;
      await disconnect();
      logger.info('projector stopped', { ...stats });
    },
  };
}
