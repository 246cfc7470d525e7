import { listCatalog, listOrderSummaries } from '../../../projections';
import type { Db } from '../../../platform/db';
import type { ProductRow } from './write-catalog';

export interface Scope {
  productIds: string[];
  customers: string[];
  /** A currency of the test's own, so that other tests' payments stay out of its daily sales. */
  currency: string;
}

/** Asserts that the catalog, the order summaries and the daily sales agree with the source tables. */
export async function expectReadModelsToMatchSource(db: Db, { productIds, customers, currency }: Scope) {
  const products: ProductRow[] = await db('inventory.products').whereIn('id', productIds).orderBy('id');
  const catalog = (await listCatalog(db, { ids: productIds, limit: productIds.length })).items;
  expect(catalog.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    products.map((p) => ({
      id: p.id,
      sku: p.sku,
      name: p.name,
      priceCents: p.price_cents,
      currency: p.currency,
      onHand: p.on_hand,
      reserved: p.reserved,
      available: p.on_hand - p.reserved,
      sellerId: p.seller_id,
    })),
  );

  const orders = await db('orders.orders').whereIn('customer_id', customers).orderBy('id');
  const pages = await Promise.all(
    customers.map((customerId) => listOrderSummaries(db, { customerId, limit: 1000 })),
  );
  const listed = pages
    .flatMap((page) => page.items)
    .map(({ createdAt: _c, updatedAt: _u, ...order }) => order);
  expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    orders.map((o) => ({
      id: o.id,
      customerId: o.customer_id,
      status: o.status,
      ...(o.reason ? { reason: o.reason } : {}),
      items: o.items,
      totalCents: Number(o.total_cents),
      currency: o.currency,
    })),
  );

  const sales = await db('read_models.daily_sales')
    .where({ currency })
    .select('orders_paid', 'gross_cents', 'orders_refunded', 'refunded_cents');
  const payments = await db('payments.payments').where({ currency });
  const refunded = payments.filter((p) => p.status === 'refunded');
  const cents = (list: typeof payments) => String(list.reduce((sum, p) => sum + Number(p.amount_cents), 0));
  expect(sales).toEqual(
    payments.length === 0
      ? []
      : [
          {
            orders_paid: payments.length,
            gross_cents: cents(payments),
            orders_refunded: refunded.length,
            refunded_cents: cents(refunded),
          },
        ],
  );
  return { orders };
}

export const uniqueCurrency = (first: string) =>
  first + Array.from({ length: 2 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
