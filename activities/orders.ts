import type { Knex } from 'knex';
import type { EventContext, EventData } from '../contracts/events';
import type { CancelReason, OrderLine, OrderStatus, RejectReason } from '../contracts/order';
import { appendEvent } from './outbox';

export interface RecordOrderPlacedInput {
  orderId: string;
  customerId: string;
  customerEmail?: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  context: EventContext;
}

/** A status change and the event that announces it; each order reaches each status at most once. */
export type OrderStatusChange =
  | { status: 'CONFIRMED'; event: { type: 'order.confirmed'; data: EventData<'order.confirmed'> } }
  | {
      status: 'REJECTED';
      /** Absent when the stock fell short; the saga rejects an order whose data was refused with one. */
      reason?: RejectReason;
      event: { type: 'order.rejected'; data: EventData<'order.rejected'> };
    }
  | { status: 'PAID'; event: { type: 'order.paid'; data: EventData<'order.paid'> } }
  | { status: 'FULFILLED'; event: { type: 'order.fulfilled'; data: EventData<'order.fulfilled'> } }
  | {
      status: 'CANCELLED';
      reason: CancelReason;
      event: { type: 'order.cancelled'; data: EventData<'order.cancelled'> };
    };

export type RecordOrderStatusInput = OrderStatusChange & { orderId: string; context: EventContext };

/** The order row in PENDING and its `order.placed` event, inside the caller's transaction. */
export async function recordOrderPlacedIn(
  trx: Knex.Transaction,
  input: RecordOrderPlacedInput,
): Promise<string> {
  await trx('orders.orders')
    .insert({
      id: input.orderId,
      customer_id: input.customerId,
      customer_email: input.customerEmail ?? null,
      status: 'PENDING' satisfies OrderStatus,
      items: JSON.stringify(input.items),
      total_cents: input.totalCents,
      currency: input.currency,
      correlation_id: input.context.correlationId,
    })
    .onConflict('id')
    .ignore();
  return appendEvent(trx, {
    type: 'order.placed',
    orderId: input.orderId,
    data: {
      customerId: input.customerId,
      ...(input.customerEmail ? { customerEmail: input.customerEmail } : {}),
      items: input.items,
      totalCents: input.totalCents,
      currency: input.currency,
    },
    context: input.context,
  });
}

/** A status change and its event, inside the caller's transaction; a retry rewrites the same values. */
export async function recordOrderStatusIn(
  trx: Knex.Transaction,
  input: RecordOrderStatusInput,
): Promise<string> {
  await trx('orders.orders')
    .where({ id: input.orderId })
    .update({
      status: input.status,
      reason: input.status === 'CANCELLED' || input.status === 'REJECTED' ? (input.reason ?? null) : null,
      updated_at: trx.fn.now(),
    });
  return appendEvent(trx, {
    type: input.event.type,
    orderId: input.orderId,
    data: input.event.data,
    context: input.context,
  } as Parameters<typeof appendEvent>[1]);
}

export function createOrderActivities({ db }: { db: Knex }) {
  return {
    async recordOrderPlaced(input: RecordOrderPlacedInput): Promise<{ eventId: string }> {
      return { eventId: await db.transaction((trx) => recordOrderPlacedIn(trx, input)) };
    },

    /** Idempotent: a retry finds the status already set and the event id already in the outbox. */
    async recordOrderStatus(input: RecordOrderStatusInput): Promise<{ eventId: string }> {
      return { eventId: await db.transaction((trx) => recordOrderStatusIn(trx, input)) };
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
