import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { OrderView } from '../contracts/order';
import { Compensations } from './compensations';
import type { OrderSagaInput } from './definitions';
import { handleOrderMessages, type OrderRequests } from './order-messages';
import { OrderState } from './order-state';
import { invalidOrderIn, OrderSteps } from './order-steps';
import { Shipping } from './shipping';

/**
 * One order, from placement to its end: open (record, reserve, confirm), pay or wait for the payment,
 * ship line by line, done. Every undo is in `Compensations`; every step in `OrderSteps`.
 * Version 1.0: every change from here on keeps the committed histories replaying (docs/workflow-versioning.md).
 */
export async function orderSaga(input: OrderSagaInput): Promise<OrderView> {
  // Since the first change after 1.0: an order whose data an activity refuses for good is rejected,
  // with what it held given back. Decided in the first activation, before any local activity (see
  // docs/workflow-versioning.md); a 1.0 history has no marker and keeps its path.
  const rejectsInvalidOrders = patched('poison-order-rejected');
  const order = new OrderState(input);
  const shipping = new Shipping(input.items);
  const requests: OrderRequests = {};
  const paymentWindow = { open: false };
  handleOrderMessages(order, requests, paymentWindow, shipping);
  const steps = new OrderSteps(input, order, shipping);
  const undo = new Compensations(steps, order);

  /** Placed with its payment: opened, charged and PAID in one step. True once PAID. */
  async function openAndPay(payment: { token: string }): Promise<boolean> {
    const outcome = await steps.openAndPay(payment);
    if (outcome === 'declined') await undo.releaseAndCancel('payment_declined', 'payment declined');
    return outcome === 'paid';
  }

  /** Placed without payment: opened, then the payment window waits for a payment or a cancel. */
  async function openAndWaitForPayment(): Promise<boolean> {
    if (!(await steps.open())) return false;

    paymentWindow.open = true;
    order.describeStep(`waiting for payment until ${order.paymentDueAt}`);
    const actedInTime = await condition(
      () => requests.payment !== undefined || requests.cancel !== undefined,
      input.paymentWindowMs,
      { summary: 'payment window' },
    );
    paymentWindow.open = false;
    if (!actedInTime) {
      await undo.releaseAndCancel('payment_timeout', 'payment window expired');
      return false;
    }
    if (!requests.payment) {
      steps.causedBy(requests.cancel!);
      await undo.releaseAndCancel('customer_cancelled', 'cancelled before payment');
      return false;
    }
    if (!(await steps.charge(requests.payment))) {
      await undo.releaseAndCancel('payment_declined', 'payment declined');
      return false;
    }
    await steps.recordPaid();
    return true;
  }

  /** A paid order waits for its sellers; it can be cancelled (and refunded) until the first line ships. */
  async function shipEveryLine(): Promise<void> {
    order.describeStep(`waiting for ${shipping.waitingFor().join(' and ')} to ship`);
    await condition(() => shipping.queue.length > 0 || requests.cancel !== undefined);
    if (requests.cancel) {
      steps.causedBy(requests.cancel);
      return undo.releaseRefundAndCancel('cancelled after payment');
    }
    for (;;) {
      await steps.ship(shipping.queue.shift()!);
      if (shipping.complete()) break;
      order.describeStep(`partly shipped; waiting for ${shipping.waitingFor().join(' and ')} to ship`);
      // Once goods have left, the order only goes forward: a workflow cancel is not obeyed from here.
      await CancellationScope.nonCancellable(() => condition(() => shipping.queue.length > 0));
    }
    await steps.recordFulfilled();
  }

  try {
    const paid = input.payment ? await openAndPay(input.payment) : await openAndWaitForPayment();
    if (paid) await shipEveryLine();
  } catch (error) {
    const invalid = rejectsInvalidOrders && !order.isFinal() ? invalidOrderIn(error) : undefined;
    if (invalid !== undefined) {
      // An activity refused the order's data for good: retrying cannot help, so it ends REJECTED.
      await CancellationScope.nonCancellable(() => undo.rejectInvalid(invalid));
    } else {
      if (!isCancellation(error) || order.isFinal()) throw error;
      // The workflow itself was cancelled (e.g. from the Web UI): undo what was done, then end as cancelled.
      await CancellationScope.nonCancellable(() => undo.undoAll());
      order.describeStep('done: the workflow was cancelled and its work undone');
      throw error;
    }
  }
  // An order that needs an operator, or was rejected as invalid, keeps saying why in the Web UI.
  if (order.reason !== 'refund_failed' && order.reason !== 'invalid_order') order.describeStep('done');
  await condition(allHandlersFinished);
  return order.view();
}
