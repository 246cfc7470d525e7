import { z } from 'zod';
import { CANCEL_REASONS, REJECT_REASONS } from './order';

export const TOPICS = { orders: 'orders.v1', inventory: 'inventory.v1', payments: 'payments.v1' } as const;
export const DEAD_LETTER_TOPIC = 'dead-letter.v1';
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

const Line = z.object({
  productId: z.uuid(),
  quantity: z.number().int().positive(),
  unitPriceCents: z.number().int().positive(),
  /** The product's seller, who ships the line (absent on orders placed before marketplace shipping). */
  sellerId: z.string().optional(),
});
const Quantities = z.array(Line.pick({ productId: true, quantity: true }));
const Money = { amountCents: z.number().int().positive(), currency: z.string().length(3) };

/** Every event type with the schema of its `data`, and the topic (bounded context) it belongs to. */
export const EVENT_TYPES = {
  'order.placed': {
    topic: TOPICS.orders,
    data: z.object({
      customerId: z.string(),
      /** The customer's address for notifications, when the token that placed the order had one. */
      customerEmail: z.email().optional(),
      items: z.array(Line),
      totalCents: z.number().int(),
      currency: z.string().length(3),
    }),
  },
  'order.confirmed': { topic: TOPICS.orders, data: z.object({ paymentDueAt: z.iso.datetime() }) },
  'order.rejected': {
    topic: TOPICS.orders,
    data: z.object({
      shortages: z.array(
        z.object({ productId: z.uuid(), requested: z.number().int(), available: z.number().int() }),
      ),
      /** Absent when the stock fell short (see shortages); `invalid_order`: its data was refused for good. */
      reason: z.enum(REJECT_REASONS).optional(),
    }),
  },
  'order.paid': { topic: TOPICS.orders, data: z.object({ paymentId: z.string() }) },
  /**
   * Some lines of a paid order left the warehouse: one seller's, or (sellerId absent) every line not yet
   * shipped, by an ADMIN. `remainingLines` is how many are still to ship; at 0 order.fulfilled follows.
   */
  'order.shipped': {
    topic: TOPICS.orders,
    data: z.object({
      sellerId: z.string().optional(),
      items: Quantities,
      remainingLines: z.number().int().nonnegative(),
    }),
  },
  'order.fulfilled': { topic: TOPICS.orders, data: z.object({}) },
  'order.cancelled': {
    topic: TOPICS.orders,
    data: z.object({
      reason: z.enum(CANCEL_REASONS),
    }),
  },
  'inventory.reserved': {
    topic: TOPICS.inventory,
    data: z.object({ items: Quantities }),
  },
  'inventory.reservation_failed': {
    topic: TOPICS.inventory,
    data: z.object({
      shortages: z.array(
        z.object({ productId: z.uuid(), requested: z.number().int(), available: z.number().int() }),
      ),
    }),
  },
  'inventory.released': {
    topic: TOPICS.inventory,
    data: z.object({ items: Quantities, reason: z.string() }),
  },
  'inventory.committed': {
    topic: TOPICS.inventory,
    /** sellerId: the seller whose lines shipped; absent when the whole order shipped at once. */
    data: z.object({ items: Quantities, sellerId: z.string().optional() }),
  },
  'inventory.restocked': {
    topic: TOPICS.inventory,
    // Also emitted when a product is created (quantity = initial stock), so it carries the catalog fields.
    data: z.object({
      productId: z.uuid(),
      sku: z.string(),
      name: z.string(),
      priceCents: z.number().int().positive(),
      currency: z.string().length(3),
      sellerId: z.string(),
      quantity: z.number().int().nonnegative(),
      onHand: z.number().int().nonnegative(),
    }),
  },
  'payment.succeeded': {
    topic: TOPICS.payments,
    data: z.object({ paymentId: z.string(), chargeId: z.string(), ...Money }),
  },
  'payment.failed': {
    topic: TOPICS.payments,
    data: z.object({ paymentId: z.string(), declineCode: z.string(), ...Money }),
  },
  'payment.refunded': {
    topic: TOPICS.payments,
    data: z.object({ paymentId: z.string(), refundId: z.string(), ...Money }),
  },
  /** The PSP refused the refund for good; the charge stands until an operator settles it. */
  'payment.refund_failed': {
    topic: TOPICS.payments,
    data: z.object({ paymentId: z.string(), chargeId: z.string(), code: z.string(), ...Money }),
  },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['data']>;
export const EVENT_VERSION = 1;

/** The envelope every domain event travels in. `eventId` is stable across activity retries. */
export const EventEnvelope = z.object({
  eventId: z.uuid(),
  type: z.enum(Object.keys(EVENT_TYPES) as [EventType, ...EventType[]]),
  version: z.literal(EVENT_VERSION),
  occurredAt: z.iso.datetime(),
  /** The aggregate the event is about, also the Kafka key: the order id, or the product id for inventory.restocked. */
  orderId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** Validates the envelope and then the data against the schema of its type. */
export function parseEvent(input: unknown): EventEnvelope {
  const envelope = EventEnvelope.parse(input);
  EVENT_TYPES[envelope.type].data.parse(envelope.data);
  return envelope;
}

export interface EventContext {
  correlationId: string;
  causationId: string;
}

/** An envelope whose `data` is typed by its `type`, for consumers that switch on the type. */
export type DomainEvent = {
  [T in EventType]: Omit<EventEnvelope, 'type' | 'data'> & { type: T; data: EventData<T> };
}[EventType];

/** parseEvent, with the data typed: parseEvent has checked it against the schema of its type. */
export function parseDomainEvent(input: unknown): DomainEvent {
  return parseEvent(input) as DomainEvent;
}

/** Headers a consumer adds when it moves a message to DEAD_LETTER_TOPIC; the original ones stay. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

/** `invalid-message`: not JSON or not a valid event. `processing-failed`: valid, but applying it kept failing. */
export type DeadLetterReason = 'invalid-message' | 'processing-failed';

/** The Kafka headers of every domain event: the envelope's ids, readable without parsing the value. */
export const EventHeaders = z.object({
  eventId: z.uuid(),
  eventType: EventEnvelope.shape.type,
  eventVersion: z.literal(String(EVENT_VERSION)),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
});
export type EventHeaders = z.infer<typeof EventHeaders>;
