import type { DomainEvent } from '../contracts/events';
import type { Db } from '../platform/db';
import type { ApplyOutcome, MessageSource } from '../platform/event-consumer';
import { projectOrderSellers } from './order-sellers';
import { projectOrderSummary } from './order-summaries';
import { projectOrderTimeline } from './order-timeline';
import { SharedCounters } from './shared-counters';

/** The channel the projector NOTIFYs when it has changed read models (the API's live updates listen). */
export const READ_MODEL_CHANGES = 'read_model_changes';
/**
 * What changed in one transaction: these orders' summaries, and (when true) the catalog, with the
 * products that changed when their ids fit the notice (absent: any product may have changed).
 */
export interface ReadModelChange {
  orders: string[];
  catalog: boolean;
  products?: string[];
}
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; room is left for the order ids. */
const NOTICE_MAX_BYTES = 7900;

/**
 * Applies events to every read model in one transaction with their inbox rows, so an event is applied
 * exactly once however often it is delivered, and by however many projectors. One transaction may
 * carry a whole batch: the commit, not the work, is what costs most.
 */
export function applyEvents(
  db: Db,
  items: Array<{ event: DomainEvent; source: MessageSource }>,
): Promise<ApplyOutcome[]> {
  return db.transaction(async (trx) => {
    const counters = new SharedCounters();
    const outcomes: ApplyOutcome[] = [];
    const change: ReadModelChange = { orders: [], catalog: false };
    for (const { event, source } of items) {
      const inserted = await trx('read_models.inbox')
        .insert({ event_id: event.eventId, event_type: event.type, ...source })
        .onConflict('event_id')
        .ignore()
        .returning('event_id');
      if (inserted.length === 0) {
        outcomes.push('duplicate');
        continue;
      }
      await projectOrderSummary(trx, event);
      await projectOrderTimeline(trx, event);
      await projectOrderSellers(trx, event);
      counters.add(event);
      outcomes.push('applied');
      if (event.type === 'inventory.restocked') change.catalog = true;
      else if (!change.orders.includes(event.orderId)) change.orders.push(event.orderId);
      if (event.type.startsWith('inventory.')) change.catalog = true;
    }
    if (change.catalog) change.products = counters.productIds();
    await counters.flush(trx);
    // Delivered when this transaction commits, never before and never if it rolls back. A transaction
    // carries at most 100 events (a chunk, or chunks applied together): their order ids stay far below
    // NOTIFY's 8000-byte payload limit; their products may not (an order has many lines), and are then
    // left out, which tells listeners that any product may have changed.
    if (change.catalog || change.orders.length > 0)
      await trx.raw('select pg_notify(?, ?)', [READ_MODEL_CHANGES, noticeOf(change)]);
    return outcomes;
  });
}

function noticeOf(change: ReadModelChange): string {
  const notice = JSON.stringify(change);
  if (Buffer.byteLength(notice) <= NOTICE_MAX_BYTES) return notice;
  return JSON.stringify({ orders: change.orders, catalog: change.catalog });
}

export async function applyEvent(db: Db, event: DomainEvent, source: MessageSource): Promise<ApplyOutcome> {
  const [outcome] = await applyEvents(db, [{ event, source }]);
  return outcome!;
}
