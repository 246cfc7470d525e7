import type { Kafka } from 'kafkajs';
import { TOPICS } from '../contracts/events';
import type { Db } from '../platform/db';
import { startEventConsumer, type ConsumerStats } from '../platform/event-consumer';
import type { TopicSettings } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import { startMailSender, type MailSenderOptions } from './mail-sender';
import { serveMetrics, type MetricsServer } from '../platform/metrics-server';
import { createNotifierMetrics } from './notifier-metrics';
import { createEventRecorder } from './record-events';
import { createSmtpTransport } from './smtp';

export const NOTIFIER_GROUP = 'notifications';

export interface NotifierOptions {
  db: Db;
  kafka: Kafka;
  logger: Logger;
  smtpUrl: string;
  from: string;
  publicUrl: string;
  /** E-mails one address may get in an hour; beyond it they are recorded as not sent. */
  maxPerRecipientPerHour?: number;
  groupId?: string;
  /** Serves /metrics on this port when set. */
  metricsPort?: number;
  metricsHost?: string;
  topics?: TopicSettings;
  sender?: Pick<MailSenderOptions, 'pollMs' | 'retryBackoff' | 'maxRefusals' | 'giveUpAfterMs'>;
}

export interface Notifier {
  joined: Promise<void>;
  stats(): ConsumerStats;
  stop(): Promise<void>;
}

/**
 * The notification service: a consumer group that turns order events into queued e-mails, and a sender
 * that delivers the queue over SMTP. It lives on the domain events alone and owns its schema.
 */
export async function startNotifier(options: NotifierOptions): Promise<Notifier> {
  const { db, logger } = options;
  const metrics = createNotifierMetrics(db);
  const sender = startMailSender({
    db,
    transport: createSmtpTransport(options.smtpUrl),
    from: options.from,
    logger,
    metrics,
    ...options.sender,
  });
  const record = createEventRecorder({
    publicUrl: options.publicUrl,
    ...(options.maxPerRecipientPerHour ? { maxPerRecipientPerHour: options.maxPerRecipientPerHour } : {}),
  });
  const consumer = await startEventConsumer({
    name: 'notifier',
    db,
    kafka: options.kafka,
    logger,
    groupId: options.groupId ?? NOTIFIER_GROUP,
    // Product names come from inventory.restocked; every customer-facing moment is on orders.v1.
    subscribe: [TOPICS.orders, TOPICS.inventory],
    topics: options.topics,
    apply: async (db, items) => {
      const outcomes = await record(db, items);
      sender.wake();
      return outcomes;
    },
  });
  let server: MetricsServer | undefined;
  if (options.metricsPort !== undefined)
    server = await serveMetrics(metrics.registry, options.metricsPort, options.metricsHost);
  return {
    joined: consumer.joined,
    stats: consumer.stats,
    async stop() {
      await consumer.stop();
      await sender.stop();
      await server?.stop();
    },
  };
}
