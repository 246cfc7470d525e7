import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { OrderStatusChange } from '../activities';
import { FailureType } from '../contracts/failure-types';
import type { CancelReason, OrderReason, RejectReason } from '../contracts/order';
import type { CommandMeta, OrderSagaInput } from './definitions';
import { formatMoney, type OrderState } from './order-state';
import { localDatabase, localPsp, psp, step } from './saga-activities';
import type { Shipping, ShipRequest } from './shipping';

/** How an order placed with its payment came out of its first step. */
export type OpenedAndPaid = 'paid' | 'rejected' | 'declined';

/**
 * The saga's steps. Each runs one activity, keeps the order's state in step with it, and remembers the
 * event it caused: the cause (`causationId`) of the next event, so the events of an order form a chain.
 */
export class OrderSteps {
  private causationId: string;
  private causeBeforeRequest: string;
  private paymentId?: string;
  readonly total: string;

  constructor(
    private readonly input: OrderSagaInput,
    private readonly order: OrderState,
    private readonly shipping: Shipping,
  ) {
    this.causationId = input.requestId;
    this.causeBeforeRequest = input.requestId;
    this.total = formatMoney(input.totalCents, input.currency);
  }

  /** True from the charge until a refund would be owed: the payment stands. */
  get charged(): boolean {
    return this.paymentId !== undefined;
  }

  /** The request (a payment, a cancel, a shipment) that causes the next events. */
  causedBy({ requestId }: CommandMeta): void {
    this.causeBeforeRequest = this.causationId;
    this.causationId = requestId;
  }

  /**
   * Back to the cause before the latest request: an invalid order is rejected by events that do not
   * name a request whose data may be what was refused (its id, say).
   */
  causedByEarlierEvent(): void {
    this.causationId = this.causeBeforeRequest;
  }

  /** Records the order, reserves its stock and confirms it, in one local activity. True once CONFIRMED. */
  async open(): Promise<boolean> {
    // Announced before the timer starts, so the deadline a customer sees never outlasts the window.
    const paymentDueAt = this.dueAt();
    const lines = this.input.items.length;
    this.order.describeStep(`recording the order and reserving stock for ${lines} line(s)`);
    const opened = await step(localDatabase.openOrder, `open: record, reserve ${lines} line(s), confirm`, {
      ...this.input,
      paymentDueAt,
      context: this.context(),
    });
    this.causationId = opened.eventId;
    if (!opened.reserved) {
      this.order.shortages = opened.shortages;
      this.order.moveTo('REJECTED', 'not enough stock');
      return false;
    }
    this.order.moveTo('CONFIRMED', 'stock reserved');
    this.order.paymentDueAt = paymentDueAt;
    return true;
  }

  /** An order placed with its payment: opened, charged and recorded PAID in one local activity. */
  async openAndPay(payment: { token: string }): Promise<OpenedAndPaid> {
    const paymentDueAt = this.dueAt();
    const { input, order, total } = this;
    order.describeStep(`recording the order, reserving stock and charging ${total}`);
    this.paymentId = `pay-${input.orderId}`;
    try {
      const opened = await step(
        localPsp.openAndPay,
        `open: record, reserve ${input.items.length} line(s), confirm, charge ${total}, record PAID`,
        {
          ...input,
          paymentDueAt,
          paymentId: this.paymentId,
          token: payment.token,
          paymentRequestId: input.requestId,
          context: this.context(),
        },
      );
      this.causationId = opened.eventId;
      if (!opened.reserved) {
        this.paymentId = undefined;
        order.shortages = opened.shortages;
        order.moveTo('REJECTED', 'not enough stock');
        return 'rejected';
      }
      order.paymentDueAt = paymentDueAt;
      order.passThrough('CONFIRMED', 'stock reserved');
      order.moveTo('PAID', 'payment captured');
      return 'paid';
    } catch (error) {
      this.causationId = this.declined(error);
      order.paymentDueAt = paymentDueAt;
      order.passThrough('CONFIRMED', 'stock reserved');
      return 'declined';
    }
  }

  /** Charges the card the customer paid with, in a local activity. True once charged, false when declined. */
  async charge(payment: { token: string } & CommandMeta): Promise<boolean> {
    this.order.describeStep(`charging ${this.total}`);
    this.causedBy(payment);
    this.paymentId = `pay-${this.input.orderId}`;
    try {
      const charged = await step(localPsp.chargePayment, `charge ${this.total}`, {
        orderId: this.input.orderId,
        paymentId: this.paymentId,
        amountCents: this.input.totalCents,
        currency: this.input.currency,
        token: payment.token,
        context: this.context(),
      });
      this.causationId = charged.eventId;
      return true;
    } catch (error) {
      this.causationId = this.declined(error);
      return false;
    }
  }

