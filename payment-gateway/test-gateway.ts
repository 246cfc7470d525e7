import { randomUUID } from 'node:crypto';
import { DEV_PAYMENT_GATEWAY_API_KEY } from '../platform/config';
import { createLogger, type Logger } from '../platform/logger';
import { startPaymentGateway } from '../workers/payment-gateway';

/** What a test sends as the merchant: the development key, which the test gateways expect. */
export const MERCHANT = { authorization: `Bearer ${DEV_PAYMENT_GATEWAY_API_KEY}` } as const;

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A real gateway on a free port, with a tiny client so tests read like HTTP conversations. */
export async function startTestGateway(options: { slowDelayMs?: number; logger?: Logger } = {}) {
  const gateway = await startPaymentGateway({
    port: 0,
    slowDelayMs: options.slowDelayMs,
    logger: options.logger ?? createLogger('silent'),
  });
  const request = async (path: string, init: RequestInit = {}): Promise<Reply> => {
    const response = await fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { ...MERCHANT, ...(init.headers as Record<string, string>) },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Reply['body'],
    };
  };
  return {
    url: gateway.url,
    stop: gateway.stop,
    get: (path: string) => request(path),
    postRaw: (path: string, body: string, headers: Record<string, string> = {}) =>
      request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }),
    post: (path: string, body: object, idempotencyKey?: string) =>
      request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
        },
      }),
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

/** Unique per test and per run (the gateway's books outlive both), so tests never share keys or orders. */
export const unique = (prefix: string) => `${prefix}-${randomUUID()}`;
