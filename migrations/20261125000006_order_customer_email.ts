import type { Knex } from 'knex';

/** The address the customer's e-mails go to, from the token that placed the order; null when it had none. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('orders', (t) => {
    t.text('customer_email');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('orders', (t) => {
    t.dropColumn('customer_email');
  });
}
