import type { OrderReason, OrderStatus } from '../contracts/order';
import type { DomainEvent, EventType } from '../contracts/events';

export const STATUS_BY_EVENT: Partial<Record<EventType, OrderStatus>> = {
  'order.placed': 'PENDING',
  'order.confirmed': 'CONFIRMED',
  'order.rejected': 'REJECTED',
  'order.paid': 'PAID',
  'order.fulfilled': 'FULFILLED',
  'order.cancelled': 'CANCELLED',
};

/**
 * How far along the lifecycle a status is. A status only replaces one of lower rank, so a late or
 * replayed event never moves an order backwards. The terminal statuses share the top rank: an order
 * reaches only one of them.
 */
export const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 1,
  CONFIRMED: 2,
  PAID: 3,
  REJECTED: 4,
  FULFILLED: 4,
  CANCELLED: 4,
};

/** The reason an order event carries: a cancellation's, or a rejection's when not for want of stock. */
export function reasonOf(event: DomainEvent): OrderReason | null {
  if (event.type === 'order.cancelled') return event.data.reason;
  if (event.type === 'order.rejected') return event.data.reason ?? null;
  return null;
}
