import { randomUUID } from 'node:crypto';
import { appendEvent } from '../../../activities/outbox';
import type { Db } from '../../../platform/db';

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  price_cents: number;
  currency: string;
  on_hand: number;
  reserved: number;
  seller_id: string;
}

const context = (id: string) => ({ correlationId: id, causationId: randomUUID() });

/** Creates a product and its inventory.restocked event in one transaction, the way the catalog activity does. */
export async function createProduct(
  db: Db,
  input: { currency: string; onHand: number; priceCents?: number },
): Promise<string> {
  const id = randomUUID();
  const product = {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id.slice(0, 8)}`,
    price_cents: input.priceCents ?? 1000 + Math.floor(Math.random() * 9000),
    currency: input.currency,
    on_hand: input.onHand,
    reserved: 0,
    seller_id: `seller-${id.slice(0, 4)}`,
  };
  await db.transaction(async (trx) => {
    await trx('inventory.products').insert(product);
    await appendRestocked(trx, product, input.onHand, `${id}/created`);
  });
  return id;
}

export async function restock(db: Db, productId: string, quantity: number): Promise<string> {
  const restockId = randomUUID();
  return db.transaction(async (trx) => {
    const [product] = await trx('inventory.products')
      .where({ id: productId })
      .increment('on_hand', quantity)
      .returning<ProductRow[]>('*');
    await trx('inventory.restocks').insert({ id: restockId, product_id: productId, quantity });
    return appendRestocked(trx, product!, quantity, `restock/${restockId}`);
  });
}

function appendRestocked(
  trx: Parameters<typeof appendEvent>[0],
  product: ProductRow,
  quantity: number,
  name: string,
) {
  return appendEvent(trx, {
    type: 'inventory.restocked',
    orderId: product.id,
    idempotencyName: name,
    data: {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      priceCents: product.price_cents,
      currency: product.currency,
      sellerId: product.seller_id,
      quantity,
      onHand: product.on_hand,
    },
    context: context(product.id),
  });
}
