import type { Knex } from 'knex';
import type { OrderLine, OrderStatus, OrderSummary } from '../contracts/order';
import type { Db } from '../platform/db';

export type { OrderSummary } from '../contracts/order';

export interface OrderSummaryFilter {
  customerId?: string;
  status?: OrderStatus;
  /** Placed at or after / before these instants. */
  createdFrom?: Date;
  createdBefore?: Date;
  limit: number;
}

export interface SellerOrderFilter extends Omit<OrderSummaryFilter, 'customerId'> {
  /** Only orders with lines of this seller's products. */
  sellerId: string;
  /** Only orders whose lines of that seller are still to ship (false) or shipped (true). */
  sellerShipped?: boolean;
}

/** An order with lines of one seller, and what of it is theirs: to be shown as that seller's part. */
export interface SellerOrderRow {
  order: OrderSummary;
  productIds: string[];
  /** When the seller's lines shipped. */
  shippedAt?: string;
}

interface SummaryRow {
  order_id: string;
  customer_id: string;
  status: OrderStatus;
  reason: OrderSummary['reason'] | null;
  items: OrderLine[];
  total_cents: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

const SUMMARIES = 'read_models.order_summaries as s';

/** Newest first. Orders whose order.placed has not been projected yet are left out. */
export async function listOrderSummaries(
  db: Db,
  filter: OrderSummaryFilter,
): Promise<{ items: OrderSummary[] }> {
  const query = newestFirst(db<SummaryRow>(SUMMARIES).select('s.*'), filter);
  if (filter.customerId !== undefined) query.where('s.customer_id', filter.customerId);
  const rows: SummaryRow[] = await query;
  return { items: rows.map(toOrderSummary) };
}

/** The orders with lines of one seller, newest first, each with that seller's products in it. */
export async function listSellerOrders(db: Db, filter: SellerOrderFilter): Promise<SellerOrderRow[]> {
  const query = newestFirst(
    db(SUMMARIES)
      .join('read_models.order_sellers as os', 'os.order_id', 's.order_id')
      .where('os.seller_id', filter.sellerId)
      .select('s.*', 'os.product_ids', 'os.shipped_at'),
    filter,
  );
  if (filter.sellerShipped !== undefined)
    query[filter.sellerShipped ? 'whereNotNull' : 'whereNull']('os.shipped_at');
  const rows: Array<SummaryRow & { product_ids: string[]; shipped_at: Date | null }> = await query;
  return rows.map((row) => ({
    order: toOrderSummary(row),
    productIds: row.product_ids,
    ...(row.shipped_at ? { shippedAt: row.shipped_at.toISOString() } : {}),
  }));
}

function newestFirst<Q extends Knex.QueryBuilder>(
  query: Q,
  filter: Omit<OrderSummaryFilter, 'customerId'>,
): Q {
  query
    .whereNotNull('s.customer_id')
    .orderBy([
      { column: 's.created_at', order: 'desc' },
      { column: 's.order_id', order: 'desc' },
    ])
    .limit(filter.limit);
  if (filter.status !== undefined) query.where('s.status', filter.status);
  if (filter.createdFrom !== undefined) query.where('s.created_at', '>=', filter.createdFrom);
  if (filter.createdBefore !== undefined) query.where('s.created_at', '<', filter.createdBefore);
  return query;
}

function toOrderSummary(row: SummaryRow): OrderSummary {
  return {
    id: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    items: row.items,
    // bigint comes back from pg as a string; totals stay far below 2^53 (see contracts/order.ts).
    totalCents: Number(row.total_cents),
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
