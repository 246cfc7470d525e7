import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';
import { reasonOf, STATUS_BY_EVENT } from './order-status';

/** Every event about an order, in the order it happened, for operators and the order's history. */
export async function projectOrderTimeline(trx: Knex.Transaction, event: DomainEvent): Promise<void> {
  // Keyed by a product, not an order.
  if (event.type === 'inventory.restocked') return;
  await trx('read_models.order_timeline')
    .insert({
      event_id: event.eventId,
      order_id: event.orderId,
      event_type: event.type,
      status: STATUS_BY_EVENT[event.type] ?? null,
      reason: reasonOf(event),
      occurred_at: event.occurredAt,
    })
    .onConflict('event_id')
    .ignore();
}
