import type { Knex } from 'knex';

// outbox/outbox-channel.ts listens on the same name; a migration stays frozen, so it keeps its own copy.
const OUTBOX_CHANNEL = 'outbox_inserted';
const OUTBOX_SCHEMAS = ['inventory', 'orders', 'payments'];

/**
 * Wakes the outbox relay as soon as an event commits (NOTIFY is delivered at commit, never for a
 * rolled-back transaction). Once per statement: the payload only says which outbox to look at.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function public.outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${OUTBOX_CHANNEL}', tg_table_schema || '.' || tg_table_name);
      return null;
    end
    $$`);
  for (const schema of OUTBOX_SCHEMAS) {
    await knex.raw(
      `create trigger outbox_notify after insert on ??.outbox for each statement execute function public.outbox_notify()`,
      [schema],
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const schema of OUTBOX_SCHEMAS) {
    await knex.raw('drop trigger if exists outbox_notify on ??.outbox', [schema]);
  }
  await knex.raw('drop function if exists public.outbox_notify()');
}
