import { Kafka, logLevel, type Admin, type LogEntry, type ITopicConfig } from 'kafkajs';
import { DEAD_LETTER_TOPIC, TOPICS } from '../contracts/events';
import type { Config } from './config';
import type { Logger } from './logger';

export const ALL_TOPICS = [...Object.values(TOPICS), DEAD_LETTER_TOPIC];

/** Connection chatter, one line per retry while a broker is away; the relay and projector report outages. */
const QUIET_NAMESPACES = new Set(['BrokerPool', 'Connection']);

/** This process's Kafka user (SASL/SCRAM), as the configuration has it. */
export type KafkaSasl = NonNullable<Config['kafka']['sasl']>;

/** Where Kafka is and, when its listeners require SASL, as whom to connect: `config.kafka` fits. */
export interface KafkaConnection {
  brokers: string[];
  sasl?: KafkaSasl;
}

/**
 * A kafkajs client whose own log lines (errors only: it is chatty below that) go through our structured
 * logger instead of its console output. It connects as the connection's SASL user when there is one.
 */
export function createKafka({ brokers, sasl }: KafkaConnection, clientId: string, logger?: Logger): Kafka {
  const kafkaLogger = logger?.child({ component: 'kafkajs' });
  return new Kafka({
    brokers,
    clientId,
    ...(sasl ? { sasl } : {}),
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
  /**
   * The topics' `min.insync.replicas`: the replicas that must have a write before an acks=all send
   * succeeds. Unset, the broker's default applies.
   */
  minInsyncReplicas?: number;
}

/** The topic settings of the configuration (KAFKA_TOPIC_PARTITIONS, _REPLICATION_FACTOR, _MIN_INSYNC_REPLICAS). */
export function topicSettings(kafka: {
  topicPartitions: number;
  replicationFactor: number;
  minInsyncReplicas?: number;
}): TopicSettings {
  return {
    partitions: kafka.topicPartitions,
    replicationFactor: kafka.replicationFactor,
    minInsyncReplicas: kafka.minInsyncReplicas,
  };
}

/**
 * Creates the domain topics and the dead-letter topic when missing, with an explicit partition count
 * (the key-to-partition mapping depends on it, so it must not be left to broker defaults). Safe to run
 * from several processes at once: a topic that appears meanwhile counts as created.
 */
export async function ensureTopics(
  kafka: Kafka,
  { partitions, replicationFactor = 1, minInsyncReplicas }: TopicSettings,
  /**
   * The topics to ensure: a worker names only those it reads or writes. Where ACLs guard the topics it
   * then sees all of them (its Read or Write implies Describe) and asks to create none: topic creation
   * stays with the administrator (scripts/prepare-services.ts).
   */
  topics: readonly string[] = ALL_TOPICS,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = topics
      .filter((topic) => !existing.has(topic))
      .map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        ...(minInsyncReplicas === undefined
          ? {}
          : { configEntries: [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }] }),
      }));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: false });
      await waitForLeaders(
        admin,
        missing.map((t) => t.topic),
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** How long new topics may take to show a leader for every partition. */
const LEADERS_TIMEOUT_MS = 30_000;
/** What a broker answers about a topic until the new topic's metadata has reached it. */
const NOT_YET_KNOWN = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Waits until the topics have a leader on every partition. kafkajs' own `waitForLeaders` gives up when
 * the broker it asks does not know a topic yet, which happens on a cluster of several brokers: the
 * controller has created the topic, and the metadata reaches the other brokers a moment later.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const led = found.filter((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (led.length === topics.length) return;
    } catch (error) {
      const { type, cause } = error as { type?: string; cause?: { type?: string } };
      if (!NOT_YET_KNOWN.has(type ?? cause?.type ?? '')) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka topics ${topics.join(', ')} had no leader after ${LEADERS_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
