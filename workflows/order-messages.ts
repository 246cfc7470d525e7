import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { FailureType } from '../contracts/failure-types';
import { cancelOrder, fulfillOrder, getOrder, submitPayment, type CommandMeta } from './definitions';
import type { OrderState } from './order-state';

/** What customers and sellers have asked of the order; the saga's main flow acts on them in turn. */
export interface OrderRequests {
  payment?: { token: string } & CommandMeta;
  cancel?: CommandMeta;
  fulfil?: CommandMeta;
}

/**
 * Registers the query and the updates. Each update's validator refuses what the current state cannot
 * accept (so a refused update leaves no trace in the history); an accepted one records the request
 * and answers once the saga has acted on it.
 */
export function handleOrderMessages(
  order: OrderState,
  requests: OrderRequests,
  paymentWindow: { open: boolean },
) {
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
        refuseUnless(
          paymentWindow.open && !requests.payment,
          'the payment window is not open for this order',
        ),
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
      validator: (_: CommandMeta) => {
        refuseUnless(!order.isFinal(), `an order that is ${order.status} cannot be cancelled`);
        refuseUnless(!requests.cancel, 'a cancel of this order is already in progress');
        refuseUnless(!requests.fulfil, 'this order is being shipped; it can no longer be cancelled');
      },
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
}

function refuseUnless(allowed: boolean, message: string): void {
  if (!allowed)
    throw ApplicationFailure.create({ type: FailureType.InvalidOrderState, message, nonRetryable: true });
}
