import type { Knex } from 'knex';

/**
 * `0 <= reserved <= on_hand` for each product, and `reserved` equals the sum of the reservation rows
 * still held for it. Returns the offending rows (empty when all hold).
 */
export async function stockInvariantViolations(db: Knex, productIds: string[]) {
  const { rows } = await db.raw(
    `select p.id, p.on_hand, p.reserved, coalesce(sum(r.quantity) filter (where r.status = 'reserved'), 0)::int as held
       from inventory.products p
       left join inventory.reservations r on r.product_id = p.id
      where p.id = any(?)
      group by p.id`,
    [productIds],
  );
  return (rows as Array<{ id: string; on_hand: number; reserved: number; held: number }>).filter(
    (p) => p.reserved < 0 || p.reserved > p.on_hand || p.reserved !== p.held,
  );
}
