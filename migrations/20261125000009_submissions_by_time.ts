import type { Knex } from 'knex';

/** The reconciler looks at recent submissions only; this keeps that look cheap as the table grows. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('submissions', (t) => {
    t.index(['created_at'], 'submissions_by_created_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('orders').alterTable('submissions', (t) => {
    t.dropIndex(['created_at'], 'submissions_by_created_at');
  });
}
