import type { Knex } from 'knex';

/**
 * `GET /products` reads the catalog in keyset pages by sku; a seller's product count
 * (the cap on products per seller) is read on every product created.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'create index catalog_pages on read_models.product_availability (sku) where sku is not null',
  );
  await knex.schema.withSchema('inventory').alterTable('products', (t) => {
    t.index(['seller_id'], 'products_by_seller');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists read_models.catalog_pages');
  await knex.raw('drop index if exists inventory.products_by_seller');
}
