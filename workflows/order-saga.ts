import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  type ActivityOptions,
} from '@temporalio/workflow';
import type {
  InventoryActivities,
  OrderActivities,
  OrderStatusChange,
  PaymentActivities,
} from '../activities';
import { FailureType } from '../contracts/failure-types';
import type { CancelReason, OrderView } from '../contracts/order';
import {
  cancelOrder,
  fulfillOrder,
  getOrder,
  submitPayment,
  type CommandMeta,
  type OrderSagaInput,
} from './definitions';
import { formatMoney, OrderState } from './order-state';

/** Database work is retried until it succeeds: a compensation is never given up. */
const DATABASE: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
};
/** The PSP: `tok_slow` takes seconds; a decline is final, anything else is retried with the same idempotency key. */
const PSP: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    nonRetryableErrorTypes: [FailureType.PaymentDeclined],
  },
};
const stock = proxyActivities<InventoryActivities>(DATABASE);
const records = proxyActivities<OrderActivities>(DATABASE);
const payments = proxyActivities<PaymentActivities>(PSP);

/**
 * Activities do not heartbeat, so a cancelled one would keep running unseen in the worker. Each step
 * therefore completes even while the workflow is being cancelled; cancellation lands on the waits.
 */
const step = <T>(work: () => Promise<T>) => CancellationScope.nonCancellable(work);

export async function orderSaga(input: OrderSagaInput): Promise<OrderView> {
  const { orderId } = input;
  const order = new OrderState(input);
  const requests: { payment?: { token: string } & CommandMeta; cancel?: CommandMeta; fulfil?: CommandMeta } =
    {};
  const progress = { reserved: false, paymentId: undefined as string | undefined };
  let paymentWindowOpen = false;
  let causationId = input.requestId;
  const context = () => ({ correlationId: input.correlationId, causationId });

  setHandler(getOrder, () => order.view());
  setHandler(
    submitPayment,
    async (command: { token: string } & CommandMeta) => {
      requests.payment = command;
      await condition(() => order.status !== 'CONFIRMED');
      return order.view();
    },
    {
      validator: (_: CommandMeta) =>
        refuseUnless(paymentWindowOpen && !requests.payment, 'the payment window is not open for this order'),
    },
  );
  setHandler(
    cancelOrder,
    async (command: CommandMeta) => {
      requests.cancel = command;
      await condition(() => order.isFinal());
      return order.view();
    },
    {
      validator: (_: CommandMeta) =>
        refuseUnless(
          !order.isFinal() && !requests.cancel && !requests.fulfil,
          `an order that is ${order.status} cannot be cancelled`,
        ),
    },
  );
  setHandler(
    fulfillOrder,
    async (command: CommandMeta) => {
      requests.fulfil = command;
      await condition(() => order.isFinal());
      return order.view();
    },
    {
      validator: (_: CommandMeta) =>
        refuseUnless(
          order.status === 'PAID' && !requests.cancel && !requests.fulfil,
          `only a PAID order can be fulfilled; this one is ${order.status}`,
        ),
    },
  );

  async function transition(change: OrderStatusChange, note: string) {
    ({ eventId: causationId } = await step(() =>
      records.recordOrderStatus({ ...change, orderId, context: context() }),
    ));
    order.moveTo(change.status, note, change.status === 'CANCELLED' ? change.reason : undefined);
  }

  async function releaseAndCancel(reason: CancelReason, note: string) {
    order.describeStep(`releasing the reserved stock (${note})`);
    const released = await step(() => stock.releaseStock({ orderId, reason, context: context() }));
    causationId = released.eventId ?? causationId;
    await transition(
      { status: 'CANCELLED', reason, event: { type: 'order.cancelled', data: { reason } } },
      note,
    );
  }

  async function refund() {
    order.describeStep('refunding the payment');
    const refunded = await step(() =>
      payments.refundPayment({ orderId, paymentId: progress.paymentId!, context: context() }),
    );
    causationId = refunded.eventId ?? causationId;
  }

  async function charge(command: { token: string } & CommandMeta): Promise<boolean> {
    order.describeStep(`charging ${formatMoney(input.totalCents, input.currency)}`);
    causationId = command.requestId;
    progress.paymentId = `pay-${orderId}`;
    try {
      const charged = await step(() =>
        payments.chargePayment.executeWithOptions(
          { ...PSP, summary: `charge ${formatMoney(input.totalCents, input.currency)}` },
          [
            {
              orderId,
              paymentId: progress.paymentId!,
              amountCents: input.totalCents,
              currency: input.currency,
              token: command.token,
              context: context(),
            },
          ],
        ),
      );
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

  async function run() {
    order.describeStep('recording the order');
    ({ eventId: causationId } = await step(() =>
      records.recordOrderPlaced({ ...input, context: context() }),
    ));

    order.describeStep(`reserving stock for ${input.items.length} line(s)`);
    const reservation = await step(() =>
      stock.reserveStock({ orderId, items: input.items, context: context() }),
    );
    causationId = reservation.eventId;
    if (!reservation.reserved) {
      const { shortages } = reservation;
      return transition(
        { status: 'REJECTED', event: { type: 'order.rejected', data: { shortages } } },
        'not enough stock',
      );
    }
    progress.reserved = true;
    const paymentDueAt = new Date(Date.now() + input.paymentWindowMs).toISOString();
    await transition(
      { status: 'CONFIRMED', event: { type: 'order.confirmed', data: { paymentDueAt } } },
      'stock reserved',
    );

    paymentWindowOpen = true;
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
    );
    paymentWindowOpen = false;
    if (!actedInTime) return releaseAndCancel('payment_timeout', 'payment window expired');
    if (!requests.payment) {
      causationId = requests.cancel!.requestId;
      return releaseAndCancel('customer_cancelled', 'cancelled before payment');
    }
    if (!(await charge(requests.payment))) return releaseAndCancel('payment_declined', 'payment declined');
    await transition(
      { status: 'PAID', event: { type: 'order.paid', data: { paymentId: progress.paymentId! } } },
      'payment captured',
    );

    order.describeStep('waiting for the seller to ship');
    await condition(() => requests.fulfil !== undefined || requests.cancel !== undefined);
    if (requests.cancel) {
      causationId = requests.cancel.requestId;
      await refund();
      return releaseAndCancel('refunded', 'cancelled after payment; refunded');
    }
    causationId = requests.fulfil!.requestId;
    order.describeStep('committing the shipped stock');
    ({ eventId: causationId = causationId } = await step(() =>
      stock.commitStock({ orderId, context: context() }),
    ));
    await transition({ status: 'FULFILLED', event: { type: 'order.fulfilled', data: {} } }, 'shipped');
  }

  try {
    await run();
  } catch (error) {
    if (!isCancellation(error) || order.isFinal()) throw error;
    // The workflow itself was cancelled (e.g. from the Web UI): undo what was done, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      if (progress.paymentId) await refund();
      await releaseAndCancel(progress.paymentId ? 'refunded' : 'customer_cancelled', 'workflow cancelled');
    });
    throw error;
  }
  order.describeStep('done');
  await condition(allHandlersFinished);
  return order.view();
}

function refuseUnless(allowed: boolean, message: string): void {
  if (!allowed)
    throw ApplicationFailure.create({ type: FailureType.InvalidOrderState, message, nonRetryable: true });
}

function declineOf(error: unknown): { eventId: string } | undefined {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return undefined;
  if (error.cause.type !== FailureType.PaymentDeclined) return undefined;
  return error.cause.details?.[0] as { eventId: string };
}
