import type { Knex } from 'knex';

/** The notifier counts each recipient's recent e-mails before it queues one more (its per-recipient cap). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('emails', (t) => {
    t.index(['recipient', 'created_at'], 'emails_by_recipient_and_time');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('emails', (t) => {
    t.dropIndex(['recipient', 'created_at'], 'emails_by_recipient_and_time');
  });
}
