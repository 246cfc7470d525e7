import type { OrderLine, OrderStatus, OrderSummary } from '../contracts/order';
import type { Db } from '../platform/db';

export type { OrderSummary } from '../contracts/order';

export interface OrderSummaryFilter {
  customerId?: string;
  /** Only orders with lines of this seller's products. */
  sellerId?: string;
  /** With sellerId: only orders whose lines of that seller are still to ship (true) or shipped (false). */
  sellerShipped?: boolean;
  status?: OrderStatus;
  /** Placed at or after / before these instants. */
  createdFrom?: Date;
  createdBefore?: Date;
  limit: number;
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

/** Newest first. Orders whose order.placed has not been projected yet are left out. */
export async function listOrderSummaries(
  db: Db,
  filter: OrderSummaryFilter,
): Promise<{ items: OrderSummary[] }> {
  const query = db<SummaryRow>('read_models.order_summaries')
    .whereNotNull('customer_id')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'order_id', order: 'desc' },
    ])
    .limit(filter.limit);
  if (filter.customerId !== undefined) query.where('customer_id', filter.customerId);
  if (filter.sellerId !== undefined) {
    const sellers = db('read_models.order_sellers').select('order_id').where('seller_id', filter.sellerId);
    if (filter.sellerShipped !== undefined)
      sellers[filter.sellerShipped ? 'whereNotNull' : 'whereNull']('shipped_at');
    query.whereIn('order_id', sellers);
  }
  if (filter.status !== undefined) query.where('status', filter.status);
  if (filter.createdFrom !== undefined) query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdBefore !== undefined) query.where('created_at', '<', filter.createdBefore);
  const rows: SummaryRow[] = await query;
  return { items: rows.map(toOrderSummary) };
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
