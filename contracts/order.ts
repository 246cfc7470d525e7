import { z } from 'zod';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'PAID', 'FULFILLED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CANCEL_REASONS = [
  'payment_declined',
  'payment_timeout',
  'customer_cancelled',
  'refunded',
  // Cancelled after payment, but the PSP refused the refund: the money is still captured and an
  // operator must settle it (payment.refund_failed says why).
  'refund_failed',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Large enough for any real basket, small enough that totals stay far inside integer range. */
export const MAX_QUANTITY_PER_LINE = 1000;
export const MAX_LINES_PER_ORDER = 50;

export const CardToken = z.string().trim().min(1, 'token is required').max(200);

export const PlaceOrder = z
  .object({
    items: z
      .array(
        z.strictObject({
          productId: z.uuid('productId must be a UUID'),
          quantity: z
            .number('quantity must be a number')
            .int('quantity must be a whole number')
            .min(1, 'quantity must be at least 1')
            .max(MAX_QUANTITY_PER_LINE, `quantity must be at most ${MAX_QUANTITY_PER_LINE}`),
        }),
      )
      .min(1, 'an order needs at least one item')
      .max(MAX_LINES_PER_ORDER, `an order has at most ${MAX_LINES_PER_ORDER} lines`)
      .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, {
        message: 'list each product once; put the total in its quantity',
      }),
    payment: z.strictObject({ token: CardToken }).optional(),
  })
  .strict();
export type PlaceOrder = z.infer<typeof PlaceOrder>;

export const SubmitPayment = z.strictObject({ token: CardToken });
export type SubmitPayment = z.infer<typeof SubmitPayment>;

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  /** The seller of the product, who ships this line. Orders placed before marketplace shipping lack it. */
  sellerId?: string;
}

/** Lines that left the warehouse together: one seller's lines, or all remaining lines shipped by an ADMIN. */
export interface Shipment {
  at: string;
  /** The seller who shipped; absent when an ADMIN shipped every remaining line. */
  sellerId?: string;
  productIds: string[];
}

export interface TimelineEntry {
  at: string;
  status: OrderStatus;
  note: string;
}

/** The order as the API returns it (DESIGN.md fixes this shape). */
export interface OrderView {
  id: string;
  customerId: string;
  status: OrderStatus;
  reason?: CancelReason;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEntry[];
  step: string;
  /** What has shipped so far; FULFILLED once every line has. Absent until the first shipment. */
  shipments?: Shipment[];
}
