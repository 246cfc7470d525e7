import type { EachBatchPayload, EachMessagePayload, KafkaMessage } from 'kafkajs';
import type { DomainEvent } from '../../contracts/events';
import { startApplySpans } from './apply-spans';
import { coalesceApplies } from './coalesce-applies';
import { decodeMessage } from './decode-message';
import { createMessageHandler, recordOutcomes, type MessageHandlerOptions } from './handle-message';
import { isTransientError } from './is-transient-error';

/** Events per transaction: enough to share one commit among many, few enough to keep locks short. */
const CHUNK = 100;

/**
 * Applies a partition's batch in chunks, one transaction per chunk. A chunk that fails for a reason
 * other than an outage is applied again message by message, so only the event that cannot be applied
 * is retried and dead-lettered. Offsets are resolved only after their chunk has committed.
 */
export function createBatchHandler(options: MessageHandlerOptions) {
  const handleOne = createMessageHandler(options);
  const { db, stats, observer } = options;
  // Chunks of the partitions kafkajs hands over together share a transaction; a message retried on its
  // own (handleOne) does not.
  const apply = coalesceApplies(options.apply);

  return async ({
    batch,
    resolveOffset,
    heartbeat,
    pause,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> => {
    const asPayload = (message: KafkaMessage): EachMessagePayload => ({
      topic: batch.topic,
      partition: batch.partition,
      message,
      heartbeat,
      pause,
    });
    let chunk: Array<{ message: KafkaMessage; event: DomainEvent }> = [];

    const flush = async () => {
      if (chunk.length === 0) return;
      try {
        const source = (m: KafkaMessage) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
        });
        const spans = startApplySpans(options.consumerGroup, chunk);
        const outcomes = await apply(
          db,
          chunk.map(({ message, event }) => ({ event, source: source(message) })),
        ).finally(() => spans.end());
        recordOutcomes(
          stats,
          observer,
          chunk.map((c) => c.event),
          outcomes,
        );
      } catch (error) {
        if (isTransientError(error)) throw error;
        for (const { message } of chunk) await handleOne(asPayload(message));
      }
      resolveOffset(chunk[chunk.length - 1]!.message.offset);
      chunk = [];
      await heartbeat();
    };

    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = decodeMessage(message.value);
      if (!decoded.ok) {
        // Keeps the partition's order: what came before is applied before this goes to the dead letters.
        await flush();
        await handleOne(asPayload(message));
        resolveOffset(message.offset);
        continue;
      }
      chunk.push({ message, event: decoded.event });
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
  };
}
