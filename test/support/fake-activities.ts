import { ApplicationFailure } from '@temporalio/common';
import type { OrderSagaActivities } from '../../activities';
import { FailureType } from '../../contracts/failure-types';

/**
 * In-memory stand-ins for the saga's activities, typed from the real factories so that a changed
 * activity signature breaks these tests at compile time. `calls` records what the workflow asked for.
 */
export function createFakeActivities(options: { stock?: number; declineTokens?: string[] } = {}) {
  const calls: string[] = [];
  let available = options.stock ?? 10;
  let held = 0;
  const activities: OrderSagaActivities = {
    async recordOrderPlaced() {
      calls.push('recordOrderPlaced');
      return { eventId: 'e-placed' };
    },
    async recordOrderStatus(input) {
      const reason = 'reason' in input && input.reason ? `:${input.reason}` : '';
      calls.push(`status:${input.status}${reason}`);
      return { eventId: `e-${input.status}` };
    },
    async reserveStock({ items }) {
      calls.push('reserveStock');
      const wanted = items.reduce((sum, i) => sum + i.quantity, 0);
      if (wanted > available) {
        return {
          reserved: false,
          shortages: items.map((i) => ({ productId: i.productId, requested: i.quantity, available })),
          eventId: 'e-failed',
        };
      }
      available -= wanted;
      held += wanted;
      return { reserved: true, eventId: 'e-reserved' };
    },
    /** The three opening steps in one, recorded as the three calls they stand for. */
    async openOrder(input) {
      await activities.recordOrderPlaced(input);
      const reservation = await activities.reserveStock(input);
      if (!reservation.reserved) {
        const event = { type: 'order.rejected' as const, data: { shortages: reservation.shortages } };
        await activities.recordOrderStatus({ ...input, status: 'REJECTED', event });
        return { ...reservation, eventId: 'e-REJECTED' };
      }
      const event = { type: 'order.confirmed' as const, data: { paymentDueAt: input.paymentDueAt } };
      await activities.recordOrderStatus({ ...input, status: 'CONFIRMED', event });
      return { reserved: true, eventId: 'e-CONFIRMED' };
    },
    async releaseStock() {
      calls.push('releaseStock');
      available += held;
      held = 0;
      return { eventId: 'e-released' };
    },
    async commitStock() {
      calls.push('commitStock');
      held = 0;
      return { eventId: 'e-committed' };
    },
    async chargePayment({ token }) {
      calls.push(`chargePayment:${token}`);
      if ((options.declineTokens ?? ['tok_declined']).includes(token)) {
        throw ApplicationFailure.create({
          type: FailureType.PaymentDeclined,
          message: 'declined',
          nonRetryable: true,
          details: [{ eventId: 'e-pay-failed' }],
        });
      }
      return { chargeId: 'ch_1', eventId: 'e-paid' };
    },
    async refundPayment() {
      calls.push('refundPayment');
      return { eventId: 'e-refunded' };
    },
  };
  return { activities, calls, stock: () => ({ available, held }) };
}
