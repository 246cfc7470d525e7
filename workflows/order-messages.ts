import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { FailureType } from '../contracts/failure-types';
import {
  cancelOrder,
  fulfillOrder,
  getOrder,
  submitPayment,
  type CommandMeta,
  type ShipCommand,
} from './definitions';
import type { OrderState } from './order-state';
import type { Shipping } from './shipping';

/** What customers and sellers have asked of the order; the saga's main flow acts on them in turn. */
export interface OrderRequests {
  payment?: { token: string } & CommandMeta;
  cancel?: CommandMeta;
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
  shipping: Shipping,
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
        refuseUnless(
          shipping.shippedLines === 0,
          `${shipping.shippedLines} of the ${shipping.totalLines} line(s) of this order have shipped; it can no longer be cancelled`,
        );
        refuseUnless(!shipping.started, 'this order is being shipped; it can no longer be cancelled');
      },
    },
  );
  setHandler(
    fulfillOrder,
    async (command: ShipCommand) => {
      const productIds = shipping.accept(command);
      // Answers once this shipment is made; the last one once FULFILLED.
      await condition(() => order.isFinal() || (shipping.hasShipped(productIds) && !shipping.complete()));
      return order.view();
    },
    {
      validator: (command: ShipCommand) => {
        refuseUnless(
          order.status === 'PAID' && !requests.cancel,
          `only a PAID order can be fulfilled; this one is ${order.status}`,
        );
        const refusal = shipping.refusal(command);
        refuseUnless(!refusal, refusal!);
      },
    },
  );
}

function refuseUnless(allowed: boolean, message: string): void {
  if (!allowed)
    throw ApplicationFailure.create({ type: FailureType.InvalidOrderState, message, nonRetryable: true });
}
