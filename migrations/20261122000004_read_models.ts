import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists read_models');
  // The projector's inbox: an event id is applied once, in the same transaction as its change.
  await knex.schema.withSchema('read_models').createTable('inbox', (t) => {
    t.uuid('event_id').primary();
    t.text('event_type').notNullable();
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('offset').notNullable();
    // clock_timestamp, not now(): the moment of processing, which the event-lag benchmark measures.
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.raw('clock_timestamp()'));
  });
  // The order fields are null while only status events have arrived (another partition can be ahead
  // of order.placed); such rows are not listed until order.placed fills them in.
  await knex.schema.withSchema('read_models').createTable('order_summaries', (t) => {
    t.uuid('order_id').primary();
    t.text('customer_id');
    t.text('status').notNullable();
    t.integer('status_rank').notNullable();
    t.text('reason');
    t.jsonb('items');
    t.bigInteger('total_cents');
    t.specificType('currency', 'char(3)');
    t.timestamp('created_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['customer_id', 'created_at'], 'order_summaries_by_customer');
    t.index(['status', 'created_at'], 'order_summaries_by_status');
    t.index(['created_at'], 'order_summaries_by_created_at');
  });
  await knex.schema.withSchema('read_models').createTable('order_timeline', (t) => {
    t.uuid('event_id').primary();
    t.uuid('order_id').notNullable().index();
    t.text('event_type').notNullable();
    t.text('status');
    t.text('reason');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
  });
  // Counters move by deltas, which commute, so events from different partitions may apply in any order.
  // The catalog fields stay null until the product's first inventory.restocked arrives.
  await knex.schema.withSchema('read_models').createTable('product_availability', (t) => {
    t.uuid('product_id').primary();
    t.text('sku');
    t.text('name');
    t.integer('price_cents');
    t.specificType('currency', 'char(3)');
    t.text('seller_id');
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
