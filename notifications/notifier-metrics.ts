import { processRegistry } from '../platform/metrics-server';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Db } from '../platform/db';

export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;

/** The notifier's Prometheus metrics; the queue gauge is read from the database at scrape time. */
export function createNotifierMetrics(db: Db) {
  const registry = processRegistry();
  const sent = new Counter({
    name: 'notifier_emails_sent_total',
    help: 'E-mails the mail server accepted, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const retried = new Counter({
    name: 'notifier_email_retries_total',
    help: 'Failed attempts at sending an e-mail that will be retried, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'notifier_emails_failed_total',
    help: 'E-mails given up on after bounded retries (status failed in notifications.emails), by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'notifier_event_to_sent_seconds',
    help: 'From the domain event that caused an e-mail to the mail server accepting it',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'notifier_emails',
    help: 'E-mails in notifications.emails by status (pending is the queue)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await db('notifications.emails').select('status').count('* as count').groupBy('status');
      this.reset();
      for (const row of rows) this.set({ status: row.status as string }, Number(row.count));
    },
  });
  return {
    registry,
    sent(kind: string, eventAt: Date) {
      sent.inc({ kind });
      lag.observe(Math.max(0, (Date.now() - eventAt.getTime()) / 1000));
    },
    retried: (kind: string) => retried.inc({ kind }),
    failed: (kind: string) => failed.inc({ kind }),
  };
}
