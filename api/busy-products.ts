import type { Knex } from 'knex';
import { unavailable } from './problem';

/**
 * How long an order waits at the door for its products' rows. Reservations hold a row for milliseconds
 * and queue behind each other, so a busy product passes in well under this; a row held for longer (a
 * long transaction, an operator's session) would hold the order's saga too.
 */
export const ROW_WAIT = '1s';
export const BUSY_RETRY_AFTER_S = 5;
/** lock_not_available: the row stayed held past `lock_timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

export interface PricedProduct {
  id: string;
  price_cents: number;
  currency: string;
  seller_id: string;
}

/**
 * The products an order names, read once nobody writes their rows, waiting at most ROW_WAIT. Past it
 * the order is refused with 503 and Retry-After before anything is written, so its saga never starts
 * to wait on the row, and the other products' orders go on as usual (their sagas find the workers
 * free). The shared lock ends with this short transaction; unknown products come back absent, for the
 * caller to name.
 */
export async function productsUnlessBusy(db: Knex, productIds: string[]): Promise<PricedProduct[]> {
  const ids = [...new Set(productIds)];
  try {
    return await db.transaction(async (trx) => {
      await trx.raw(`set local lock_timeout = '${ROW_WAIT}'`);
      return (
        trx('inventory.products')
          .whereIn('id', ids)
          .select('id', 'price_cents', 'currency', 'seller_id')
          // Locked in id order, as reservations lock them (activities/inventory.ts): never a deadlock.
          .orderBy('id')
          .forShare()
      );
    });
  } catch (error) {
    if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    // Which ones: the rows a look without waiting passes over.
    const free = await db('inventory.products').whereIn('id', ids).forShare().skipLocked().pluck('id');
    const held = ids.filter((id) => !free.includes(id));
    // Released in between: all of them, then, as one of them was held a moment ago.
    const busy = held.length > 0 ? held : ids;
    throw unavailable(
      `product(s) ${busy.join(', ')} are being changed by another session and cannot be reserved now; nothing was recorded, retry in ${BUSY_RETRY_AFTER_S} s`,
      BUSY_RETRY_AFTER_S,
      { busyProductIds: busy },
    );
  }
}
