import type { Knex } from 'knex';

/** Why an order gets no e-mail at all (no address), said once on the order instead of once per moment. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('orders', (t) => {
    t.text('not_notified_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('orders', (t) => {
    t.dropColumn('not_notified_reason');
  });
}
