import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { OrderStatusChange } from '../activities';
import { FailureType } from '../contracts/failure-types';
import type { CancelReason, OrderView } from '../contracts/order';
import type { CommandMeta, OrderSagaInput } from './definitions';
import { handleOrderMessages, type OrderRequests } from './order-messages';
import { formatMoney, OrderState } from './order-state';
import { localOpenAndPay, localPayments, localSteps, payments, regularSteps, step } from './saga-activities';
import { Shipping, type ShipRequest } from './shipping';

/**
 * Opens the order (record, reserve, confirm) in one local activity and runs the other database steps as
 * local activities: a third of the history events and workflow tasks of the first shape.
 */
export const OPEN_IN_ONE_LOCAL_STEP = 'open-in-one-local-step';
/** Charges the card in a local activity: no activity task and no second workflow task on the paid path. */
export const CHARGE_IN_LOCAL_ACTIVITY = 'charge-in-local-activity';
/** Each seller ships their own lines of a paid order; it is FULFILLED when every line has shipped. */
export const SHIP_PER_SELLER = 'ship-per-seller';
/** The stock goes back on the shelf before a refund (see releaseRefundAndCancel). */
export const RELEASE_STOCK_BEFORE_REFUND = 'release-stock-before-refund';
/**
 * One marker, recorded by the first command of the first workflow task, chooses every path above for
 * the whole execution; no later `patched()` call is made. A `patched()` reached after a local activity
 * is not told of its marker by SDK 1.24 when that workflow task was split (a query arrived, or the local
 * activities outlasted the task's heartbeat), and such a history failed to replay.
 */
export const PATHS_CHOSEN_AT_START = 'paths-chosen-at-start';
/**
 * Every path above, and an order placed with its payment opens, charges and becomes PAID in one local
 * activity (one marker, one status upsert). Decided at the start, like PATHS_CHOSEN_AT_START, which it
 * supersedes for new executions: one marker each.
 */
export const OPEN_AND_PAY_IN_ONE_STEP = 'open-and-pay-in-one-step';

