import type { Knex } from 'knex';
import { conflict } from './problem';

export interface UnpaidHoldLimits {
  /** Orders one customer may have placed and not yet paid (PENDING or CONFIRMED). */
  orders: number;
  /** Units of stock those orders may hold together. */
  units: number;
  /** Older submissions are past their payment window: their saga has released (or is releasing) them. */
  windowMs: number;
}

/** 409: the customer already holds as much as one customer may; nothing was recorded. */
export const overHoldLimit = (
  limit: 'unpaidOrders' | 'unpaidUnits',
  max: number,
  held: { orders: number; units: number },
) =>
  conflict(
    limit === 'unpaidOrders'
      ? `you already have ${held.orders} unpaid order(s), the most one customer may hold (${max}); pay or cancel one first. Nothing was recorded`
      : `this order would hold more than ${max} unpaid unit(s) of stock for you (${held.units} held now); pay or cancel an order first. Nothing was recorded`,
    { limit, max, unpaidOrders: held.orders, unpaidUnits: held.units },
  );

/**
 * Stops one customer from hoarding stock with orders it never pays. Placing an order takes the
 * customer's advisory lock (`lockCustomerHolds`) before it writes the submission's row, and counts the
 * customer's unpaid holds, that row included (`checkUnpaidHolds`), in the same transaction: requests sent
 * together are counted one after the other and cannot pass the cap together. A submission holds until
 * its order is paid or ends; one whose saga has not recorded the order yet holds too.
 */
export async function lockCustomerHolds(trx: Knex.Transaction, customerId: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`unpaid-holds/${customerId}`]);
}

/** Throws the 409 when the submission just written (`newUnits` of stock) takes the customer over either cap. */
export async function checkUnpaidHolds(
  trx: Knex.Transaction,
  customerId: string,
  newUnits: number,
  limits: UnpaidHoldLimits,
): Promise<void> {
  const {
    rows: [held],
  } = await trx.raw<{ rows: Array<{ orders: number; units: number }> }>(
    `select count(*)::int as orders, coalesce(sum(s.units), 0)::int as units
       from orders.submissions s
       left join orders.orders o on o.id = s.order_id
      where s.customer_id = ?
        and s.created_at > now() - make_interval(secs => ?)
        and (o.id is null or o.status in ('PENDING', 'CONFIRMED'))`,
    [customerId, limits.windowMs / 1000],
  );
  const { orders, units } = held!;
  if (orders <= limits.orders && units <= limits.units) return;
  const before = { orders: orders - 1, units: units - newUnits };
  if (orders > limits.orders) throw overHoldLimit('unpaidOrders', limits.orders, before);
  throw overHoldLimit('unpaidUnits', limits.units, before);
}