  recordPaid(): Promise<void> {
    const event = { type: 'order.paid', data: { paymentId: this.paymentId! } } as const;
    return this.transition({ status: 'PAID', event }, 'payment captured');
  }

  /** One seller's lines (or, by an ADMIN, every line left) leave: their stock is committed. */
  async ship(request: ShipRequest): Promise<void> {
    const { command, productIds } = request;
    const who = command.sellerId ? `seller ${command.sellerId}` : 'an admin';
    this.causedBy(command);
    this.order.describeStep(`committing the stock ${who} shipped`);
    const committed = await step(
      localDatabase.commitStock,
      `commit ${productIds.length} line(s) shipped by ${who}`,
      {
        orderId: this.input.orderId,
        ...(this.shipping.partOfOrder(request) ? { productIds } : {}),
        ...(command.sellerId ? { sellerId: command.sellerId } : {}),
        context: this.context(),
      },
    );
    this.causationId = committed.eventId ?? this.causationId;
    const shipment = this.shipping.record(request, new Date().toISOString());
    const left = this.shipping.totalLines - this.shipping.shippedLines;
    this.order.recordShipment(
      shipment,
      `${productIds.length} line(s) shipped by ${who}${left > 0 ? `; ${left} to go` : ''}`,
    );
  }

  recordFulfilled(): Promise<void> {
    return this.transition(
      { status: 'FULFILLED', event: { type: 'order.fulfilled', data: {} } },
      'every line shipped',
    );
  }

  async releaseStock(reason: OrderReason, note: string): Promise<void> {
    this.order.describeStep(`releasing the reserved stock (${note})`);
    const released = await step(localDatabase.releaseStock, `release stock (${note})`, {
      orderId: this.input.orderId,
      reason,
      context: this.context(),
    });
    this.causationId = released.eventId ?? this.causationId;
  }

  /**
   * True once refunded. False when the PSP refused the refund for good (it does not know the charge, or
   * nothing is left of it): retrying cannot help, so the saga ends and says so instead of retrying for ever.
   */
  async refund(): Promise<boolean> {
    this.order.describeStep('refunding the payment');
    try {
      const refunded = await step(psp.refundPayment, `refund ${this.total}`, {
        orderId: this.input.orderId,
        paymentId: this.paymentId!,
        context: this.context(),
      });
      this.causationId = refunded.eventId ?? this.causationId;
      return true;
    } catch (error) {
      const refusal = failureOf(error, FailureType.RefundRefused);
      if (!refusal) throw error;
      this.causationId = refusal.eventId;
      return false;
    }
  }

  recordCancelled(reason: CancelReason, note: string): Promise<void> {
    return this.transition(
      { status: 'CANCELLED', reason, event: { type: 'order.cancelled', data: { reason } } },
      note,
    );
  }

  /** REJECTED after the order was placed: its data was refused for good (no shortages to report). */
  recordRejected(reason: RejectReason, note: string): Promise<void> {
    return this.transition(
      { status: 'REJECTED', reason, event: { type: 'order.rejected', data: { shortages: [], reason } } },
      note,
    );
  }

  private async transition(change: OrderStatusChange, note: string): Promise<void> {
    const reason = 'reason' in change ? change.reason : undefined;
    const recorded = await step(
      localDatabase.recordOrderStatus,
      `record ${change.status}${reason ? ` (${reason})` : ''}`,
      { ...change, orderId: this.input.orderId, context: this.context() },
    );
    this.causationId = recorded.eventId;
    this.order.moveTo(change.status, note, reason);
  }

  /** The event id of a decline (no payment stands then); any other failure is rethrown. */
  private declined(error: unknown): string {
    const decline = failureOf(error, FailureType.PaymentDeclined);
    if (!decline) throw error;
    this.paymentId = undefined;
    return decline.eventId;
  }

  private context() {
    return { correlationId: this.input.correlationId, causationId: this.causationId };
  }

  private dueAt(): string {
    return new Date(Date.now() + this.input.paymentWindowMs).toISOString();
  }
}

/** A regular activity's failure arrives wrapped in an ActivityFailure; a local one's as it was thrown. */
function failureOf(error: unknown, type: FailureType): { eventId: string } | undefined {
  const failure = applicationFailureIn(error, type);
  return failure?.details?.[0] as { eventId: string } | undefined;
}

/** What an activity said when it refused the order's data for good (InvalidOrder); undefined for any other error. */
export function invalidOrderIn(error: unknown): string | undefined {
  return applicationFailureIn(error, FailureType.InvalidOrder)?.message;
}

function applicationFailureIn(error: unknown, type: FailureType): ApplicationFailure | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === type ? failure : undefined;
}