export async function orderSaga(input: OrderSagaInput): Promise<OrderView> {
  const { orderId } = input;
  const order = new OrderState(input);
  const requests: OrderRequests = {};
  const progress = { reserved: false, paymentId: undefined as string | undefined };
  const paymentWindow = { open: false };
  const shipping = new Shipping(input.items);
  let causationId = input.requestId;
  const context = () => ({ correlationId: input.correlationId, causationId });
  const total = formatMoney(input.totalCents, input.currency);
  const dueAt = () => new Date(Date.now() + input.paymentWindowMs).toISOString();

  // Executions started before a change replay the path they took; every new one takes the current paths.
  const openAndPayInOneStep = patched(OPEN_AND_PAY_IN_ONE_STEP);
  const current = openAndPayInOneStep || patched(PATHS_CHOSEN_AT_START);
  handleOrderMessages(order, requests, paymentWindow, shipping);
  const fast = current || patched(OPEN_IN_ONE_LOCAL_STEP);
  const { stock, records } = fast ? localSteps : regularSteps;

  async function transition(change: OrderStatusChange, note: string) {
    const reason = change.status === 'CANCELLED' ? ` (${change.reason})` : '';
    ({ eventId: causationId } = await step(records.recordOrderStatus, `record ${change.status}${reason}`, {
      ...change,
      orderId,
      context: context(),
    }));
    order.moveTo(change.status, note, change.status === 'CANCELLED' ? change.reason : undefined);
  }

  async function release(reason: CancelReason, note: string) {
    order.describeStep(`releasing the reserved stock (${note})`);
    const released = await step(stock.releaseStock, `release stock (${note})`, {
      orderId,
      reason,
      context: context(),
    });
    causationId = released.eventId ?? causationId;
  }

  const cancel = (reason: CancelReason, note: string) =>
    transition({ status: 'CANCELLED', reason, event: { type: 'order.cancelled', data: { reason } } }, note);

  async function releaseAndCancel(reason: CancelReason, note: string) {
    await release(reason, note);
    await cancel(reason, note);
  }

  /**
   * The stock goes back on the shelf first, at once, even while the PSP is slow or down and the refund
   * keeps being retried. Executions that got here before that change refunded first, and replay so.
   */
  async function releaseRefundAndCancel(note: string) {
    let refunded: boolean;
    if (current || patched(RELEASE_STOCK_BEFORE_REFUND)) {
      await release('refunded', note);
      refunded = await refund();
    } else {
      refunded = await refund();
      await release('refunded', note);
    }
    if (refunded) return cancel('refunded', note);
    await cancel('refund_failed', `${note}; the PSP refused the refund`);
    order.describeStep(`needs an operator: the PSP refused the refund of ${total}; the charge stands`);
  }

  /**
   * True once refunded. False when the PSP refused the refund for good (it does not know the charge, or
   * nothing is left of it): retrying cannot help, so the saga ends and says so instead of retrying for ever.
   */
  async function refund(): Promise<boolean> {
    order.describeStep('refunding the payment');
    try {
      const refunded = await step(payments.refundPayment, `refund ${total}`, {
        orderId,
        paymentId: progress.paymentId!,
        context: context(),
      });
      causationId = refunded.eventId ?? causationId;
      return true;
    } catch (error) {
      const refusal = failureOf(error, FailureType.RefundRefused);
      if (!refusal) throw error;
      causationId = refusal.eventId;
      return false;
    }
  }

  async function charge(command: { token: string } & CommandMeta, local: boolean): Promise<boolean> {
    order.describeStep(`charging ${total}`);
    causationId = command.requestId;
    progress.paymentId = `pay-${orderId}`;
    try {
      const charged = await step((local ? localPayments : payments).chargePayment, `charge ${total}`, {
        orderId,
        paymentId: progress.paymentId,
        amountCents: input.totalCents,
        currency: input.currency,
        token: command.token,
        context: context(),
      });
      causationId = charged.eventId;
      return true;
    } catch (error) {
      const decline = declineOf(error);
      if (!decline) throw error;
      causationId = decline.eventId;
      progress.paymentId = undefined;
      return false;
    }
  }

  /** The first shape: record, reserve and confirm as three regular activities. */
  async function openInThreeSteps(): Promise<string | undefined> {
    order.describeStep('recording the order');
    ({ eventId: causationId } = await step(records.recordOrderPlaced, 'record PENDING (order placed)', {
      ...input,
      context: context(),
    }));

    order.describeStep(`reserving stock for ${input.items.length} line(s)`);
    const reservation = await step(stock.reserveStock, `reserve ${input.items.length} line(s)`, {
      orderId,
      items: input.items,
      context: context(),
    });
    causationId = reservation.eventId;
    if (!reservation.reserved) {
      const { shortages } = reservation;
      order.shortages = shortages;
      await transition(
        { status: 'REJECTED', event: { type: 'order.rejected', data: { shortages } } },
        'not enough stock',
      );
      return undefined;
    }
    const paymentDueAt = dueAt();
    await transition(
      { status: 'CONFIRMED', event: { type: 'order.confirmed', data: { paymentDueAt } } },
      'stock reserved',
    );
    return paymentDueAt;
  }

  /** Returns when the payment window closes, or undefined when the order was rejected. */
  async function openInOneStep(): Promise<string | undefined> {
    // Announced before the timer starts, so the deadline a customer sees never outlasts the window.
    const paymentDueAt = dueAt();
    order.describeStep(`recording the order and reserving stock for ${input.items.length} line(s)`);
    const opened = await step(
      localSteps.opening.openOrder,
      `open: record, reserve ${input.items.length} line(s), confirm`,
      {
        ...input,
        paymentDueAt,
        context: context(),
      },
    );
    causationId = opened.eventId;
    if (!opened.reserved) {
      order.shortages = opened.shortages;
      return void order.moveTo('REJECTED', 'not enough stock');
    }
    order.moveTo('CONFIRMED', 'stock reserved');
    return paymentDueAt;
  }

  /**
   * An order placed with its payment: opened, charged and recorded PAID in one local activity. True once
   * PAID; false when it was rejected, or declined (its stock then released and the order cancelled).
   */
  async function openAndPay(payment: { token: string }): Promise<boolean> {
    const paymentDueAt = dueAt();
    order.describeStep(`recording the order, reserving stock and charging ${total}`);
    progress.paymentId = `pay-${orderId}`;
    try {
      const opened = await step(
        localOpenAndPay.openAndPay,
        `open: record, reserve ${input.items.length} line(s), confirm, charge ${total}, record PAID`,
        {
          ...input,
          paymentDueAt,
          paymentId: progress.paymentId,
          token: payment.token,
          paymentRequestId: input.requestId,
          context: context(),
        },
      );
      if (!opened.reserved) {
        progress.paymentId = undefined;
        causationId = opened.eventId;
        order.shortages = opened.shortages;
        order.moveTo('REJECTED', 'not enough stock');
        return false;
      }
      progress.reserved = true;
      order.paymentDueAt = paymentDueAt;
      order.passThrough('CONFIRMED', 'stock reserved');
      causationId = opened.eventId;
      order.moveTo('PAID', 'payment captured');
      return true;
    } catch (error) {
      const decline = declineOf(error);
      if (!decline) throw error;
      progress.paymentId = undefined;
      progress.reserved = true;
      order.paymentDueAt = paymentDueAt;
      order.passThrough('CONFIRMED', 'stock reserved');
      causationId = decline.eventId;
      return releaseAndCancel('payment_declined', 'payment declined').then(unpaid);
    }
  }

  /** Opens the order, waits for its payment (or its cancellation, or the end of the window), charges it. */
  async function openThenPay(): Promise<boolean> {
    const paymentDueAt = fast ? await openInOneStep() : await openInThreeSteps();
    if (!paymentDueAt) return false;
    progress.reserved = true;
    order.paymentDueAt = paymentDueAt; // only shown by the query: no command, nothing in history

    paymentWindow.open = true;
    if (input.payment)
      requests.payment ??= {
        ...input.payment,
        requestId: input.requestId,
        correlationId: input.correlationId,
      };
    order.describeStep(`waiting for payment until ${paymentDueAt}`);
    const actedInTime = await condition(
      () => requests.payment !== undefined || requests.cancel !== undefined,
      input.paymentWindowMs,
      { summary: 'payment window' },
    );
    paymentWindow.open = false;
    if (!actedInTime) return releaseAndCancel('payment_timeout', 'payment window expired').then(unpaid);
    if (!requests.payment) {
      causationId = requests.cancel!.requestId;
      return releaseAndCancel('customer_cancelled', 'cancelled before payment').then(unpaid);
    }
    if (!(await charge(requests.payment, current || patched(CHARGE_IN_LOCAL_ACTIVITY))))
      return releaseAndCancel('payment_declined', 'payment declined').then(unpaid);
    await transition(
      { status: 'PAID', event: { type: 'order.paid', data: { paymentId: progress.paymentId! } } },
      'payment captured',
    );
    return true;
  }

  async function run() {
    const paid = openAndPayInOneStep && input.payment ? await openAndPay(input.payment) : await openThenPay();
    if (!paid) return;

    shipping.perSeller = current || patched(SHIP_PER_SELLER);
    if (!shipping.perSeller) return shipWholeOrder();

    order.describeStep(`waiting for ${shipping.waitingFor().join(' and ')} to ship`);
    await condition(() => shipping.queue.length > 0 || requests.cancel !== undefined);
    if (requests.cancel) {
      causationId = requests.cancel.requestId;
      return releaseRefundAndCancel('cancelled after payment');
    }
    for (;;) {
      await ship(shipping.queue.shift()!);
      if (shipping.complete()) break;
      order.describeStep(`partly shipped; waiting for ${shipping.waitingFor().join(' and ')} to ship`);
      // Once goods have left, the order only goes forward: a workflow cancel is not obeyed from here.
      await CancellationScope.nonCancellable(() => condition(() => shipping.queue.length > 0));
    }
    await transition(
      { status: 'FULFILLED', event: { type: 'order.fulfilled', data: {} } },
      'every line shipped',
    );
  }

  /** One seller's lines (or, by an ADMIN, every line left) leave: their stock is committed. */
  async function ship(request: ShipRequest) {
    const { command, productIds } = request;
    const who = command.sellerId ? `seller ${command.sellerId}` : 'an admin';
    causationId = command.requestId;
    order.describeStep(`committing the stock ${who} shipped`);
    ({ eventId: causationId = causationId } = await step(
      stock.commitStock,
      `commit ${productIds.length} line(s) shipped by ${who}`,
      {
        orderId,
        ...(shipping.partOfOrder(request) ? { productIds } : {}),
        ...(command.sellerId ? { sellerId: command.sellerId } : {}),
        context: context(),
      },
    ));
    const shipment = shipping.record(request, new Date().toISOString());
    const left = shipping.totalLines - shipping.shippedLines;
    order.recordShipment(
      shipment,
      `${productIds.length} line(s) shipped by ${who}${left > 0 ? `; ${left} to go` : ''}`,
    );
  }

  /** The shape before per-seller shipping: the first request ships the whole order. */
  async function shipWholeOrder() {
    order.describeStep('waiting for the seller to ship');
    await condition(() => requests.fulfil !== undefined || requests.cancel !== undefined);
    if (requests.cancel) {
      causationId = requests.cancel.requestId;
      return releaseRefundAndCancel('cancelled after payment');
    }
    causationId = requests.fulfil!.requestId;
    order.describeStep('committing the shipped stock');
    ({ eventId: causationId = causationId } = await step(stock.commitStock, 'commit the shipped stock', {
      orderId,
      context: context(),
    }));
    await transition({ status: 'FULFILLED', event: { type: 'order.fulfilled', data: {} } }, 'shipped');
  }

  try {
    await run();
  } catch (error) {
    if (!isCancellation(error) || order.isFinal()) throw error;
    // The workflow itself was cancelled (e.g. from the Web UI): undo what was done, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      if (progress.paymentId) await releaseRefundAndCancel('workflow cancelled');
      else await releaseAndCancel('customer_cancelled', 'workflow cancelled');
    });
    order.describeStep('done: the workflow was cancelled and its work undone');
    throw error;
  }
  // An order that needs an operator keeps saying so in the Web UI; any other simply is done.
  if (order.view().reason !== 'refund_failed') order.describeStep('done');
  await condition(allHandlersFinished);
  return order.view();
}

/** A regular activity's failure arrives wrapped in an ActivityFailure; a local one's as it was thrown. */
function failureOf(error: unknown, type: FailureType): { eventId: string } | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  if (!(failure instanceof ApplicationFailure) || failure.type !== type) return undefined;
  return failure.details?.[0] as { eventId: string };
}

const declineOf = (error: unknown) => failureOf(error, FailureType.PaymentDeclined);
const unpaid = () => false;
