import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../platform/db';

/**
 * POST → PAID as the read models see it: for orders paid in the last five minutes, the time from
 * order.placed to order.paid (both events' occurredAt), as quantiles, computed at scrape time.
 */
export function registerPlacedToPaidGauge(registry: Registry, db: Db): void {
  new Gauge({
    name: 'projector_order_placed_to_paid_seconds',
    help: 'From order.placed to order.paid, over orders paid in the last 5 minutes, by quantile',
    labelNames: ['quantile'],
    registers: [registry],
    async collect() {
      const { rows } = await db.raw(
        `select percentile_cont(array[0.5, 0.9, 0.99]) within group (order by extract(epoch from paid.occurred_at - placed.occurred_at)) as q
           from read_models.order_timeline paid
           join read_models.order_timeline placed
             on placed.order_id = paid.order_id and placed.event_type = 'order.placed'
          where paid.event_type = 'order.paid' and paid.occurred_at > now() - interval '5 minutes'`,
      );
      const quantiles: number[] | null = rows[0]?.q ?? null;
      this.reset();
      if (!quantiles) return;
      ['0.5', '0.9', '0.99'].forEach((quantile, i) => this.set({ quantile }, Number(quantiles[i])));
    },
  });
}
