import { randomUUID } from 'node:crypto';
import { appendEvent } from '../../activities/outbox';
import type { Db } from '../../platform/db';

export interface Written {
  eventId: string;
  occurredAt: number;
  committedAt: number;
}

/**
 * Writes `count` events at `rate` per second, each in a transaction of its own, from `writers` concurrent
 * connections, cycling over the three topics. The kinds are chosen to leave no visible trace in read
 * models of other projectors that may share the topics (unknown orders and products stay hidden).
 */
export async function writeEvents(
  db: Db,
  { count, rate, writers }: { count: number; rate: number; writers: number },
) {
  const written: Written[] = [];
  const start = Date.now();
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const i = next++;
      const due = start + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const occurredAt = new Date();
      const eventId = await db.transaction((trx) => appendOne(trx, i, occurredAt));
      written.push({ eventId, occurredAt: occurredAt.getTime(), committedAt: Date.now() });
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return { written, seconds: (Date.now() - start) / 1000 };
}

function appendOne(trx: Parameters<typeof appendEvent>[0], i: number, occurredAt: Date) {
  const orderId = randomUUID();
  const context = { correlationId: orderId, causationId: randomUUID() };
  switch (i % 3) {
    case 0:
      return appendEvent(trx, {
        type: 'order.paid',
        orderId,
        data: { paymentId: `bench-${i}` },
        context,
        occurredAt,
      });
    case 1: {
      const shortages = [{ productId: randomUUID(), requested: 2, available: 1 }];
      return appendEvent(trx, {
        type: 'inventory.reservation_failed',
        orderId,
        data: { shortages },
        context,
        occurredAt,
      });
    }
    default: {
      const data = { paymentId: `bench-${i}`, declineCode: 'bench', amountCents: 100, currency: 'EUR' };
      return appendEvent(trx, { type: 'payment.failed', orderId, data, context, occurredAt });
    }
  }
}
