import { setTimeout as sleep } from 'node:timers/promises';
import { cardBehaviour, FLAKY_FAILURES } from './card-behaviour';
import { json, problem, type GatewayResponse } from './gateway-response';
import type { Knex } from 'knex';
import { ledger } from './ledger';
import type { ChargeRequest, RefundRequest } from './schemas';

export interface PaymentOptions {
  slowDelayMs: number;
}

/** The PSP's business rules for one attempt, in the caller's transaction; idempotency is the caller's. */
export function createPayments({ slowDelayMs }: PaymentOptions) {
  const approve = async (trx: Knex, request: ChargeRequest): Promise<GatewayResponse> => {
    const { amountCents, currency, orderId } = request;
    return json(201, await ledger.createCharge(trx, { amountCents, currency, orderId }));
  };

  return {
    async charge(request: ChargeRequest, attempt: number, trx: Knex): Promise<GatewayResponse> {
      switch (cardBehaviour(request.token)) {
        case 'approve':
          return approve(trx, request);
        case 'decline':
          return json(402, { status: 'declined', code: 'card_declined', message: 'The card was declined.' });
        case 'flaky':
          if (attempt <= FLAKY_FAILURES) {
            return json(503, {
              code: 'temporarily_unavailable',
              message: 'The card network is temporarily unavailable; retry with the same Idempotency-Key.',
            });
          }
          return approve(trx, request);
        case 'slow':
          await sleep(slowDelayMs);
          return approve(trx, request);
        case 'invalid':
          return json(402, {
            status: 'declined',
            code: 'invalid_token',
            message: 'The card token is not known.',
          });
      }
    },

    async refund(request: RefundRequest, _attempt: number, trx: Knex): Promise<GatewayResponse> {
      const outcome = await ledger.refund(trx, request.chargeId, request.amountCents);
      if (outcome === 'unknown_charge') {
        return problem(
          404,
          'charge-not-found',
          'Charge not found',
          `No charge has the id ${request.chargeId}.`,
        );
      }
      if (outcome === 'exceeds_charge') {
        return problem(
          422,
          'refund-exceeds-charge',
          'Refund exceeds the charge',
          'The refund is larger than what is left of the charge to refund.',
        );
      }
      return json(201, outcome);
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
