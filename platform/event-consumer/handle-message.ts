import type { EachMessagePayload, Producer } from 'kafkajs';
import type { DeadLetterReason, DomainEvent } from '../../contracts/events';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { sendToDeadLetter, type MessageSource } from './dead-letter';
import { startApplySpans } from './apply-spans';
import { decodeMessage } from './decode-message';
import { isTransientError } from './is-transient-error';

export interface ConsumerStats {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

/** Told of every outcome, for metrics; the consumer's own counts are `ConsumerStats`. */
export interface ConsumerObserver {
  outcome(event: DomainEvent, outcome: ApplyOutcome): void;
  deadLettered(reason: DeadLetterReason): void;
}

/** Counts an applied batch's outcomes, in the stats and with the observer. */
export function recordOutcomes(
  stats: ConsumerStats,
  observer: ConsumerObserver | undefined,
  events: DomainEvent[],
  outcomes: ApplyOutcome[],
): void {
  outcomes.forEach((outcome, i) => {
    stats[outcome === 'applied' ? 'applied' : 'duplicates'] += 1;
    observer?.outcome(events[i]!, outcome);
  });
}

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * Applies events in one transaction with their inbox rows, so each is applied once however often it is
 * delivered; the outcomes come back in the same order. One transaction may carry a whole batch.
 */
export type ApplyEvents = (
  db: Db,
  items: Array<{ event: DomainEvent; source: MessageSource }>,
) => Promise<ApplyOutcome[]>;

export interface MessageHandlerOptions {
  db: Db;
  apply: ApplyEvents;
  producer: Producer;
  logger: Logger;
  consumerGroup: string;
  /** Attempts at applying a valid event before it goes to the dead-letter topic. */
  attempts: number;
  backoff: BackoffOptions;
  stats: ConsumerStats;
  observer?: ConsumerObserver;
}

/**
 * Applies one message. Whatever can never be applied goes to the dead-letter topic and the partition
 * moves on. When PostgreSQL or Kafka is away the handler throws instead, and kafkajs delivers the
 * message again later, so nothing is skipped.
 */
export function createMessageHandler(options: MessageHandlerOptions) {
  const { db, apply, producer, logger, consumerGroup, attempts, backoff, stats, observer } = options;
  const sourceOf = ({ topic, partition, message }: EachMessagePayload) => ({
    topic,
    partition,
    offset: message.offset,
  });
  const deadLetter = async (payload: EachMessagePayload, reason: DeadLetterReason, error: Error) => {
    const source = sourceOf(payload);
    await sendToDeadLetter(producer, { message: payload.message, source, consumerGroup, reason, error });
    stats.deadLettered += 1;
    observer?.deadLettered(reason);
    logger.warn('message moved to the dead-letter topic', { ...source, reason, error: error.message });
  };

  return async (payload: EachMessagePayload): Promise<void> => {
    const decoded = decodeMessage(payload.message.value);
    if (!decoded.ok) return deadLetter(payload, 'invalid-message', decoded.error);
    const source = sourceOf(payload);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const spans = startApplySpans(consumerGroup, [{ message: payload.message, event: decoded.event }]);
        const outcomes = await apply(db, [{ event: decoded.event, source }]).finally(() => spans.end());
        recordOutcomes(stats, observer, [decoded.event], outcomes);
        return;
      } catch (error) {
        if (isTransientError(error)) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        if (attempt >= attempts) return deadLetter(payload, 'processing-failed', failure);
        logger.warn('applying an event failed; retrying', {
          eventId: decoded.event.eventId,
          attempt,
          error: failure.message,
        });
        await sleep(backoffDelay(attempt, backoff));
      }
    }
  };
}
