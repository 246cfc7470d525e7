import type { Knex } from 'knex';
import {
  EVENT_TYPES,
  EVENT_VERSION,
  parseEvent,
  TOPICS,
  type EventContext,
  type EventData,
  type EventType,
  type Topic,
} from '../contracts/events';
import { deterministicUuid } from '../platform/ids';
import { injectTraceContext } from '../platform/tracing';

/** Each topic belongs to one bounded context, whose schema holds its outbox table. */
export const OUTBOX_TABLE_BY_TOPIC: Record<Topic, string> = {
  [TOPICS.orders]: 'orders.outbox',
  [TOPICS.inventory]: 'inventory.outbox',
  [TOPICS.payments]: 'payments.outbox',
};

export interface NewEvent<T extends EventType> {
  type: T;
  orderId: string;
  data: EventData<T>;
  context: EventContext;
  /** Defaults to an id derived from the order and the type: each order emits each type at most once. */
  idempotencyName?: string;
  occurredAt?: Date;
}

export function eventIdFor(orderId: string, type: EventType, idempotencyName?: string): string {
  return deterministicUuid(idempotencyName ?? `${orderId}/${type}`);
}

/**
 * Writes an event into its context's outbox inside the caller's transaction. A retried activity writes
 * the same event id, which the unique constraint turns into a no-op.
 */
export async function appendEvent<T extends EventType>(
  trx: Knex.Transaction,
  event: NewEvent<T>,
): Promise<string> {
  const [eventId] = await appendEvents(trx, [event]);
  return eventId!;
}

/**
 * Several events, in the given order, with one insert per outbox table instead of one per event (ids
 * within a table follow the order of the rows). Returns their ids in the same order.
 */
export async function appendEvents(trx: Knex.Transaction, events: NewEvent<EventType>[]): Promise<string[]> {
  const rowsByTable = new Map<string, OutboxInsert[]>();
  const now = Date.now();
  const ids = events.map((event, i) => {
    // Written together, but one after another in their causation: a millisecond apart, so that ordering
    // by occurredAt keeps that order (as it did when each event took a round trip of its own).
    const row = outboxRow({ ...event, occurredAt: event.occurredAt ?? new Date(now + i) });
    const table = OUTBOX_TABLE_BY_TOPIC[row.topic];
    rowsByTable.set(table, [...(rowsByTable.get(table) ?? []), row]);
    return row.event_id;
  });
  for (const [table, rows] of rowsByTable) await trx(table).insert(rows).onConflict('event_id').ignore();
  return ids;
}

type OutboxInsert = ReturnType<typeof outboxRow>;

function outboxRow<T extends EventType>(event: NewEvent<T>) {
  const eventId = eventIdFor(event.orderId, event.type, event.idempotencyName);
  const envelope = parseEvent({
    eventId,
    type: event.type,
    version: EVENT_VERSION,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    orderId: event.orderId,
    correlationId: event.context.correlationId,
    causationId: event.context.causationId,
    data: event.data,
  });
  return {
    event_id: eventId,
    topic: EVENT_TYPES[event.type].topic as Topic,
    message_key: event.orderId,
    event_type: event.type,
    payload: envelope,
    // With tracing on, the trace context of the step that wrote the event (`traceparent`) rides along
    // to Kafka, so the relay's publish and the consumers' work join the order's trace.
    headers: injectTraceContext({
      eventId,
      eventType: event.type,
      eventVersion: String(EVENT_VERSION),
      correlationId: event.context.correlationId,
      causationId: event.context.causationId,
    }),
  };
}
