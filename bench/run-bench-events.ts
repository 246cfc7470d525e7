import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startOutboxRelay } from '../outbox';
import { loadConfig } from '../platform/config';
import { createKafka, ensureTopics } from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { startProjector } from '../projections';
import { observeTopics } from './events/observe-topics';
import { renderLagTable } from './percentiles';
import { createScratchDatabase } from '../platform/db';
import { writeEvents } from './events/write-events';
import { runCli, UsageError } from '../scripts/cli';

const USAGE = `usage: npm run bench:events -- [--events N] [--rate PER_SECOND] [--writers N]

Against the stack named by DATABASE_URL and KAFKA_BROKERS (or the default local ports): runs a relay and
a projector in-process on a scratch database, writes N events through the outbox, and prints the lag
from commit to Kafka and from occurredAt to the read model. Stops by itself.`;

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '3000' },
      rate: { type: 'string', default: '500' },
      writers: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const count = Number(values.events);
  const rate = Number(values.rate);
  const writers = Number(values.writers);
  if (![count, rate, writers].every((n) => Number.isInteger(n) && n > 0)) throw new UsageError(USAGE);

  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const topics = {
    partitions: config.kafka.topicPartitions,
    replicationFactor: config.kafka.replicationFactor,
  };
  const kafka = createKafka(config.kafka, 'bench-events', logger);
  // The observer subscribes at once; on a fresh stack nothing has created the topics yet.
  await ensureTopics(kafka, topics);
  const scratch = await createScratchDatabase(config.postgres.url, 'bench', { poolMax: 20 });
  const { db } = scratch;
  const stops: Array<() => Promise<void>> = [];
  try {
    const relay = await startOutboxRelay({
      db,
      kafka,
      logger,
      topics,
      pollIntervalMs: config.outboxPollIntervalMs,
    });
    stops.push(() => relay.stop());
    const groupId = `bench-${randomUUID()}`;
    const projector = await startProjector({ db, kafka, logger, topics, groupId, fromBeginning: false });
    stops.push(() => projector.stop());
    const observer = await observeTopics(kafka);
    stops.push(() => observer.stop());
    await Promise.all([projector.joined, observer.joined]);
    process.stderr.write(`writing ${count} events at ${rate}/s from ${writers} connections...\n`);
    const { written, seconds } = await writeEvents(db, { count, rate, writers });
    const ids = written.map((w) => w.eventId);
    const processed = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while ((processed.size < count || observer.received.size < count) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const rows: Array<{ event_id: string; processed_at: Date }> = await db('read_models.inbox')
        .whereIn('event_id', ids)
        .select('event_id', 'processed_at');
      for (const row of rows) processed.set(row.event_id, row.processed_at.getTime());
    }
    const seen = (map: Map<string, number>, at: (w: (typeof written)[number]) => number) =>
      written.filter((w) => map.has(w.eventId)).map((w) => map.get(w.eventId)! - at(w));
    console.log(
      `\n${count} events in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s), ${writers} writers, ` +
        `${config.kafka.topicPartitions} partitions, poll fallback ${config.outboxPollIntervalMs} ms\n`,
    );
    console.log(
      renderLagTable([
        { label: 'outbox commit -> Kafka consumer', samples: seen(observer.received, (w) => w.committedAt) },
        { label: 'occurredAt -> read model (inbox)', samples: seen(processed, (w) => w.occurredAt) },
        { label: 'outbox commit -> read model (inbox)', samples: seen(processed, (w) => w.committedAt) },
      ]),
    );
    if (processed.size < count || observer.received.size < count) {
      throw new Error(
        `timed out: ${observer.received.size}/${count} on Kafka, ${processed.size}/${count} projected`,
      );
    }
  } finally {
    await Promise.allSettled(stops.map((stop) => stop()));
    await scratch.drop();
  }
}

runCli(main);
