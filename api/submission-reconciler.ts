import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from '../platform/logger';
import { wasStarted } from './place-order';

export interface ReconcilerOptions {
  db: Knex;
  client: Client;
  logger: Logger;
  /** Whether Temporal answers at all; while it does not, nothing can be settled. */
  reachable: () => boolean;
  intervalMs?: number;
  /** A submission younger than this may still be starting; older and without an order row, it is looked at. */
  settleAfterMs?: number;
}

/**
 * Settles the submissions whose start Temporal never confirmed (it went away mid-start): an order whose
 * workflow exists goes on; a key whose workflow was never started is removed, so nothing half-made stays
 * behind and the client's retry with that key places the order afresh. Each row is locked while it is
 * looked at, so a retry of the same key and the reconciler never act on it at once.
 */
export function startSubmissionReconciler({
  db,
  client,
  logger,
  reachable,
  intervalMs = 5000,
  // Past every retry of a start: the eager start's client retries on its own for up to 10 s.
  settleAfterMs = 30_000,
}: ReconcilerOptions) {
  let stopped = false;
  const settleOnce = () =>
    db.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `select s.order_id from orders.submissions s
          where s.created_at < now() - make_interval(secs => ?)
            and s.created_at > now() - interval '1 day'
            and not exists (select 1 from orders.orders o where o.id = s.order_id)
          order by s.created_at
          for update of s skip locked
          limit 20`,
        [settleAfterMs / 1000],
      );
      for (const { order_id: orderId } of rows as Array<{ order_id: string }>) {
        if ((await wasStarted(client, orderId)) !== 'no') continue;
        await trx('orders.submissions').where({ order_id: orderId }).delete();
        logger.warn('removed a submission whose saga never started', { orderId });
      }
    });
  const loop = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
      if (stopped || !reachable()) continue;
      await settleOnce().catch((error: Error) =>
        logger.debug('submissions could not be settled now', { error: error.message }),
      );
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
