import { z } from 'zod';
import { NOT_BLANK, text } from './text';

/** What a sku may hold; the catalog's order, and so its page cursor, is by sku. */
const SKU = /^[A-Za-z0-9._-]+$/;

export const MAX_STOCK = 1_000_000;
/** A product's stock on hand at most, whatever the restocks: well inside PostgreSQL's integer column. */
export const MAX_ON_HAND = 1_000_000_000;

export const CreateProduct = z.strictObject({
  sku: z.string().trim().min(1).max(64).regex(SKU, 'sku may use letters, digits, dot, dash and underscore'),
  // Limits on the text as sent (what the OpenAPI document says), then trimmed.
  name: text().max(200).regex(NOT_BLANK, 'name must not be blank').trim(),
  priceCents: z.number().int('priceCents must be whole cents').min(1).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR'),
  onHand: z.number().int().min(0).max(MAX_STOCK),
});
export type CreateProduct = z.infer<typeof CreateProduct>;

export const Restock = z.strictObject({
  quantity: z.number().int('quantity must be a whole number').min(1).max(MAX_STOCK),
});
export type Restock = z.infer<typeof Restock>;

/** A product as the API answers it: the catalog read model, or the inventory row after a write. */
export const ProductView = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  sellerId: z.string(),
});
export type ProductView = z.infer<typeof ProductView>;
export const ProductList = z.object({ items: z.array(ProductView) });

/** `GET /products` answers pages of this many products by default, and never more than the maximum. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

const UUID_LIKE = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
/** One to PAGE_SIZE.max product ids, comma-separated: what the OpenAPI document says as `pattern`. */
export const PRODUCT_IDS = new RegExp(`^${UUID_LIKE}(?:,${UUID_LIKE}){0,${PAGE_SIZE.max - 1}}$`);

export const CatalogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  /**
   * A previous page's `nextCursor`, the last sku it held: the page starts after it. The catalog is in sku
   * order, so any sku is a place in it, whether or not such a product exists.
   */
  cursor: z
    .string()
    .max(64)
    .regex(SKU, 'cursor is a sku: letters, digits, dot, dash and underscore')
    .optional(),
  /** Comma-separated product ids: only these products (a dashboard refreshing what changed). */
  ids: z
    .string()
    .regex(PRODUCT_IDS, `ids are 1 to ${PAGE_SIZE.max} product ids (UUIDs), comma-separated`)
    .transform((text) => text.split(','))
    .optional(),
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const ProductPage = z.object({
  items: z.array(ProductView),
  /** Pass as `cursor` for the next page (the last sku of this one); null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ProductPage = z.infer<typeof ProductPage>;

/** Product rows (the inventory table and the catalog read model) share their column names. */
export function toProductView(row: {
  id: string;
  sku: string;
  name: string;
  price_cents: number;
  currency: string;
  on_hand: number;
  reserved: number;
  seller_id: string;
}): ProductView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    priceCents: row.price_cents,
    currency: row.currency,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
    sellerId: row.seller_id,
  };
}
