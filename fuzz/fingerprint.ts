import type { Knex } from 'knex';

/**
 * A digest of every row the given principals can have caused: their products, those products'
 * reservations and restocks, their orders and submissions, and the outbox events of all of these.
 * Rows of other tests running beside the fuzzer are left out, so a change here is the fuzzer's own.
 */
export async function fingerprint(db: Knex, subjects: string[]): Promise<string> {
  const { rows } = await db.raw(
    `with products as (select * from inventory.products where seller_id = any(:subjects)),
          orders as (select id from orders.orders where customer_id = any(:subjects)
                     union select order_id from orders.submissions where customer_id = any(:subjects)),
          keys as (select id::text as key from products union select id::text from orders)
     select md5(concat_ws('#',
       (select string_agg(p::text, '|' order by p.id) from products p),
       (select string_agg(r::text, '|' order by r.order_id, r.product_id) from inventory.reservations r
          where r.product_id in (select id from products) or r.order_id in (select id from orders)),
       (select string_agg(r::text, '|' order by r.id) from inventory.restocks r where r.product_id in (select id from products)),
       (select string_agg(o::text, '|' order by o.id) from orders.orders o where o.id in (select id from orders)),
       (select string_agg(s::text, '|' order by s.order_id) from orders.submissions s where s.customer_id = any(:subjects)),
       (select count(*) from inventory.outbox where message_key in (select key from keys)),
       (select count(*) from orders.outbox where message_key in (select key from keys)),
       (select count(*) from payments.outbox where message_key in (select key from keys))
     )) as digest`,
    { subjects },
  );
  return rows[0].digest as string;
}

/** Waits until the digest holds still for `quietMs` (an accepted order's saga finishing its steps). */
export async function settledFingerprint(db: Knex, subjects: string[], quietMs = 800, maxMs = 20_000) {
  const deadline = Date.now() + maxMs;
  let last = await fingerprint(db, subjects);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await fingerprint(db, subjects);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}
