import type { DomainEvent } from '../contracts/events';

/**
 * The customer-facing moments of an order, the event that marks each, and its stage: a moment is told
 * only while no later stage has been, so a late `order.confirmed` after `order.paid` sends nothing.
 */
export const MOMENTS = {
  'order.confirmed': { kind: 'confirmed', stage: 1 },
  'order.rejected': { kind: 'rejected', stage: 1 },
  'order.paid': { kind: 'receipt', stage: 2 },
  'order.cancelled': { kind: 'cancelled', stage: 3 },
  'order.fulfilled': { kind: 'shipped', stage: 3 },
} as const;

export type MomentEvent = Extract<DomainEvent, { type: keyof typeof MOMENTS }>;
export type EmailKind = (typeof MOMENTS)[keyof typeof MOMENTS]['kind'];

export function isMoment(event: DomainEvent): event is MomentEvent {
  return event.type in MOMENTS;
}
