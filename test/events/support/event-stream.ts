import { randomUUID } from 'node:crypto';
import { appendEvent } from '../../../activities/outbox';
import type { Db } from '../../../platform/db';

/**
 * Writes `count` order.paid events for each order, each in a transaction of its own: the orders in
 * parallel, the events of one order one after the other, as a saga writes them.
 */
export async function writeEventStream(
  db: Db,
  orderIds: string[],
  from: number,
  count: number,
): Promise<void> {
  await Promise.all(
    orderIds.map(async (orderId) => {
      for (let i = from; i < from + count; i += 1) {
        await db.transaction((trx) =>
          appendEvent(trx, {
            type: 'order.paid',
            orderId,
            idempotencyName: `${orderId}/stream/${i}`,
            data: { paymentId: `pay-${i}` },
            context: { correlationId: orderId, causationId: randomUUID() },
          }),
        );
      }
    }),
  );
}

export interface OutboxRecord {
  id: string;
  event_id: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
  published_at: Date | null;
}

export function outboxRows(db: Db, table = 'orders.outbox'): Promise<OutboxRecord[]> {
  return db(table)
    .select('id', 'event_id', 'message_key', 'payload', 'headers', 'published_at')
    .orderBy('id');
}
