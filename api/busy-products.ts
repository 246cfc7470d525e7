import type { Knex } from 'knex';
import { SAGA_STEPS_APPLICATION } from '../platform/db';
import { unavailable } from './problem';

/** A session that has held a product row this long without moving holds it for longer than a reservation. */
export const HELD_FOR = '2 seconds';
export const BUSY_RETRY_AFTER_S = 5;

export interface PricedProduct {
  id: string;
  price_cents: number;
  currency: string;
  seller_id: string;
}

const COLUMNS = ['id', 'price_cents', 'currency', 'seller_id'];

/**
 * The products an order names, with a look at who holds their rows. A reservation holds a row for
 * milliseconds, and orders for a popular product queue behind each other briefly: such an order goes
 * on. A row held by another session that sits in its transaction, or runs one statement, for longer
 * than HELD_FOR (an operator's console, a stuck job) would hold the order's saga, and its worker, with it:
 * that order is refused with 503 and Retry-After before anything is written, and the other products'
 * orders go on as usual.
 *
 * The usual case costs what reading the prices did, one statement, which also reads each row's `xmax`
 * (0 when no transaction locks or writes it); only a row with a locker is looked at further. Nothing
 * is locked. Unknown products come back absent, for the caller to name.
 */
export async function productsUnlessBusy(db: Knex, productIds: string[]): Promise<PricedProduct[]> {
  const rows: Array<PricedProduct & { locker: string }> = await db('inventory.products')
    .whereIn('id', [...new Set(productIds)])
    .select(COLUMNS)
    .select(db.raw('xmax::text as locker'));
  const locked = rows.filter((row) => row.locker !== '0').map((row) => row.id);
  const busy = locked.length > 0 ? await heldLong(db, locked) : [];
  if (busy.length > 0)
    throw unavailable(
      `product(s) ${busy.join(', ')} are held by another session and cannot be reserved now; nothing was recorded, retry in ${BUSY_RETRY_AFTER_S} s`,
      BUSY_RETRY_AFTER_S,
      { busyProductIds: busy },
    );
  return rows.map(({ locker: _, ...product }) => product);
}

/**
 * Which of these rows are locked by a session that has not moved for HELD_FOR: idle inside its
 * transaction, or running one statement that is not itself waiting for a lock. A row's `xmax` names the
 * transaction that locks it (a single locker's, as FOR UPDATE and UPDATE leave it), and
 * pg_stat_activity names the session running that transaction. The saga's own steps are passed over:
 * their transactions are bounded by the activities' session limits, and a worker slowed down by load
 * can sit between two statements of a reservation for a second or more.
 */
async function heldLong(db: Knex, productIds: string[]): Promise<string[]> {
  const { rows } = await db.raw(
    `select p.id
       from inventory.products p
       join pg_stat_activity a on a.backend_xid = p.xmax
      where p.id = any(?)
        and a.pid <> pg_backend_pid()
        and a.application_name is distinct from ?
        and ((a.state like 'idle in transaction%' and a.state_change < now() - ?::interval)
          or (a.state = 'active' and a.query_start < now() - ?::interval
              and a.wait_event_type is distinct from 'Lock'))`,
    [productIds, SAGA_STEPS_APPLICATION, HELD_FOR, HELD_FOR],
  );
  return rows.map((row: { id: string }) => row.id);
}
