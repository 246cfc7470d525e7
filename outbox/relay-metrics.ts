import { processRegistry } from '../platform/metrics-server';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Db } from '../platform/db';
import { OUTBOX_TABLES } from './outbox-shards';

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;

/** The relay's Prometheus metrics; the backlog is counted in the outbox tables at scrape time. */
export function createRelayMetrics(db: Db, ownedShards: () => number) {
  const registry = processRegistry();
  const published = new Counter({
    name: 'outbox_published_total',
    help: 'Outbox rows published to Kafka (and acknowledged), by topic',
    labelNames: ['topic'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'outbox_publish_errors_total',
    help: 'Relay cycles that failed (Kafka or PostgreSQL away); their rows stay and are retried',
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'outbox_publish_lag_seconds',
    help: 'From the outbox row being written (its transaction) to Kafka acknowledging the message',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'outbox_backlog',
    help: 'Unpublished rows per outbox table',
    labelNames: ['table'],
    registers: [registry],
    async collect() {
      for (const table of OUTBOX_TABLES) {
        const row = await db(table).whereNull('published_at').count({ n: '*' }).first();
        this.set({ table }, Number(row?.n ?? 0));
      }
    },
  });
  new Gauge({
    name: 'outbox_owned_shards',
    help: 'Outbox shards this relay instance owns (advisory locks)',
    registers: [registry],
    collect() {
      this.set(ownedShards());
    },
  });
  return {
    registry,
    published(rows: Array<{ topic: string; created_at: Date }>) {
      const now = Date.now();
      for (const row of rows) {
        published.inc({ topic: row.topic });
        lag.observe(Math.max(0, (now - new Date(row.created_at).getTime()) / 1000));
      }
    },
    failed: () => errors.inc(),
  };
}
