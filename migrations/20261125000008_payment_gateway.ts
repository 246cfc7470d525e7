import type { Knex } from 'knex';

/**
 * The payment gateway stand-in's own books, in a schema of its own that the order system never reads or
 * writes: a real PSP never forgets a charge, a refund or an idempotency key, and neither may its mock.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists payment_gateway');
  await knex.schema.withSchema('payment_gateway').createTable('charges', (t) => {
    t.text('id').primary();
    t.text('order_id').notNullable().index();
    t.bigInteger('amount_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('refunded_cents').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(
      '0 <= ?? and ?? <= ??',
      ['refunded_cents', 'refunded_cents', 'amount_cents'],
      'charges_refund_within_amount',
    );
  });
  await knex.schema.withSchema('payment_gateway').createTable('refunds', (t) => {
    t.text('id').primary();
    t.text('charge_id').notNullable().references('id').inTable('payment_gateway.charges');
    t.bigInteger('amount_cents').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Per endpoint and key: the request it was first used with, and the final answer to replay.
  await knex.schema.withSchema('payment_gateway').createTable('idempotency_keys', (t) => {
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.text('fingerprint').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('response_status');
    t.jsonb('response_body');
    t.boolean('response_problem');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['scope', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists payment_gateway cascade');
}
