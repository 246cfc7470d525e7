import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { EventContext } from '../contracts/events';
import { FailureType } from '../contracts/failure-types';
import { appendEvent } from './outbox';
import type { PaymentGateway } from './payment-gateway-client';

export interface ChargePaymentInput {
  orderId: string;
  /** Deterministic per order; also the gateway's Idempotency-Key, so a retry never charges twice. */
  paymentId: string;
  amountCents: number;
  currency: string;
  token: string;
  context: EventContext;
}
export interface RefundPaymentInput {
  orderId: string;
  paymentId: string;
  context: EventContext;
}

export function createPaymentActivities({ db, gateway }: { db: Knex; gateway: PaymentGateway }) {
  return {
    /** Captures the charge, or fails with a non-retryable PaymentDeclined after recording the decline. */
    async chargePayment(input: ChargePaymentInput): Promise<{ chargeId: string; eventId: string }> {
      const outcome = await gateway.charge({
        idempotencyKey: input.paymentId,
        orderId: input.orderId,
        amountCents: input.amountCents,
        currency: input.currency,
        token: input.token,
      });
      const money = { paymentId: input.paymentId, amountCents: input.amountCents, currency: input.currency };
      // The payment row and its event in one transaction; a retry finds both already there.
      const record = (row: object, event: Parameters<typeof appendEvent>[1]) =>
        db.transaction(async (trx) => {
          await trx('payments.payments')
            .insert({
              id: input.paymentId,
              order_id: input.orderId,
              amount_cents: input.amountCents,
              currency: input.currency,
              ...row,
            })
            .onConflict('id')
            .ignore();
          return appendEvent(trx, event);
        });
      if (outcome.approved) {
        const eventId = await record(
          { status: 'succeeded', gateway_charge_id: outcome.chargeId },
          {
            type: 'payment.succeeded',
            orderId: input.orderId,
            data: { ...money, chargeId: outcome.chargeId },
            context: input.context,
          },
        );
        return { chargeId: outcome.chargeId, eventId };
      }
      const eventId = await record(
        { status: 'failed', decline_code: outcome.declineCode },
        {
          type: 'payment.failed',
          orderId: input.orderId,
          data: { ...money, declineCode: outcome.declineCode },
          context: input.context,
        },
      );
      throw ApplicationFailure.create({
        type: FailureType.PaymentDeclined,
        message: `payment declined: ${outcome.declineCode}`,
        nonRetryable: true,
        details: [{ declineCode: outcome.declineCode, eventId }],
      });
    },

    /** Refunds the whole captured amount once; the refund's Idempotency-Key derives from the payment id. */
    async refundPayment(input: RefundPaymentInput): Promise<{ eventId?: string }> {
      const payment = await db('payments.payments').where({ id: input.paymentId }).first();
      if (!payment || payment.status === 'failed') return {};
      const outcome = await gateway.refund({
        idempotencyKey: `refund-${input.paymentId}`,
        chargeId: payment.gateway_charge_id,
        amountCents: Number(payment.amount_cents),
      });
      const money = { amountCents: Number(payment.amount_cents), currency: payment.currency as string };
      if (!outcome.refunded) {
        // Retrying cannot change a refusal; record it, and let the saga raise it for an operator.
        const eventId = await db.transaction((trx) =>
          appendEvent(trx, {
            type: 'payment.refund_failed',
            orderId: input.orderId,
            data: {
              paymentId: input.paymentId,
              chargeId: payment.gateway_charge_id,
              code: outcome.code,
              ...money,
            },
            context: input.context,
          }),
        );
        throw ApplicationFailure.create({
          type: FailureType.RefundRefused,
          message: `the payment gateway refused the refund: ${outcome.message}`,
          nonRetryable: true,
          details: [{ code: outcome.code, eventId }],
        });
      }
      const { refundId } = outcome;
      const eventId = await db.transaction(async (trx) => {
        await trx('payments.payments')
          .where({ id: input.paymentId })
          .update({ status: 'refunded', updated_at: trx.fn.now() });
        return appendEvent(trx, {
          type: 'payment.refunded',
          orderId: input.orderId,
          data: {
            paymentId: input.paymentId,
            refundId,
            amountCents: Number(payment.amount_cents),
            currency: payment.currency,
          },
          context: input.context,
        });
      });
      return { eventId };
    },
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
