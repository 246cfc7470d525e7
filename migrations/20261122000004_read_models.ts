import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists read_models');
  // The projector's inbox: an event id is applied once, in the same transaction as its change.
  await knex.schema.withSchema('read_models').createTable('inbox', (t) => {
    t.uuid('event_id').primary();
    t.text('event_type').notNullable();
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.withSchema('read_models').createTable('order_summaries', (t) => {
    t.uuid('order_id').primary();
    t.text('customer_id').notNullable().index();
    t.text('status').notNullable().index();
    t.text('reason');
    t.jsonb('items').notNullable();
    t.bigInteger('total_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.integer('status_rank').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.withSchema('read_models').createTable('order_timeline', (t) => {
    t.uuid('event_id').primary();
    t.uuid('order_id').notNullable().index();
    t.text('event_type').notNullable();
    t.text('status');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
  });
  await knex.schema.withSchema('read_models').createTable('product_availability', (t) => {
    t.uuid('product_id').primary();
    t.integer('on_hand').notNullable().defaultTo(0);
    t.integer('reserved').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.withSchema('read_models').createTable('daily_sales', (t) => {
    t.date('day').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.integer('orders_paid').notNullable().defaultTo(0);
    t.bigInteger('gross_cents').notNullable().defaultTo(0);
    t.integer('orders_refunded').notNullable().defaultTo(0);
    t.bigInteger('refunded_cents').notNullable().defaultTo(0);
    t.primary(['day', 'currency']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists read_models cascade');
}
