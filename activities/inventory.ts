import type { Knex } from 'knex';
import { takeOrderStepLock } from './order-step-lock';
import type { EventContext } from '../contracts/events';
import { appendEvent, eventIdFor } from './outbox';

export interface ReserveStockInput {
  orderId: string;
  items: Array<{ productId: string; quantity: number }>;
  context: EventContext;
}
export interface Shortage {
  productId: string;
  requested: number;
  available: number;
}
export type ReserveStockResult =
  { reserved: true; eventId: string } | { reserved: false; shortages: Shortage[]; eventId: string };

export interface OrderStockInput {
  orderId: string;
  context: EventContext;
}
export interface ReleaseStockInput extends OrderStockInput {
  reason: string;
}
export interface CommitStockInput extends OrderStockInput {
  /** The lines shipping now; absent: every line still held (the whole order, or what is left of it). */
  productIds?: string[];
  /** The seller whose lines these are; absent when an ADMIN ships. */
  sellerId?: string;
}

interface LockedProduct {
  id: string;
  on_hand: number;
  reserved: number;
}

/** Locks product rows in id order, so two orders touching the same products never deadlock. */
export function lockProducts(trx: Knex.Transaction, productIds: string[]): Promise<LockedProduct[]> {
  return trx('inventory.products')
    .select('id', 'on_hand', 'reserved')
    .whereIn('id', [...new Set(productIds)].sort())
    .orderBy('id')
    .forUpdate();
}

/** Each line that the locked products cannot cover; none when the whole order can be reserved. */
export function shortagesOf(items: ReserveStockInput['items'], products: LockedProduct[]): Shortage[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  return items.flatMap(({ productId, quantity }) => {
    const product = byId.get(productId);
    const available = product ? product.on_hand - product.reserved : 0;
    return available < quantity ? [{ productId, requested: quantity, available }] : [];
  });
}

/**
 * Reserves every line on products the caller locked and checked (shortagesOf): one update for all the
 * products and one insert for the reservations, whatever the number of lines.
 */
export async function reserveLines(
  trx: Knex.Transaction,
  orderId: string,
  items: ReserveStockInput['items'],
): Promise<void> {
  // A product appears in one line at most (the reservations' primary key says so).
  await trx.raw(
    `update inventory.products p set reserved = p.reserved + v.quantity, updated_at = now()
       from (values ${items.map(() => '(?::uuid, ?::int)').join(', ')}) as v(id, quantity)
      where p.id = v.id`,
    items.flatMap((i) => [i.productId, i.quantity]),
  );
  await trx('inventory.reservations').insert(
    items.map((i) => ({ order_id: orderId, product_id: i.productId, quantity: i.quantity })),
  );
}

/** The reservation (or its refusal) and its event, inside the caller's transaction; a retry finds it made. */
export async function reserveStockIn(
  trx: Knex.Transaction,
  { orderId, items, context }: ReserveStockInput,
): Promise<ReserveStockResult> {
  const products = await lockProducts(
    trx,
    items.map((i) => i.productId),
  );
  const done = await trx('inventory.reservations').where({ order_id: orderId }).first();
  if (done) return { reserved: true, eventId: eventIdFor(orderId, 'inventory.reserved') };
  const failed = await trx('inventory.outbox')
    .where({ event_id: eventIdFor(orderId, 'inventory.reservation_failed') })
    .first();
  if (failed) return { reserved: false, shortages: failed.payload.data.shortages, eventId: failed.event_id };

  const shortages = shortagesOf(items, products);
  if (shortages.length > 0) {
    const eventId = await appendEvent(trx, {
      type: 'inventory.reservation_failed',
      orderId,
      data: { shortages },
      context,
    });
    return { reserved: false, shortages, eventId };
  }
  for (const { productId, quantity } of [...items].sort((a, b) => a.productId.localeCompare(b.productId))) {
    await trx('inventory.products')
      .where({ id: productId })
      .update({ reserved: trx.raw('reserved + ?', [quantity]), updated_at: trx.fn.now() });
  }
  await trx('inventory.reservations').insert(
    items.map((i) => ({ order_id: orderId, product_id: i.productId, quantity: i.quantity })),
  );
  const eventId = await appendEvent(trx, { type: 'inventory.reserved', orderId, data: { items }, context });
  return { reserved: true, eventId };
}

