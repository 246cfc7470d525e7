import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderReason, OrderStatus, OrderView, Shipment, Shortage } from '../contracts/order';
import { OrderStatusKey, type OrderSagaInput } from './definitions';

/** The saga's memory of its order: what `getOrder` returns and what the Web UI shows. */
export class OrderState {
  status: OrderStatus = 'PENDING';
  reason?: OrderReason;
  private updatedAt: string;
  private readonly timeline: OrderView['timeline'] = [];
  private step = '';
  private readonly shipments: Shipment[] = [];
  /** Until when a CONFIRMED order may be paid (announced with order.confirmed). */
  paymentDueAt?: string;
  /** Why a REJECTED order was: each line short of stock. */
  shortages?: Shortage[];

  constructor(private readonly input: OrderSagaInput) {
    this.updatedAt = input.createdAt;
    this.timeline.push({ at: input.createdAt, status: 'PENDING', note: 'order placed' });
  }

  moveTo(status: OrderStatus, note: string, reason?: OrderReason): void {
    this.status = status;
    this.reason = reason;
    this.updatedAt = new Date().toISOString();
    this.timeline.push({ at: this.updatedAt, status, note });
    upsertSearchAttributes([{ key: OrderStatusKey, value: status }]);
  }

  /**
   * A status the order passed through inside one step that went further (CONFIRMED on the way to PAID):
   * on the timeline, not announced to the Web UI's search attribute, which the next status overwrites in
   * the same workflow task anyway.
   */
  passThrough(status: OrderStatus, note: string): void {
    this.status = status;
    this.updatedAt = new Date().toISOString();
    this.timeline.push({ at: this.updatedAt, status, note });
  }

  /** A shipment, on the timeline under the current status (PAID until the last line ships). */
  recordShipment(shipment: Shipment, note: string): void {
    this.shipments.push(shipment);
    this.updatedAt = shipment.at;
    this.timeline.push({ at: shipment.at, status: this.status, note });
  }

  /** Shown as "current details" in the Temporal Web UI; markdown is rendered there. */
  describeStep(step: string): void {
    this.step = step;
    setCurrentDetails(`**${this.status}**: ${step}`);
  }

  isFinal(): boolean {
    return ['REJECTED', 'FULFILLED', 'CANCELLED'].includes(this.status);
  }

  view(): OrderView {
    const { orderId, customerId, items, totalCents, currency, createdAt } = this.input;
    return {
      id: orderId,
      customerId,
      status: this.status,
      ...(this.reason ? { reason: this.reason } : {}),
      items,
      totalCents,
      currency,
      createdAt,
      updatedAt: this.updatedAt,
      timeline: [...this.timeline],
      step: this.step,
      ...(this.shipments.length > 0 ? { shipments: [...this.shipments] } : {}),
      ...(this.paymentDueAt ? { paymentDueAt: this.paymentDueAt } : {}),
      ...(this.shortages ? { shortages: this.shortages } : {}),
    };
  }
}

export function formatMoney(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
