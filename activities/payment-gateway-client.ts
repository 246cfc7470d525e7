/** The port the payment activities talk to; the HTTP client below is the only production implementation. */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

export interface ChargeRequest {
  idempotencyKey: string;
  orderId: string;
  amountCents: number;
  currency: string;
  token: string;
}
export type ChargeOutcome = { approved: true; chargeId: string } | { approved: false; declineCode: string };

/** A refusal is final: the PSP does not know the charge, or it has nothing left to refund. */
export type RefundOutcome =
  { refunded: true; refundId: string } | { refunded: false; code: string; message: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amountCents: number;
}

/** Thrown for answers that may change on retry (5xx, timeouts): the activity lets Temporal retry. */
export class GatewayUnavailableError extends Error {}

export function createHttpPaymentGateway({
  baseUrl,
  apiKey,
  timeoutMs = 10_000,
}: {
  baseUrl: string;
  /** The merchant's secret key, sent with every call as the PSP requires. */
  apiKey: string;
  timeoutMs?: number;
}): PaymentGateway {
  async function post(path: string, idempotencyKey: string, body: object) {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          authorization: `Bearer ${apiKey}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new GatewayUnavailableError(
        `payment gateway unreachable at ${baseUrl}: ${(error as Error).message}`,
      );
    }
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status >= 500 || response.status === 409 || response.status === 429) {
      throw new GatewayUnavailableError(`payment gateway answered ${response.status} on ${path}`);
    }
    return { status: response.status, payload };
  }

  return {
    async charge(request) {
      const { status, payload } = await post('/v1/charges', request.idempotencyKey, {
        orderId: request.orderId,
        amountCents: request.amountCents,
        currency: request.currency,
        token: request.token,
      });
      if (status === 201 || status === 200) return { approved: true, chargeId: String(payload.id) };
      if (status === 402) return { approved: false, declineCode: String(payload.code ?? 'declined') };
      throw new Error(`payment gateway rejected the charge request (${status}): ${JSON.stringify(payload)}`);
    },
    async refund(request) {
      const { status, payload } = await post('/v1/refunds', request.idempotencyKey, {
        chargeId: request.chargeId,
        amountCents: request.amountCents,
      });
      if (status === 201 || status === 200) return { refunded: true, refundId: String(payload.id) };
      if (status === 404 || status === 422) {
        const code = String(payload.type ?? status)
          .split('/')
          .pop()!;
        return { refunded: false, code, message: String(payload.detail ?? payload.title ?? status) };
      }
      throw new Error(`payment gateway rejected the refund (${status}): ${JSON.stringify(payload)}`);
    },
  };
}
