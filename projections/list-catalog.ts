import { toProductView, type ProductView } from '../contracts/product';
import type { Db } from '../platform/db';

interface AvailabilityRow {
  product_id: string;
  sku: string;
  name: string;
  price_cents: number;
  currency: string;
  seller_id: string;
  on_hand: number;
  reserved: number;
}

/**
 * The catalog for `GET /products`, by name. Products whose first inventory.restocked has not been
 * projected yet are left out; `available` never shows below zero while counters catch up.
 */
export async function listCatalog(db: Db): Promise<{ items: ProductView[] }> {
  const rows: AvailabilityRow[] = await db<AvailabilityRow>('read_models.product_availability')
    .whereNotNull('sku')
    .orderBy([{ column: 'name' }, { column: 'sku' }]);
  return {
    items: rows.map((row) => {
      const product = toProductView({ ...row, id: row.product_id });
      return { ...product, available: Math.max(0, product.available) };
    }),
  };
}
