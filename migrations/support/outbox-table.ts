import type { Knex } from 'knex';

/**
 * Every bounded context gets the same outbox shape in its own schema, written in the same transaction
 * as the business change. `id` gives the commit order per key for the relay.
 */
export function createOutboxTable(knex: Knex, schema: string) {
  return knex.schema.withSchema(schema).createTable('outbox', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('event_id').notNullable().unique();
    t.text('topic').notNullable();
    t.text('message_key').notNullable();
    t.text('event_type').notNullable();
    t.jsonb('payload').notNullable();
    t.jsonb('headers').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true });
    t.index(['id'], `${schema}_outbox_unpublished`, { predicate: knex.whereNull('published_at') });
  });
}
