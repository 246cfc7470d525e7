import { z } from 'zod';
import { NOT_BLANK, text } from './text';

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

/** Why a REJECTED order was, when not for want of stock (that one has its `shortages` and no reason). */
export const REJECT_REASONS = [
  // An activity refused the order's data for good (e.g. text PostgreSQL cannot store): whatever the
  // saga held was given back.
  'invalid_order',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The `reason` an order may carry: a CANCELLED order's, or a REJECTED one's. */
export const ORDER_REASONS = [...CANCEL_REASONS, ...REJECT_REASONS] as const;
export type OrderReason = (typeof ORDER_REASONS)[number];
const OrderReasonSchema = z
  .enum(ORDER_REASONS)
  .optional()
  .describe('CANCELLED: why; REJECTED: invalid_order when its data was refused (absent when short of stock)');

/** Large enough for any real basket, small enough that totals stay far inside integer range. */
export const MAX_QUANTITY_PER_LINE = 1000;
export const MAX_LINES_PER_ORDER = 50;

// Limits on the text as sent (what the OpenAPI document says), then trimmed.
export const CardToken = text().max(200).regex(NOT_BLANK, 'token is required').trim();

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

/*
 * What the API answers, as zod schemas: the types below derive from them and the OpenAPI document
 * describes them (api/openapi.ts), so the web dashboard's generated client and the server agree.
 */
const Timestamp = z.iso.datetime({ offset: true });
const Cents = z.number().int();

export const OrderLine = z.object({
  productId: z.uuid(),
  quantity: z.number().int(),
  unitPriceCents: Cents,
  /** The seller of the product, who ships this line. Orders placed before marketplace shipping lack it. */
  sellerId: z.string().optional().describe('who ships the line (absent on older orders)'),
});
export type OrderLine = z.infer<typeof OrderLine>;

/** Lines that left the warehouse together: one seller's lines, or all remaining lines shipped by an ADMIN. */
export const Shipment = z.object({
  at: Timestamp,
  /** The seller who shipped; absent when an ADMIN shipped every remaining line. */
  sellerId: z.string().optional().describe('absent when an ADMIN shipped'),
  productIds: z.array(z.uuid()),
});
export type Shipment = z.infer<typeof Shipment>;

export const TimelineEntry = z.object({ at: Timestamp, status: z.enum(ORDER_STATUSES), note: z.string() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A line the stock could not cover when the order was placed. */
export const Shortage = z.object({
  productId: z.uuid(),
  requested: z.number().int(),
  available: z.number().int(),
});
export type Shortage = z.infer<typeof Shortage>;

/** An order as `GET /orders` lists it, from the read model: the DESIGN.md order shape without its timeline. */
export const OrderSummary = z.object({
  id: z.uuid(),
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  reason: OrderReasonSchema,
  items: z.array(OrderLine),
  totalCents: Cents,
  currency: z.string().meta({ example: 'EUR' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/** The order as the API returns it (DESIGN.md fixes this shape), from its saga. */
export const OrderView = OrderSummary.extend({
  timeline: z.array(TimelineEntry),
  step: z.string().describe('what the saga is doing now'),
  /** What has shipped so far; FULFILLED once every line has. Absent until the first shipment. */
  shipments: z
    .array(Shipment)
    .optional()
    .describe('what has shipped so far (absent until the first shipment)'),
  /** Until when the order may be paid; set once its stock is reserved. */
  paymentDueAt: Timestamp.optional().describe(
    'until when the order may be paid (set once stock is reserved)',
  ),
  /** REJECTED: each line the stock could not cover. */
  shortages: z.array(Shortage).optional().describe('REJECTED: each line the stock could not cover'),
});
export type OrderView = z.infer<typeof OrderView>;

/** `POST /orders` and `GET /orders/:id` add where to act on the order. */
const OrderLinks = z.object({
  self: z.string(),
  payment: z.string(),
  cancel: z.string(),
  fulfill: z.string(),
});
export const OrderResource = OrderView.extend({ _links: OrderLinks });

export const OrderList = z.object({ items: z.array(OrderSummary) });

/**
 * A SELLER's part of an order: its own lines and their subtotal. Never the customer, the order's total,
 * another seller's lines, prices or shipments, nor what the saga is doing for them (its `step`).
 * api/seller-view.ts builds it from the whole order, for every path that shows an order to a SELLER.
 */
export const SellerOrderSummary = z.object({
  id: z.uuid(),
  sellerId: z.string().describe('the seller whose part of the order this is'),
  status: z.enum(ORDER_STATUSES),
  reason: OrderReasonSchema,
  items: z.array(OrderLine).describe("the seller's own lines"),
  subtotalCents: Cents.describe("the seller's own lines: unit price × quantity, summed"),
  currency: z.string().meta({ example: 'EUR' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SellerOrderSummary = z.infer<typeof SellerOrderSummary>;

export const SellerOrderView = SellerOrderSummary.extend({
  timeline: z
    .array(TimelineEntry)
    .describe("the order's status changes, and the shipments of the seller's own lines"),
  shipments: z
    .array(Shipment)
    .optional()
    .describe("shipments of the seller's own lines (absent until the first)"),
  paymentDueAt: Timestamp.optional().describe(
    'until when the order may be paid (set once stock is reserved)',
  ),
  shortages: z
    .array(Shortage)
    .optional()
    .describe("REJECTED: each of the seller's lines the stock could not cover"),
});
export type SellerOrderView = z.infer<typeof SellerOrderView>;

export const SellerOrderResource = SellerOrderView.extend({ _links: OrderLinks });