export function createInventoryActivities({ db }: { db: Knex }) {
  return {
    /** All or nothing: reserves every line, or reserves none and reports the shortages. */
    async reserveStock(input: ReserveStockInput): Promise<ReserveStockResult> {
      return db.transaction(async (trx) => {
        await takeOrderStepLock(trx, input.orderId);
        return reserveStockIn(trx, input);
      });
    },

    /** Gives reserved stock back; a no-op when nothing is held (already released, committed, or never reserved). */
    async releaseStock({ orderId, reason, context }: ReleaseStockInput): Promise<{ eventId?: string }> {
      return settleReservations(db, orderId, 'released', async (trx, held) => {
        for (const { product_id, quantity } of held) {
          await trx('inventory.products')
            .where({ id: product_id })
            .update({ reserved: trx.raw('reserved - ?', [quantity]), updated_at: trx.fn.now() });
        }
        const lines = held.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
        return appendEvent(trx, {
          type: 'inventory.released',
          orderId,
          data: { items: lines, reason },
          context,
        });
      });
    },

    /**
     * Turns reservations into a shipment: the units leave on_hand and reserved together, with
     * inventory.committed and order.shipped (saying who shipped what and how many lines are left) in the
     * same transaction. Each line ships once: a retry, or a second request for the same lines, finds
     * nothing held and writes nothing.
     */
    async commitStock({
      orderId,
      context,
      productIds,
      sellerId,
    }: CommitStockInput): Promise<{ eventId?: string }> {
      const shipment = productIds ? [...productIds].sort().join(',') : undefined;
      const name = (type: string) => (shipment ? `${orderId}/${type}/${shipment}` : undefined);
      return settleReservations(
        db,
        orderId,
        'committed',
        async (trx, held, remainingLines) => {
          for (const { product_id, quantity } of held) {
            await trx('inventory.products')
              .where({ id: product_id })
              .update({
                reserved: trx.raw('reserved - ?', [quantity]),
                on_hand: trx.raw('on_hand - ?', [quantity]),
                updated_at: trx.fn.now(),
              });
          }
          const items = held.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
          const by = sellerId ? { sellerId } : {};
          const committed = await appendEvent(trx, {
            type: 'inventory.committed',
            orderId,
            data: { items, ...by },
            context,
            idempotencyName: name('inventory.committed'),
          });
          return appendEvent(trx, {
            type: 'order.shipped',
            orderId,
            data: { items, remainingLines, ...by },
            context: { correlationId: context.correlationId, causationId: committed },
            idempotencyName: name('order.shipped'),
          });
        },
        productIds,
      );
    },
  };
}

export type InventoryActivities = ReturnType<typeof createInventoryActivities>;

interface HeldReservation {
  product_id: string;
  quantity: number;
}

/**
 * Moves an order's held reservations (all of them, or those of the given products) to a final status
 * under the product locks; `apply` writes the stock change and the events, knowing how many lines stay held.
 */
async function settleReservations(
  db: Knex,
  orderId: string,
  to: 'released' | 'committed',
  apply: (trx: Knex.Transaction, held: HeldReservation[], remainingLines: number) => Promise<string>,
  productIds?: string[],
): Promise<{ eventId?: string }> {
  return db.transaction(async (trx) => {
    await takeOrderStepLock(trx, orderId);
    const all = await trx('inventory.reservations')
      .where({ order_id: orderId })
      .select('product_id', 'quantity', 'status');
    const settling = all.filter((r) => !productIds || productIds.includes(r.product_id));
    await lockProducts(
      trx,
      settling.map((r) => r.product_id),
    );
    const heldQuery = () => {
      const query = trx('inventory.reservations').where({ order_id: orderId, status: 'reserved' });
      return productIds ? query.whereIn('product_id', productIds) : query;
    };
    const held: HeldReservation[] = await heldQuery().orderBy('product_id').forUpdate();
    if (held.length === 0) return {};
    const stillHeld = all.filter((r) => r.status === 'reserved').length - held.length;
    const eventId = await apply(trx, held, stillHeld);
    await heldQuery().update({ status: to, updated_at: trx.fn.now() });
    return { eventId };
  });
}
