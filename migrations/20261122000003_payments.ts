import type { Knex } from 'knex';
import { createOutboxTable } from './support/outbox-table';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists payments');
  // Keyed by the workflow's deterministic payment id, which is also the gateway Idempotency-Key.
  await knex.schema.withSchema('payments').createTable('payments', (t) => {
    t.text('id').primary();
    t.uuid('order_id').notNullable().index();
    t.bigInteger('amount_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('status').notNullable();
    t.text('gateway_charge_id');
    t.text('decline_code');
    t.timestamps(true, true);
    t.check("?? in ('succeeded', 'failed', 'refunded')", ['status'], 'payments_status_known');
    t.check('?? > 0', ['amount_cents'], 'payments_amount_positive');
  });
  await createOutboxTable(knex, 'payments');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists payments cascade');
}
