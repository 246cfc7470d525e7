import { CORRELATION_ATTRIBUTE, currentTracing, inSpan } from '../platform/tracing';
import type { OpenOrderActivities, OpenOrderInput, OpenOrderResult } from './open-order';
import type { OrderActivities } from './orders';
import type { PaymentActivities } from './payments';

export interface OpenAndPayInput extends OpenOrderInput {
  /** Deterministic per order; the gateway's Idempotency-Key. */
  paymentId: string;
  token: string;
  /** The request that brought the payment: the cause of `payment.succeeded` (or `payment.failed`). */
  paymentRequestId: string;
}
export type OpenAndPayResult =
  | Extract<OpenOrderResult, { reserved: false }>
  | { reserved: true; paid: true; confirmedEventId: string; eventId: string };

type Steps = Pick<OpenOrderActivities, 'openOrder'> &
  Pick<PaymentActivities, 'chargePayment'> &
  Pick<OrderActivities, 'recordOrderStatus'>;

/**
 * An order placed with its payment: opened, charged and recorded PAID by one local activity, the three
 * steps the saga would otherwise run one after another (each its own transaction, the PSP called
 * between them with no row lock held). One marker in the history instead of three, and no workflow
 * activation between the steps. Built from the worker's own step functions, so that a step replaced
 * (a test that injects a fault) is replaced here too. A retry runs every step again; each is idempotent
 * (the order and its reservation are found, the PSP answers the same charge for the same key). A decline
 * propagates as chargePayment throws it: after the order was CONFIRMED, with `payment.failed` recorded.
 * With tracing on, each step is a span of its own (`RunStep:<step>`) under the activity's.
 */
export function composeOpenAndPay(steps: Steps) {
  return {
    async openAndPay(input: OpenAndPayInput): Promise<OpenAndPayResult> {
      const { orderId, paymentId, context } = input;
      const inStep = <T>(name: keyof Steps, work: () => Promise<T>): Promise<T> =>
        currentTracing()
          ? inSpan(
              `RunStep:${name}`,
              { attributes: { [CORRELATION_ATTRIBUTE]: context.correlationId } },
              work,
            )
          : work();
      const opened = await inStep('openOrder', () => steps.openOrder(input));
      if (!opened.reserved) return opened;
      const charged = await inStep('chargePayment', () =>
        steps.chargePayment({
          orderId,
          paymentId,
          amountCents: input.totalCents,
          currency: input.currency,
          token: input.token,
          context: { correlationId: context.correlationId, causationId: input.paymentRequestId },
        }),
      );
      const paid = await inStep('recordOrderStatus', () =>
        steps.recordOrderStatus({
          orderId,
          status: 'PAID',
          event: { type: 'order.paid', data: { paymentId } },
          context: { correlationId: context.correlationId, causationId: charged.eventId },
        }),
      );
      return { reserved: true, paid: true, confirmedEventId: opened.eventId, eventId: paid.eventId };
    },
  };
}

export type OpenAndPayActivities = ReturnType<typeof composeOpenAndPay>;
