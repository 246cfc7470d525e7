import { Kafka, logLevel, type LogEntry, type ITopicConfig } from 'kafkajs';
import { DEAD_LETTER_TOPIC, TOPICS } from '../contracts/events';
import type { Logger } from './logger';

export const ALL_TOPICS = [...Object.values(TOPICS), DEAD_LETTER_TOPIC];

/** Connection chatter, one line per retry while a broker is away; the relay and projector report outages. */
const QUIET_NAMESPACES = new Set(['BrokerPool', 'Connection']);

/**
 * A kafkajs client whose own log lines (errors only: it is chatty below that) go through our structured
 * logger instead of its console output.
 */
export function createKafka(brokers: string[], clientId: string, logger?: Logger): Kafka {
  const kafkaLogger = logger?.child({ component: 'kafkajs' });
  return new Kafka({
    brokers,
    clientId,
    logLevel: kafkaLogger ? logLevel.ERROR : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      const log = QUIET_NAMESPACES.has(entry.namespace) ? kafkaLogger?.debug : kafkaLogger?.warn;
      log?.(message, { namespace: entry.namespace, ...fields });
    },
  });
}

export interface TopicSettings {
  partitions: number;
  replicationFactor?: number;
}

/**
 * Creates the domain topics and the dead-letter topic when missing, with an explicit partition count
 * (the key-to-partition mapping depends on it, so it must not be left to broker defaults). Safe to run
 * from several processes at once: a topic that appears meanwhile counts as created.
 */
export async function ensureTopics(
  kafka: Kafka,
  { partitions, replicationFactor = 1 }: TopicSettings,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = ALL_TOPICS.filter((topic) => !existing.has(topic)).map((topic) => ({
      topic,
      numPartitions: partitions,
      replicationFactor,
    }));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
