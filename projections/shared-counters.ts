import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';

interface ProductDelta {
  onHand: number;
  reserved: number;
  occurredAt: string;
  /** Set by inventory.restocked, which carries the catalog fields. */
  catalog?: { sku: string; name: string; price_cents: number; currency: string; seller_id: string };
}
interface SalesDelta {
  orders_paid: number;
  gross_cents: number;
  orders_refunded: number;
  refunded_cents: number;
}

/**
 * Rows that events from every partition update: stock per product and sales per day. A transaction
 * gathers their deltas (deltas commute) and writes them once at its end, products in id order, then
 * days: every projector transaction takes these locks in the same order, so none waits in a cycle,
 * however many events it applies.
 */
export class SharedCounters {
  private readonly products = new Map<string, ProductDelta>();
  private readonly sales = new Map<string, SalesDelta>();

  add(event: DomainEvent): void {
    switch (event.type) {
      case 'inventory.restocked': {
        const { productId, sku, name, priceCents, currency, sellerId, quantity } = event.data;
        const catalog = { sku, name, price_cents: priceCents, currency, seller_id: sellerId };
        return this.addStock(productId, quantity, 0, event.occurredAt, catalog);
      }
      case 'inventory.reserved':
        return event.data.items.forEach((i) => this.addStock(i.productId, 0, i.quantity, event.occurredAt));
      case 'inventory.released':
        return event.data.items.forEach((i) => this.addStock(i.productId, 0, -i.quantity, event.occurredAt));
      case 'inventory.committed':
        return event.data.items.forEach((i) =>
          this.addStock(i.productId, -i.quantity, -i.quantity, event.occurredAt),
        );
      case 'payment.succeeded':
        return this.addSales(event.occurredAt, event.data.currency, {
          orders_paid: 1,
          gross_cents: event.data.amountCents,
        });
      case 'payment.refunded':
        return this.addSales(event.occurredAt, event.data.currency, {
          orders_refunded: 1,
          refunded_cents: event.data.amountCents,
        });
      default:
        return;
    }
  }

  /** The products whose stock or catalog fields this transaction changes. */
  productIds(): string[] {
    return [...this.products.keys()];
  }

  async flush(trx: Knex.Transaction): Promise<void> {
    const products = [...this.products].sort(([a], [b]) => a.localeCompare(b));
    for (const [productId, d] of products) {
      await trx('read_models.product_availability')
        .insert({
          product_id: productId,
          ...d.catalog,
          on_hand: d.onHand,
          reserved: d.reserved,
          updated_at: d.occurredAt,
        })
        .onConflict('product_id')
        .merge({
          ...d.catalog,
          on_hand: trx.raw('product_availability.on_hand + excluded.on_hand'),
          reserved: trx.raw('product_availability.reserved + excluded.reserved'),
          updated_at: trx.raw('greatest(product_availability.updated_at, excluded.updated_at)'),
        });
    }
    const days = [...this.sales].sort(([a], [b]) => a.localeCompare(b));
    for (const [key, counts] of days) {
      const [day, currency] = key.split('/');
      const increments = Object.fromEntries(
        Object.keys(counts).map((column) => [
          column,
          trx.raw('daily_sales.?? + excluded.??', [column, column]),
        ]),
      );
      await trx('read_models.daily_sales')
        .insert({ day, currency, ...counts })
        .onConflict(['day', 'currency'])
        .merge(increments);
    }
    this.products.clear();
    this.sales.clear();
  }

  private addStock(
    productId: string,
    onHand: number,
    reserved: number,
    occurredAt: string,
    catalog?: ProductDelta['catalog'],
  ) {
    const seen = this.products.get(productId);
    this.products.set(productId, {
      onHand: (seen?.onHand ?? 0) + onHand,
      reserved: (seen?.reserved ?? 0) + reserved,
      occurredAt: seen && seen.occurredAt > occurredAt ? seen.occurredAt : occurredAt,
      catalog: catalog ?? seen?.catalog,
    });
  }

  /** occurredAt is an ISO instant in UTC (the envelope allows no offset), so its date is the UTC day. */
  private addSales(occurredAt: string, currency: string, counts: Partial<SalesDelta>) {
    const key = `${occurredAt.slice(0, 10)}/${currency}`;
    const seen = this.sales.get(key) ?? {
      orders_paid: 0,
      gross_cents: 0,
      orders_refunded: 0,
      refunded_cents: 0,
    };
    for (const [column, value] of Object.entries(counts) as Array<[keyof SalesDelta, number]>)
      seen[column] += value;
    this.sales.set(key, seen);
  }
}
