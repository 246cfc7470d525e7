import type { Knex } from 'knex';
import type { DomainEvent } from '../contracts/events';

/** Sales per UTC day (of the payment event) and currency. */
export async function projectDailySales(trx: Knex.Transaction, event: DomainEvent): Promise<void> {
  if (event.type !== 'payment.succeeded' && event.type !== 'payment.refunded') return;
  const refund = event.type === 'payment.refunded';
  const counts = refund
    ? { orders_refunded: 1, refunded_cents: event.data.amountCents }
    : { orders_paid: 1, gross_cents: event.data.amountCents };
  const increments = Object.fromEntries(
    Object.keys(counts).map((column) => [column, trx.raw('daily_sales.?? + excluded.??', [column, column])]),
  );
  await trx('read_models.daily_sales')
    // occurredAt is an ISO instant in UTC (the envelope schema allows no offset), so its date is the UTC day.
    .insert({ day: event.occurredAt.slice(0, 10), currency: event.data.currency, ...counts })
    .onConflict(['day', 'currency'])
    .merge(increments);
}
