import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { OrderLine, OrderView } from '../contracts/order';

export const TASK_QUEUE = 'orders';
export const workflowIdFor = (orderId: string) => `order-${orderId}`;

export interface OrderSagaInput {
  orderId: string;
  customerId: string;
  /** Where the customer's e-mails about this order go: the `email` claim of the token that placed it. */
  customerEmail?: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  createdAt: string;
  paymentWindowMs: number;
  /** Payment that came with the submission, charged right after the reservation. */
  payment?: { token: string };
  correlationId: string;
  /** The id of the request that placed the order. */
  requestId: string;
}

/** Every command that reaches the saga carries the id of the HTTP request, the cause of its events. */
export interface CommandMeta {
  requestId: string;
  correlationId: string;
}

/**
 * Ships lines of a paid order. A SELLER's request names that seller and the order's lines of their
 * products; an ADMIN's names neither and ships every line not yet shipped.
 */
export interface ShipCommand extends CommandMeta {
  sellerId?: string;
  productIds?: string[];
}

export const getOrder = defineQuery<OrderView>('getOrder');
export const submitPayment = defineUpdate<OrderView, [{ token: string } & CommandMeta]>('submitPayment');
export const cancelOrder = defineUpdate<OrderView, [CommandMeta]>('cancelOrder');
export const fulfillOrder = defineUpdate<OrderView, [ShipCommand]>('fulfillOrder');

export const OrderStatusKey = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const OrderTotalCentsKey = defineSearchAttributeKey('OrderTotalCents', SearchAttributeType.INT);
