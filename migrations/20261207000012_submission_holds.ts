import type { Knex } from 'knex';

/**
 * What each submission asks to hold, so that placing an order can count a customer's unpaid holds,
 * including those whose saga has not recorded the order yet (see api/unpaid-holds.ts). Submissions
 * made before this migration count as holding nothing: they are older than any payment window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('submissions', (t) => {
    t.integer('units').notNullable().defaultTo(0);
    t.index(['customer_id', 'created_at'], 'submissions_by_customer_and_time');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('submissions', (t) => {
    t.dropIndex(['customer_id', 'created_at'], 'submissions_by_customer_and_time');
    t.dropColumn('units');
  });
}
