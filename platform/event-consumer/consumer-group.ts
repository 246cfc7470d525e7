import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { DEAD_LETTER_TOPIC, TOPICS, type Topic } from '../../contracts/events';
import { backoffDelay, type BackoffOptions } from '../backoff';
import type { Db } from '../db';
import { ensureTopics, type TopicSettings } from '../kafka';
import type { Logger } from '../logger';
import { createWakeSignal } from '../wake-signal';
import { createBatchHandler } from './handle-batch';
import type { ApplyEvents, ConsumerObserver, ConsumerStats } from './handle-message';

export interface EventConsumerOptions {
  /** Names the consumer in logs: `projector`, `notifier`. */
  name: string;
  db: Db;
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  /** What the consumer does with events, in one transaction with its inbox rows. */
  apply: ApplyEvents;
  /** The domain topics it reads; all of them by default. */
  subscribe?: Topic[];
  /** Where a group without committed offsets starts. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  attempts?: number;
  retryBackoff?: BackoffOptions;
  topics?: TopicSettings;
  observer?: ConsumerObserver;
}

export interface EventConsumer {
  /** Resolves once the consumer has joined its group for the first time. */
  joined: Promise<void>;
  stats(): ConsumerStats;
  stop(): Promise<void>;
}

/**
 * How a fetch waits for events: the broker answers once this many bytes are ready or the wait is over.
 * kafkajs asks for 1 byte by default, so under load every event or two is a fetch of its own, a batch
 * per partition, and a transaction per batch; waiting up to 100 ms gathers them into fewer, larger
 * batches, for at most 100 ms more before a read model or an e-mail follows an event.
 */
export const FETCH_BATCHING = { minBytes: 64 * 1024, maxWaitTimeInMs: 100 } as const;

/**
 * Runs a consumer group on the domain topics. It starts, and restarts after a crash kafkajs gives up on,
 * in the background with backoff, so an unreachable Kafka delays the consumer instead of ending it.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const { name, db, kafka, groupId, fromBeginning = true, partitionsConsumedConcurrently = 8 } = options;
  const logger = options.logger.child({ component: name, groupId });
  const stats: ConsumerStats = { applied: 0, duplicates: 0, deadLettered: 0 };
  let current: { consumer: Consumer; producer: Producer } | undefined;
  let stopping = false;
  const stopped = createWakeSignal();
  let onJoined = () => {};
  const joined = new Promise<void>((resolve) => (onJoined = resolve));

  const subscribed = options.subscribe ?? Object.values(TOPICS);
  const startOnce = async () => {
    // What it reads and where it moves what it cannot apply; its Kafka user may touch nothing else.
    await ensureTopics(kafka, options.topics ?? { partitions: 6 }, [...subscribed, DEAD_LETTER_TOPIC]);
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      ...FETCH_BATCHING,
      // A member that died is replaced after this long (kafkajs: 30 s); its partitions wait meanwhile.
      sessionTimeout: 10_000,
      // Once stopping, a crash must not bring the consumer back behind stop()'s back.
      retry: { retries: 8, maxRetryTime: 5000, restartOnFailure: async () => !stopping },
    });
    current = { consumer, producer };
    consumer.on(consumer.events.GROUP_JOIN, () => onJoined());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (stopping) return;
      if (payload.restart) {
        logger.warn(`${name} consumer failed; kafkajs restarts it`, { error: payload.error });
      } else {
        logger.error(`${name} consumer stopped on an error; starting a new one`, { error: payload.error });
        void startWithRetry();
      }
    });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: subscribed, fromBeginning });
    const eachBatch = createBatchHandler({
      db,
      apply: options.apply,
      producer,
      logger,
      consumerGroup: groupId,
      attempts: options.attempts ?? 3,
      backoff: options.retryBackoff ?? { initialMs: 100, maxMs: 2000 },
      stats,
      observer: options.observer,
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
          logger.warn(`${name} could not start; retrying`, { error, attempt, retryInMs });
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
      logger.info(`${name} stopped`, { ...stats });
    },
  };
}
