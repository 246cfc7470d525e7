import { randomUUID } from 'node:crypto';
import { appendEvent } from '../../../activities/outbox';
import type { Db } from '../../../platform/db';
import { context, linesOf, setStatus, type Line } from './order-rows';
import type { ProductRow } from './write-catalog';

/** Source rows and events written together, the way the order saga's activities write them. */
export async function placeOrder(db: Db, customerId: string, lines: Line[]): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (trx) => {
    const products: ProductRow[] = await trx('inventory.products').whereIn(
      'id',
      lines.map((l) => l.productId),
    );
    const priceOf = (productId: string) => products.find((p) => p.id === productId)!;
    const items = lines.map((l) => ({ ...l, unitPriceCents: priceOf(l.productId).price_cents }));
    const totalCents = items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0);
    const currency = priceOf(lines[0]!.productId).currency;
    const order = {
      id,
      customer_id: customerId,
      status: 'PENDING',
      items: JSON.stringify(items),
      total_cents: totalCents,
      currency,
      correlation_id: id,
    };
    await trx('orders.orders').insert(order);
    await appendEvent(trx, {
      type: 'order.placed',
      orderId: id,
      data: { customerId, items, totalCents, currency },
      context: context(id),
    });
  });
  return id;
}

/** Reserves every line under row locks taken in id order, or rejects the order when one falls short. */
export function reserve(db: Db, orderId: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const lines = (await linesOf(trx, orderId)).sort((a, b) => a.productId.localeCompare(b.productId));
    const products: ProductRow[] = await trx('inventory.products')
      .whereIn(
        'id',
        lines.map((l) => l.productId),
      )
      .orderBy('id')
      .forUpdate();
    const shortages = lines
      .map((l) => ({
        productId: l.productId,
        requested: l.quantity,
        available: available(products, l.productId),
      }))
      .filter((s) => s.available < s.requested);
    if (shortages.length > 0) {
      await setStatus(trx, orderId, 'REJECTED');
      await appendEvent(trx, {
        type: 'inventory.reservation_failed',
        orderId,
        data: { shortages },
        context: context(orderId),
      });
      await appendEvent(trx, {
        type: 'order.rejected',
        orderId,
        data: { shortages },
        context: context(orderId),
      });
      return false;
    }
    for (const l of lines) {
      await trx('inventory.products').where({ id: l.productId }).increment('reserved', l.quantity);
      await trx('inventory.reservations').insert({
        order_id: orderId,
        product_id: l.productId,
        quantity: l.quantity,
      });
    }
    await setStatus(trx, orderId, 'CONFIRMED');
    await appendEvent(trx, {
      type: 'inventory.reserved',
      orderId,
      data: { items: lines },
      context: context(orderId),
    });
    const paymentDueAt = new Date(Date.now() + 60_000).toISOString();
    await appendEvent(trx, {
      type: 'order.confirmed',
      orderId,
      data: { paymentDueAt },
      context: context(orderId),
    });
    return true;
  });
}

const available = (products: ProductRow[], id: string) => {
  const p = products.find((x) => x.id === id)!;
  return p.on_hand - p.reserved;
};
