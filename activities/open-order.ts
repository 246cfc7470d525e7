import type { Knex } from 'knex';
import { reserveStockIn, type Shortage } from './inventory';
import { takeOrderStepLock } from './order-step-lock';
import { recordOrderPlacedIn, recordOrderStatusIn, type RecordOrderPlacedInput } from './orders';

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
     * causation chained as if they were separate steps. One commit instead of three; a retry finds every
     * row already written and returns the same answer.
     */
    async openOrder(input: OpenOrderInput): Promise<OpenOrderResult> {
      const { orderId, items, context } = input;
      return db.transaction(async (trx) => {
        await takeOrderStepLock(trx, orderId);
        const placed = await recordOrderPlacedIn(trx, input);
        const reservation = await reserveStockIn(trx, {
          orderId,
          items,
          context: { correlationId: context.correlationId, causationId: placed },
        });
        const causedByReservation = {
          correlationId: context.correlationId,
          causationId: reservation.eventId,
        };
        if (!reservation.reserved) {
          const { shortages } = reservation;
          const eventId = await recordOrderStatusIn(trx, {
            orderId,
            status: 'REJECTED',
            event: { type: 'order.rejected', data: { shortages } },
            context: causedByReservation,
          });
          return { reserved: false, shortages, eventId };
        }
        const eventId = await recordOrderStatusIn(trx, {
          orderId,
          status: 'CONFIRMED',
          event: { type: 'order.confirmed', data: { paymentDueAt: input.paymentDueAt } },
          context: causedByReservation,
        });
        return { reserved: true, eventId };
      });
    },
  };
}

export type OpenOrderActivities = ReturnType<typeof createOpenOrderActivities>;
