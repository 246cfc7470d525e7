import type { Knex } from 'knex';

/**
 * The notifier's own schema, built from the domain events alone: what it knows of orders and product
 * names, its inbox of handled events, and the log of e-mails, which is also the queue the sender drains.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists notifications');
  await knex.schema.withSchema('notifications').createTable('inbox', (t) => {
    t.uuid('event_id').primary();
    t.text('event_type').notNullable();
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('offset').notNullable();
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.withSchema('notifications').createTable('orders', (t) => {
    t.uuid('order_id').primary();
    t.text('customer_id').notNullable();
    // Null when the token that placed the order had no e-mail claim: the order is not notified.
    t.text('email');
    t.jsonb('items').notNullable();
    t.bigInteger('total_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    // The furthest stage already told to the customer, so a late event never sends an older message.
    t.integer('stage').notNullable().defaultTo(0);
  });
  await knex.schema.withSchema('notifications').createTable('products', (t) => {
    t.uuid('product_id').primary();
    t.text('sku').notNullable();
    t.text('name').notNullable();
  });
  await knex.schema.withSchema('notifications').createTable('emails', (t) => {
    t.uuid('id').primary();
    t.uuid('order_id').notNullable();
    t.text('kind').notNullable();
    t.uuid('event_id').notNullable();
    t.timestamp('event_occurred_at', { useTz: true }).notNullable();
    t.text('recipient');
    t.text('subject');
    t.text('text_body');
    t.text('html_body');
    t.text('status').notNullable();
    // Why an e-mail was not sent, or why it failed for good.
    t.text('note');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.text('smtp_response');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    // One e-mail per order and moment, however often its event is delivered.
    t.unique(['order_id', 'kind']);
    t.check("?? in ('pending', 'sent', 'failed', 'not_sent')", ['status'], 'emails_status_known');
  });
  await knex.raw(
    `create index emails_due on notifications.emails (next_attempt_at) where status = 'pending'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists notifications cascade');
}
