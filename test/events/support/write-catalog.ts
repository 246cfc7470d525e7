import { randomUUID } from 'node:crypto';
import { createCatalogActivities } from '../../../activities/catalog';
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

/** Creates a product (and its inventory.restocked event) through the real catalog activity. */
export async function createProduct(
  db: Db,
  input: { currency: string; onHand: number; priceCents?: number },
): Promise<string> {
  const productId = randomUUID();
  await createCatalogActivities({ db }).createProduct({
    productId,
    sku: `SKU-${productId}`,
    name: `Product ${productId.slice(0, 8)}`,
    priceCents: input.priceCents ?? 1000 + Math.floor(Math.random() * 9000),
    currency: input.currency,
    onHand: input.onHand,
    sellerId: `seller-${productId.slice(0, 4)}`,
    requestId: randomUUID(),
  });
  return productId;
}

export async function restock(db: Db, productId: string, quantity: number): Promise<void> {
  const requestId = randomUUID();
  await createCatalogActivities({ db }).restockProduct({
    productId,
    quantity,
    restockKey: requestId,
    context: { correlationId: productId, causationId: requestId },
  });
}
