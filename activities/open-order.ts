import type { Knex } from 'knex';
import { lockProducts, reserveLines, shortagesOf, type Shortage } from './inventory';
import { takeOrderStepLock } from './order-step-lock';
import type { RecordOrderPlacedInput } from './orders';
import { appendEvents, eventIdFor } from './outbox';
import type { OrderStatus } from '../contracts/order';

export interface OpenOrderInput extends RecordOrderPlacedInput {
  /** When the payment window closes, announced in `order.confirmed`; the workflow owns the timer. */
  paymentDueAt: string;
}
export type OpenOrderResult =
  { reserved: true; eventId: string } | { reserved: false; shortages: Shortage[]; eventId: string };

export function createOpenOrderActivities({ db }: { db: Knex }) {
  return {
    /**
     * The first three steps of the saga in one transaction: the order recorded, its stock reserved under
     * the row locks, and the order CONFIRMED (or REJECTED with the shortages), each with its event and the
     * causation chained as if they were separate steps. The products are locked and checked first, so
     * the order row is written once, in the status it ends in, and each table gets one statement: nine
     * statements with BEGIN and COMMIT instead of fourteen (two lines). A retry finds the order row (the transaction committed whole or
     * not at all) and returns the same answer.
     */
    async openOrder(input: OpenOrderInput): Promise<OpenOrderResult> {
      const { orderId, items, context } = input;
      return db.transaction(async (trx) => {
        await takeOrderStepLock(trx, orderId);
        const products = await lockProducts(
          trx,
          items.map((i) => i.productId),
        );
        const shortages = shortagesOf(items, products);
        const reserved = shortages.length === 0;
        const status: OrderStatus = reserved ? 'CONFIRMED' : 'REJECTED';
        const inserted = await trx('orders.orders')
          .insert({
            id: orderId,
            customer_id: input.customerId,
            customer_email: input.customerEmail ?? null,
            status,
            items: JSON.stringify(items),
            total_cents: input.totalCents,
            currency: input.currency,
            correlation_id: context.correlationId,
          })
          .onConflict('id')
          .ignore()
          .returning('id');
        if (inserted.length === 0) return openedBefore(trx, orderId);

        if (reserved) await reserveLines(trx, orderId, items);
        const placedId = eventIdFor(orderId, 'order.placed');
        const stockEvent = reserved ? 'inventory.reserved' : 'inventory.reservation_failed';
        const stockId = eventIdFor(orderId, stockEvent);
        const causedBy = (causationId: string) => ({ correlationId: context.correlationId, causationId });
        const [, , eventId] = await appendEvents(trx, [
          {
            type: 'order.placed',
            orderId,
            data: {
              customerId: input.customerId,
              ...(input.customerEmail ? { customerEmail: input.customerEmail } : {}),
              items,
              totalCents: input.totalCents,
              currency: input.currency,
            },
            context,
          },
          reserved
            ? { type: 'inventory.reserved', orderId, data: { items }, context: causedBy(placedId) }
            : {
                type: 'inventory.reservation_failed',
                orderId,
                data: { shortages },
                context: causedBy(placedId),
              },
          reserved
            ? {
                type: 'order.confirmed',
                orderId,
                data: { paymentDueAt: input.paymentDueAt },
                context: causedBy(stockId),
              }
            : { type: 'order.rejected', orderId, data: { shortages }, context: causedBy(stockId) },
        ]);
        return reserved ? { reserved, eventId: eventId! } : { reserved, shortages, eventId: eventId! };
      });
    },
  };
}

/** A retry of an opening that committed: the same answer, read back from what it wrote. */
async function openedBefore(trx: Knex.Transaction, orderId: string): Promise<OpenOrderResult> {
  const failed = await trx('inventory.outbox')
    .where({ event_id: eventIdFor(orderId, 'inventory.reservation_failed') })
    .first('payload');
  if (!failed) return { reserved: true, eventId: eventIdFor(orderId, 'order.confirmed') };
  return {
    reserved: false,
    shortages: failed.payload.data.shortages,
    eventId: eventIdFor(orderId, 'order.rejected'),
  };
}

export type OpenOrderActivities = ReturnType<typeof createOpenOrderActivities>;
