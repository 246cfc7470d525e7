import type { Knex } from 'knex';
import { appendEvent } from '../../../activities/outbox';
import type { CancelReason } from '../../../contracts/order';
import type { Db } from '../../../platform/db';
import { context, linesOf, setStatus, type Line } from './order-rows';

/** Payment, fulfilment and cancellation, each in one transaction with its events, as the activities do. */
export function pay(db: Db, orderId: string): Promise<void> {
  return db.transaction(async (trx) => {
    const order = await trx('orders.orders').where({ id: orderId }).first();
    const paymentId = `pay-${orderId}`;
    const money = { amountCents: Number(order.total_cents), currency: order.currency };
    await trx('payments.payments').insert({
      id: paymentId,
      order_id: orderId,
      amount_cents: money.amountCents,
      currency: money.currency,
      status: 'succeeded',
      gateway_charge_id: `ch-${orderId}`,
    });
    await appendEvent(trx, {
      type: 'payment.succeeded',
      orderId,
      data: { paymentId, chargeId: `ch-${orderId}`, ...money },
      context: context(orderId),
    });
    await setStatus(trx, orderId, 'PAID');
    await appendEvent(trx, { type: 'order.paid', orderId, data: { paymentId }, context: context(orderId) });
  });
}

export function fulfill(db: Db, orderId: string): Promise<void> {
  return db.transaction(async (trx) => {
    const lines = await settleReservations(trx, orderId, 'committed');
    await appendEvent(trx, {
      type: 'inventory.committed',
      orderId,
      data: { items: lines },
      context: context(orderId),
    });
    await setStatus(trx, orderId, 'FULFILLED');
    await appendEvent(trx, { type: 'order.fulfilled', orderId, data: {}, context: context(orderId) });
  });
}

/** Releases the stock; refunds first when the order was paid. */
export function cancel(db: Db, orderId: string, reason: CancelReason): Promise<void> {
  return db.transaction(async (trx) => {
    if (reason === 'refunded') {
      const payment = await trx('payments.payments').where({ order_id: orderId }).first();
      await trx('payments.payments').where({ id: payment.id }).update({ status: 'refunded' });
      const money = { amountCents: Number(payment.amount_cents), currency: payment.currency };
      await appendEvent(trx, {
        type: 'payment.refunded',
        orderId,
        data: { paymentId: payment.id, refundId: `re-${orderId}`, ...money },
        context: context(orderId),
      });
    }
    const lines = await settleReservations(trx, orderId, 'released');
    await appendEvent(trx, {
      type: 'inventory.released',
      orderId,
      data: { items: lines, reason },
      context: context(orderId),
    });
    await setStatus(trx, orderId, 'CANCELLED', reason);
    await appendEvent(trx, { type: 'order.cancelled', orderId, data: { reason }, context: context(orderId) });
  });
}

async function settleReservations(
  trx: Knex.Transaction,
  orderId: string,
  outcome: 'committed' | 'released',
): Promise<Line[]> {
  const lines = (await linesOf(trx, orderId)).sort((a, b) => a.productId.localeCompare(b.productId));
  for (const l of lines) {
    const product = trx('inventory.products').where({ id: l.productId });
    await (outcome === 'committed'
      ? product.update({
          on_hand: trx.raw('on_hand - ?', [l.quantity]),
          reserved: trx.raw('reserved - ?', [l.quantity]),
        })
      : product.decrement('reserved', l.quantity));
  }
  await trx('inventory.reservations').where({ order_id: orderId }).update({ status: outcome });
  return lines;
}
