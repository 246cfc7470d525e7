import { z } from 'zod';

export const MAX_STOCK = 1_000_000;

export const CreateProduct = z.strictObject({
  sku: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'sku may use letters, digits, dot, dash and underscore'),
  name: z.string().trim().min(1).max(200),
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
