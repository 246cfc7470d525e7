import type { Knex } from 'knex';
import { createCatalogActivities } from '../activities/catalog';
import { deterministicUuid } from '../platform/ids';

export const DEMO_SELLER = 'demo-seller';

/** A small catalog to try the system with; ids derive from the sku, so seeding twice changes nothing. */
export const DEMO_PRODUCTS = [
  { sku: 'LAMP-01', name: 'Desk lamp', priceCents: 3499, currency: 'EUR', onHand: 25 },
  { sku: 'MUG-01', name: 'Enamel mug', priceCents: 1299, currency: 'EUR', onHand: 100 },
  { sku: 'CHAIR-01', name: 'Oak chair', priceCents: 18900, currency: 'EUR', onHand: 5 },
  { sku: 'BOOK-01', name: 'Field notes', priceCents: 899, currency: 'EUR', onHand: 0 },
] as const;

export const demoProductId = (sku: string) => deterministicUuid(`demo-product/${sku}`);

export async function seedDemoProducts(db: Knex): Promise<number> {
  const catalog = createCatalogActivities({ db });
  let created = 0;
  for (const product of DEMO_PRODUCTS) {
    const productId = demoProductId(product.sku);
    if (await db('inventory.products').where({ id: productId }).first()) continue;
    await catalog.createProduct({ ...product, productId, sellerId: DEMO_SELLER, requestId: productId });
    created += 1;
  }
  return created;
}
