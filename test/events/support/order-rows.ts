import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CancelReason } from '../../../contracts/order';

export interface Line {
  productId: string;
  quantity: number;
}

/** Helpers for writing order rows the way the saga's activities do. */
export const context = (orderId: string) => ({ correlationId: orderId, causationId: randomUUID() });
export const linesOf = async (trx: Knex.Transaction, orderId: string): Promise<Line[]> =>
  (await trx('orders.orders').where({ id: orderId }).first()).items.map(({ productId, quantity }: Line) => ({
    productId,
    quantity,
  }));

export async function setStatus(
  trx: Knex.Transaction,
  orderId: string,
  status: string,
  reason: CancelReason | null = null,
) {
  await trx('orders.orders').where({ id: orderId }).update({ status, reason, updated_at: trx.fn.now() });
}
