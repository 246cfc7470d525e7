import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';
import { reasonOf, STATUS_BY_EVENT, STATUS_RANK } from './order-status';

const SUMMARIES = 'read_models.order_summaries';

/**
 * order.placed fills in the order; every order.* event offers its status, which wins only over a lower
 * rank. A status event may arrive first (a replay, or a relay that lost its shard mid-batch): it then
 * creates the row without the order fields, and order.placed completes it later.
 */
export async function projectOrderSummary(trx: Knex.Transaction, event: DomainEvent): Promise<void> {
  const status = STATUS_BY_EVENT[event.type];
  if (!status) return;
  const reason = reasonOf(event);
  await trx.raw(
    `insert into ${SUMMARIES} (order_id, status, status_rank, reason, updated_at)
     values (?, ?, ?, ?, ?)
     on conflict (order_id) do update set
       status = case when excluded.status_rank > order_summaries.status_rank then excluded.status else order_summaries.status end,
       reason = case when excluded.status_rank > order_summaries.status_rank then excluded.reason else order_summaries.reason end,
       status_rank = greatest(order_summaries.status_rank, excluded.status_rank),
       updated_at = greatest(order_summaries.updated_at, excluded.updated_at)`,
    [event.orderId, status, STATUS_RANK[status], reason, event.occurredAt],
  );
  if (event.type === 'order.placed') {
    await trx(SUMMARIES)
      .where({ order_id: event.orderId })
      .update({
        customer_id: event.data.customerId,
        items: JSON.stringify(event.data.items),
        total_cents: event.data.totalCents,
        currency: event.data.currency,
        created_at: event.occurredAt,
      });
  }
}
