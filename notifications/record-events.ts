import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';
import type { OrderLine } from '../contracts/order';
import type { Db } from '../platform/db';
import type { ApplyOutcome, MessageSource } from '../platform/event-consumer';
import { deterministicUuid } from '../platform/ids';
import { isMoment, MOMENTS, type MomentEvent } from './moments';
import { renderEmail } from './render-email';

export const NOT_SENT = {
  noAddress: 'the token that placed the order had no email claim',
  superseded: 'a later stage of the order was already told to the customer',
  tooOld: 'the event was older than the notifier tells about (a notifier new to old history)',
  recipientLimit: 'the recipient had as many e-mails in the last hour as one address may get',
} as const;

/** A moment older than this is history, not news: a notifier deployed onto old events stays quiet. */
export const DEFAULT_MAX_EVENT_AGE_MS = 24 * 60 * 60 * 1000;
/** E-mails one address gets in an hour at most: a customer's busiest hour, not a flood (MAIL_PER_RECIPIENT_PER_HOUR). */
export const DEFAULT_MAX_PER_RECIPIENT_PER_HOUR = 50;

/** An event that needs the order's `order.placed` first; thrown so the consumer retries or dead-letters it. */
export class UnknownOrderError extends Error {}

/**
 * Records what the events mean for the customer's mail, in one transaction with the notifier's inbox:
 * what it learns of orders and products, and one queued e-mail per moment (or the reason there is
 * none). Sending happens later, from the queue, so Kafka never waits on the mail server.
 */
export function createEventRecorder({
  publicUrl,
  maxEventAgeMs = DEFAULT_MAX_EVENT_AGE_MS,
  maxPerRecipientPerHour = DEFAULT_MAX_PER_RECIPIENT_PER_HOUR,
}: {
  publicUrl: string;
  maxEventAgeMs?: number;
  maxPerRecipientPerHour?: number;
}) {
  const limits = { maxEventAgeMs, maxPerRecipientPerHour };
  return (db: Db, items: Array<{ event: DomainEvent; source: MessageSource }>): Promise<ApplyOutcome[]> =>
    db.transaction(async (trx) => {
      const outcomes: ApplyOutcome[] = [];
      for (const { event, source } of items) {
        // What is learnt (orders, product names) is written idempotently and needs no inbox row; neither
        // does a moment of an order that gets no e-mail. The inbox guards the e-mails.
        if (event.type === 'order.placed') {
          await trx('notifications.orders')
            .insert({
              order_id: event.orderId,
              customer_id: event.data.customerId,
              email: event.data.customerEmail ?? null,
              not_notified_reason: event.data.customerEmail ? null : NOT_SENT.noAddress,
              items: JSON.stringify(event.data.items),
              total_cents: event.data.totalCents,
              currency: event.data.currency,
            })
            .onConflict('order_id')
            .ignore();
          outcomes.push('applied');
          continue;
        }
        if (event.type === 'inventory.restocked') {
          const { productId, sku, name } = event.data;
          await trx('notifications.products')
            .insert({ product_id: productId, sku, name })
            .onConflict('product_id')
            .merge(['sku', 'name']);
          outcomes.push('applied');
          continue;
        }
        if (!isMoment(event)) {
          outcomes.push('applied');
          continue;
        }
        const order = await trx('notifications.orders').where({ order_id: event.orderId }).first('email');
        // Rejected as invalid at its opening: no order.placed was written (same key, so never a late one).
        if (!order && event.type === 'order.rejected' && event.data.reason === 'invalid_order') {
          outcomes.push('applied');
          continue;
        }
        if (!order) throw new UnknownOrderError(`no order.placed seen for order ${event.orderId}`);
        if (!order.email) {
          outcomes.push('applied');
          continue;
        }
        const inserted = await trx('notifications.inbox')
          .insert({ event_id: event.eventId, event_type: event.type, ...source })
          .onConflict('event_id')
          .ignore()
          .returning('event_id');
        if (inserted.length === 0) {
          outcomes.push('duplicate');
          continue;
        }
        await queueEmail(trx, event, publicUrl, limits);
        outcomes.push('applied');
      }
      return outcomes;
    });
}

async function queueEmail(
  trx: Knex.Transaction,
  event: MomentEvent,
  publicUrl: string,
  { maxEventAgeMs, maxPerRecipientPerHour }: { maxEventAgeMs: number; maxPerRecipientPerHour: number },
): Promise<void> {
  const { kind, stage } = MOMENTS[event.type];
  // Locked, so that two moments of one order are decided one after the other.
  const order = await trx('notifications.orders').where({ order_id: event.orderId }).forUpdate().first();
  if (!order) throw new UnknownOrderError(`no order.placed seen for order ${event.orderId}`);
  const row = {
    id: deterministicUuid(`email/${event.orderId}/${kind}`),
    order_id: event.orderId,
    kind,
    event_id: event.eventId,
    event_occurred_at: event.occurredAt,
  };
  const notSent = async (note: string) => {
    await trx('notifications.emails')
      .insert({ ...row, status: 'not_sent', note })
      .onConflict(['order_id', 'kind'])
      .ignore();
  };

  if ((order.stage as number) > stage) return notSent(NOT_SENT.superseded);
  if (Date.now() - Date.parse(event.occurredAt) > maxEventAgeMs) return notSent(NOT_SENT.tooOld);
  if ((await recentTo(trx, order.email as string)) >= maxPerRecipientPerHour)
    return notSent(NOT_SENT.recipientLimit);
  await trx('notifications.orders').where({ order_id: event.orderId }).update({ stage });

  const items = order.items as OrderLine[];
  const names = await trx('notifications.products')
    .whereIn('product_id', [...items.map((l) => l.productId), ...shortProducts(event)])
    .select('product_id', 'name');
  const email = renderEmail({
    order: {
      orderId: event.orderId,
      customerId: order.customer_id as string,
      items,
      totalCents: Number(order.total_cents),
      currency: order.currency as string,
    },
    event,
    productNames: new Map(names.map((p) => [p.product_id as string, p.name as string])),
    publicUrl,
  });
  await trx('notifications.emails')
    .insert({
      ...row,
      recipient: order.email,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      status: 'pending',
    })
    .onConflict(['order_id', 'kind'])
    .ignore();
}

/**
 * E-mails queued for one address in the last hour. Two partitions' transactions may count at once and
 * both queue one more: the cap is a bound against floods, not an exact count, so no lock is taken.
 */
async function recentTo(trx: Knex.Transaction, recipient: string): Promise<number> {
  const row = await trx('notifications.emails')
    .where({ recipient })
    .andWhere('created_at', '>', trx.raw("now() - interval '1 hour'"))
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

function shortProducts(event: MomentEvent): string[] {
  return event.type === 'order.rejected' ? event.data.shortages.map((s) => s.productId) : [];
}
