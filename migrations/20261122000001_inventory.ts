import type { Knex } from 'knex';
import { createOutboxTable } from './support/outbox-table';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists inventory');
  await knex.schema.withSchema('inventory').createTable('products', (t) => {
    t.uuid('id').primary();
    t.text('sku').notNullable().unique();
    t.text('name').notNullable();
    t.integer('price_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.integer('on_hand').notNullable();
    t.integer('reserved').notNullable().defaultTo(0);
    t.text('seller_id').notNullable();
    t.timestamps(true, true);
    t.check('0 <= ?? and ?? <= ??', ['reserved', 'reserved', 'on_hand'], 'products_reserved_within_on_hand');
    t.check('?? > 0', ['price_cents'], 'products_price_positive');
  });
  await knex.schema.withSchema('inventory').createTable('reservations', (t) => {
    t.uuid('order_id').notNullable();
    t.uuid('product_id').notNullable().references('id').inTable('inventory.products');
    t.integer('quantity').notNullable();
    t.text('status').notNullable().defaultTo('reserved');
    t.timestamps(true, true);
    t.primary(['order_id', 'product_id']);
    t.check('?? > 0', ['quantity'], 'reservations_quantity_positive');
    t.check("?? in ('reserved', 'released', 'committed')", ['status'], 'reservations_status_known');
  });
  // Restocks are keyed by the caller's id so that a retried restock adds stock once.
  await knex.schema.withSchema('inventory').createTable('restocks', (t) => {
    t.uuid('id').primary();
    t.uuid('product_id').notNullable().references('id').inTable('inventory.products');
    t.integer('quantity').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('?? > 0', ['quantity'], 'restocks_quantity_positive');
  });
  await createOutboxTable(knex, 'inventory');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists inventory cascade');
}
