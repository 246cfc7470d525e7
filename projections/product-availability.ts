import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';

const AVAILABILITY = 'read_models.product_availability';

interface Delta {
  productId: string;
  onHand: number;
  reserved: number;
}

/**
 * Stock counters move by deltas. Restocks are keyed by product and reservations by order, so they come
 * through different partitions in no fixed order; deltas commute, so the totals end up right anyway.
 */
export async function projectProductAvailability(trx: Knex.Transaction, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'inventory.restocked': {
      const { productId, sku, name, priceCents, currency, sellerId, quantity } = event.data;
      const catalog = { sku, name, price_cents: priceCents, currency, seller_id: sellerId };
      await trx(AVAILABILITY)
        .insert({
          product_id: productId,
          ...catalog,
          on_hand: quantity,
          reserved: 0,
          updated_at: event.occurredAt,
        })
        .onConflict('product_id')
        .merge({
          ...catalog,
          on_hand: trx.raw('product_availability.on_hand + excluded.on_hand'),
          updated_at: trx.raw('greatest(product_availability.updated_at, excluded.updated_at)'),
        });
      return;
    }
    case 'inventory.reserved':
      return applyDeltas(
        trx,
        event.occurredAt,
        event.data.items.map((i) => delta(i.productId, 0, i.quantity)),
      );
    case 'inventory.released':
      return applyDeltas(
        trx,
        event.occurredAt,
        event.data.items.map((i) => delta(i.productId, 0, -i.quantity)),
      );
    case 'inventory.committed':
      return applyDeltas(
        trx,
        event.occurredAt,
        event.data.items.map((i) => delta(i.productId, -i.quantity, -i.quantity)),
      );
    default:
      return;
  }
}

const delta = (productId: string, onHand: number, reserved: number): Delta => ({
  productId,
  onHand,
  reserved,
});

async function applyDeltas(trx: Knex.Transaction, occurredAt: string, deltas: Delta[]): Promise<void> {
  // One row per product (an upsert may touch a row once), locked in id order so that two projector
  // transactions never wait on each other in a cycle.
  const merged = new Map<string, Delta>();
  for (const d of deltas) {
    const seen = merged.get(d.productId);
    merged.set(
      d.productId,
      seen ? delta(d.productId, seen.onHand + d.onHand, seen.reserved + d.reserved) : d,
    );
  }
  const rows = [...merged.values()]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((d) => ({
      product_id: d.productId,
      on_hand: d.onHand,
      reserved: d.reserved,
      updated_at: occurredAt,
    }));
  if (rows.length === 0) return;
  await trx(AVAILABILITY)
    .insert(rows)
    .onConflict('product_id')
    .merge({
      on_hand: trx.raw('product_availability.on_hand + excluded.on_hand'),
      reserved: trx.raw('product_availability.reserved + excluded.reserved'),
      updated_at: trx.raw('greatest(product_availability.updated_at, excluded.updated_at)'),
    });
}
