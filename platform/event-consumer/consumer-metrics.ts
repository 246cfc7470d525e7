import { processRegistry } from '../metrics-server';
import type { Admin } from 'kafkajs';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DomainEvent, DeadLetterReason } from '../../contracts/events';
import type { ApplyOutcome, ConsumerObserver } from './handle-message';

export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;

/**
 * A consumer group's Prometheus metrics: events applied and skipped as duplicates by type, dead letters
 * by reason, event → read-model lag, and the group's lag per partition (read from Kafka at scrape time).
 */
export function createConsumerMetrics({
  prefix,
  groupId,
  topics,
  admin,
}: {
  /** `projector`: the metric names start with it. */
  prefix: string;
  groupId: string;
  topics: string[];
  admin: Admin;
}) {
  const registry = processRegistry();
  const applied = new Counter({
    name: `${prefix}_events_applied_total`,
    help: 'Events applied to the read models, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: `${prefix}_events_duplicate_total`,
    help: 'Events skipped because the inbox had them already (redeliveries), by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: `${prefix}_events_dead_lettered_total`,
    help: 'Messages moved to the dead-letter topic, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: `${prefix}_event_lag_seconds`,
    help: 'From the event occurring (its outbox transaction) to it being applied',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: `${prefix}_consumer_lag`,
    help: "Messages behind the partition's end, per topic and partition, for this consumer group",
    labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      await admin.connect(); // a no-op once connected; reconnects after an outage
      const committed = await admin.fetchOffsets({ groupId, topics });
      for (const { topic, partitions } of committed) {
        const ends = new Map(
          (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
        );
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition) ?? 0;
          // -1: nothing committed yet, so the whole partition is behind.
          const at = Number(offset) < 0 ? 0 : Number(offset);
          this.set({ topic, partition: String(partition) }, Math.max(0, end - at));
        }
      }
    },
  });
  const observer: ConsumerObserver = {
    outcome(event: DomainEvent, outcome: ApplyOutcome) {
      if (outcome === 'duplicate') return void duplicates.inc({ type: event.type });
      applied.inc({ type: event.type });
      lag.observe(Math.max(0, (Date.now() - Date.parse(event.occurredAt)) / 1000));
    },
    deadLettered: (reason: DeadLetterReason) => deadLettered.inc({ reason }),
  };
  return { registry, observer };
}
