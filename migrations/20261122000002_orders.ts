import type { Knex } from 'knex';
import { createOutboxTable } from './support/outbox-table';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists orders');
  // One row per accepted submission: the Idempotency-Key maps to exactly one order.
  await knex.schema.withSchema('orders').createTable('submissions', (t) => {
    t.text('customer_id').notNullable();
    t.text('idempotency_key').notNullable();
    t.text('request_hash').notNullable();
    t.uuid('order_id').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['customer_id', 'idempotency_key']);
  });
  await knex.schema.withSchema('orders').createTable('orders', (t) => {
    t.uuid('id').primary();
    t.text('customer_id').notNullable().index();
    t.text('status').notNullable();
    t.text('reason');
    t.jsonb('items').notNullable();
    t.bigInteger('total_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('correlation_id').notNullable();
    t.timestamps(true, true);
    t.check(
      "?? in ('PENDING', 'CONFIRMED', 'REJECTED', 'PAID', 'FULFILLED', 'CANCELLED')",
      ['status'],
      'orders_status_known',
    );
  });
  await createOutboxTable(knex, 'orders');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists orders cascade');
}
