import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';
import type { Db } from '../platform/db';
import { projectDailySales } from './daily-sales';
import { projectOrderSummary } from './order-summaries';
import { projectOrderTimeline } from './order-timeline';
import { projectProductAvailability } from './product-availability';

export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

type Projection = (trx: Knex.Transaction, event: DomainEvent) => Promise<void>;
const PROJECTIONS: Projection[] = [
  projectOrderSummary,
  projectOrderTimeline,
  projectProductAvailability,
  projectDailySales,
];

/**
 * Applies an event to every read model in one transaction with its inbox row, so an event is applied
 * exactly once however often it is delivered, and by however many projectors.
 */
export function applyEvent(
  db: Db,
  event: DomainEvent,
  source: MessageSource,
): Promise<'applied' | 'duplicate'> {
  return db.transaction(async (trx) => {
    const inserted = await trx('read_models.inbox')
      .insert({ event_id: event.eventId, event_type: event.type, ...source })
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    if (inserted.length === 0) return 'duplicate';
    for (const project of PROJECTIONS) await project(trx, event);
    return 'applied';
  });
}
