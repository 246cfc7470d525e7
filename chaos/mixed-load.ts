import { randomUUID } from 'node:crypto';

export type OrderKind = 'paid' | 'declined' | 'paidLater' | 'cancelled' | 'expiring';

/** Shares of each kind in the steady load. */
const MIX: Array<[OrderKind, number]> = [
  ['paid', 0.45],
  ['declined', 0.15],
  ['paidLater', 0.15],
  ['cancelled', 0.1],
  ['expiring', 0.15],
];

export interface Outcome {
  /** When the answer came (or the call failed). */
  at: number;
  /** When the request was sent. */
  sentAt: number;
  kind: OrderKind | 'follow-up';
  status: number;
  /** A placement's: the product it ordered, its key, the order's id when accepted, a refusal's Retry-After. */
  productId?: string;
  key?: string;
  orderId?: string;
  retryAfter?: string | null;
  /** A refusal's problem detail, as the server wrote it. */
  detail?: string;
}

export interface LoadOptions {
  apiUrl: string;
  /** One customer's token, or several: each order is then placed by the next in turn. */
  customerToken: string | string[];
  productIds: string[];
  ratePerS: number;
}

function pick(): OrderKind {
  let roll = Math.random();
  for (const [kind, share] of MIX) if ((roll -= share) < 0) return kind;
  return 'paid';
}

/**
 * A steady, open-loop mixed load: an order every 1/rate seconds whatever happened to the last one, of
 * each kind in MIX; follow-ups (pay later, cancel after payment) come a few seconds after placement.
 * Every HTTP answer is recorded, so a scenario can tell when 5xx started and stopped.
 */
export function startMixedLoad({ apiUrl, customerToken, productIds, ratePerS }: LoadOptions) {
  const outcomes: Outcome[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const tokens = [customerToken].flat();
  let turn = 0;
  const call = async (
    kind: Outcome['kind'],
    path: string,
    body: unknown,
    placement?: { key: string; productId: string },
    token = tokens[0]!,
  ) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const sentAt = Date.now();
    const key = placement?.key;
    try {
      const response = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: key ? { ...headers, 'idempotency-key': key } : headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { id: string; detail?: string };
      const order = response.ok ? answer : undefined;
      outcomes.push({
        at: Date.now(),
        sentAt,
        kind,
        status: response.status,
        ...placement,
        ...(order && placement ? { orderId: order.id } : {}),
        ...(response.ok ? {} : { retryAfter: response.headers.get('retry-after'), detail: answer.detail }),
      });
      return order;
    } catch {
      outcomes.push({ at: Date.now(), sentAt, kind, status: 0, ...placement });
      return undefined;
    }
  };
  const later = (ms: number, work: () => Promise<unknown>) =>
    track(new Promise((resolve) => setTimeout(resolve, ms)).then(work));
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  const placeOne = async () => {
    const kind = pick();
    const productId = productIds[Math.floor(Math.random() * productIds.length)]!;
    const token = kind === 'declined' ? 'tok_declined' : 'tok_visa';
    const withPayment = kind === 'paid' || kind === 'declined' || kind === 'cancelled';
    const customer = tokens[turn++ % tokens.length]!;
    const order = await call(
      kind,
      '/orders',
      { items: [{ productId, quantity: 1 }], ...(withPayment ? { payment: { token } } : {}) },
      { key: randomUUID(), productId },
      customer,
    );
    if (!order) return;
    if (kind === 'paidLater')
      await later(2000, () =>
        call('follow-up', `/orders/${order.id}/payment`, { token }, undefined, customer),
      );
    if (kind === 'cancelled')
      await later(3000, () => call('follow-up', `/orders/${order.id}/cancel`, {}, undefined, customer));
  };

  const timer = setInterval(() => void track(placeOne()), 1000 / ratePerS);
  return {
    outcomes,
    async stop() {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Three products with stock for any load, priced 5, 10 and 15 EUR, created through the API by `seller`. */
export async function createLoadProducts(apiUrl: string, seller: string, prefix: string): Promise<string[]> {
  const productIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const response = await fetch(`${apiUrl}/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seller}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sku: `${prefix.toUpperCase().replace(/\W+/g, '-')}-${n}-${Date.now()}`,
        name: `${prefix} item ${n}`,
        priceCents: 500 * n,
        currency: 'EUR',
        onHand: 1_000_000,
      }),
    });
    if (response.status !== 201) throw new Error(`could not create a product: ${response.status}`);
    productIds.push(((await response.json()) as { id: string }).id);
  }
  return productIds;
}
