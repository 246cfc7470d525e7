import { PAGE_SIZE, toProductView, type ProductPage } from '../contracts/product';
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

export interface CatalogPageQuery {
  limit?: number;
  /** The last sku of the previous page: the page starts after it. */
  cursor?: string;
  /** Only these products. */
  ids?: string[];
}

/**
 * One page of the catalog for `GET /products`, in sku order: a keyset page, so a product added or
 * sold meanwhile neither repeats nor skips another. Products whose first inventory.restocked has not
 * been projected yet are left out; `available` never shows below zero while counters catch up.
 */
export async function listCatalog(
  db: Db,
  { limit = PAGE_SIZE.default, cursor, ids }: CatalogPageQuery = {},
): Promise<ProductPage> {
  const query = db<AvailabilityRow>('read_models.product_availability')
    .whereNotNull('sku')
    .orderBy('sku')
    .limit(limit + 1);
  if (cursor) query.where('sku', '>', cursor);
  if (ids) query.whereIn('product_id', ids);
  const rows: AvailabilityRow[] = await query;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const product = toProductView({ ...row, id: row.product_id });
      return { ...product, available: Math.max(0, product.available) };
    }),
    nextCursor: rows.length > limit && last ? last.sku : null,
  };
}
