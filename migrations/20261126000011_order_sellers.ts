import type { Knex } from 'knex';

/**
 * The read model behind a seller's `GET /orders`: which sellers each order has lines of, and when each
 * shipped theirs. Orders already projected are filled in from their summaries and the catalog.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('read_models').createTable('order_sellers', (t) => {
    t.uuid('order_id').notNullable();
    t.text('seller_id').notNullable();
    t.specificType('product_ids', 'uuid[]').notNullable();
    t.timestamp('shipped_at', { useTz: true });
    t.primary(['order_id', 'seller_id']);
    t.index(['seller_id', 'order_id'], 'order_sellers_by_seller');
  });
  await knex.raw(`
    insert into read_models.order_sellers (order_id, seller_id, product_ids, shipped_at)
    select s.order_id, coalesce(line->>'sellerId', p.seller_id), array_agg((line->>'productId')::uuid),
           case when s.status = 'FULFILLED' then s.updated_at end
    from read_models.order_summaries s
    cross join lateral jsonb_array_elements(s.items) line
    left join read_models.product_availability p on p.product_id = (line->>'productId')::uuid
    where s.items is not null and coalesce(line->>'sellerId', p.seller_id) is not null
    group by s.order_id, coalesce(line->>'sellerId', p.seller_id), s.status, s.updated_at
    on conflict do nothing`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('read_models').dropTable('order_sellers');
}
