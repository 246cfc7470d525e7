import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';

const ORDER_SELLERS = 'read_models.order_sellers';

/**
 * Which sellers have lines in each order, and when each shipped them. order.placed names each line's
 * seller (older events did not: the catalog read model knows); order.shipped, on the same partition
 * and so always after it, marks the shipping seller's lines, or (by an ADMIN) the lines it lists.
 */
export async function projectOrderSellers(trx: Knex.Transaction, event: DomainEvent): Promise<void> {
  if (event.type === 'order.placed') {
    const unknown = event.data.items.filter((l) => !l.sellerId).map((l) => l.productId);
    const catalog: Array<{ product_id: string; seller_id: string | null }> =
      unknown.length === 0
        ? []
        : await trx('read_models.product_availability')
            .whereIn('product_id', unknown)
            .select('product_id', 'seller_id');
    const sellerOf = new Map(catalog.map((p) => [p.product_id, p.seller_id]));
    const bySeller = new Map<string, string[]>();
    for (const { productId, sellerId = sellerOf.get(productId) } of event.data.items) {
      if (sellerId) bySeller.set(sellerId, [...(bySeller.get(sellerId) ?? []), productId]);
    }
    if (bySeller.size === 0) return;
    await trx(ORDER_SELLERS)
      .insert(
        [...bySeller].map(([sellerId, productIds]) => ({
          order_id: event.orderId,
          seller_id: sellerId,
          product_ids: productIds,
        })),
      )
      .onConflict(['order_id', 'seller_id'])
      .ignore();
  }
  if (event.type === 'order.shipped') {
    const query = trx(ORDER_SELLERS).where({ order_id: event.orderId }).whereNull('shipped_at');
    if (event.data.sellerId) query.where({ seller_id: event.data.sellerId });
    else query.whereRaw('product_ids && ?::uuid[]', [event.data.items.map((i) => i.productId)]);
    await query.update({ shipped_at: event.occurredAt });
  }
}
