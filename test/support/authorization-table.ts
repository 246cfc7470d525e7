import { randomUUID } from 'node:crypto';
import type { httpClient, HttpResponse } from './http';

/** Who asks, relative to one order (placed by `owner`, for a product of `its seller`) and that product. */
export const PRINCIPALS = [
  'owner',
  'other customer',
  'its seller',
  'other seller',
  'admin',
  'no token',
] as const;
export type Principal = (typeof PRINCIPALS)[number];
type Expected = number | 'listed' | 'not listed';

export interface Row {
  endpoint: string;
  /** What the request acts on: a fresh order (paid or not) or the seller's product. */
  subject: 'unpaid order' | 'paid order' | 'product' | 'none';
  send(
    request: ReturnType<typeof httpClient>,
    token: string | undefined,
    target: string,
  ): Promise<HttpResponse>;
  expected: Record<Principal, Expected>;
}

const cells = (...values: Expected[]) =>
  Object.fromEntries(PRINCIPALS.map((p, i) => [p, values[i]!])) as Record<Principal, Expected>;

/** The authorization table: every endpoint × every kind of principal. The README shows this very table. */
export const TABLE: Row[] = [
  {
    endpoint: 'POST /orders',
    subject: 'product',
    send: (request, token, productId) =>
      request('POST', '/orders', { token, body: { items: [{ productId, quantity: 1 }] } }),
    expected: cells(201, 201, 403, 403, 403, 401),
  },
  {
    endpoint: 'GET /orders (is the order listed?)',
    subject: 'unpaid order',
    send: (request, token) => request('GET', '/orders?limit=500', { token }),
    expected: cells('listed', 'not listed', 'listed', 'not listed', 'listed', 401),
  },
  {
    endpoint: 'GET /orders/:id',
    subject: 'unpaid order',
    send: (request, token, id) => request('GET', `/orders/${id}`, { token }),
    expected: cells(200, 404, 200, 404, 200, 401),
  },
  {
    endpoint: 'POST /orders/:id/payment',
    subject: 'unpaid order',
    send: (request, token, id) =>
      request('POST', `/orders/${id}/payment`, { token, body: { token: 'tok_visa' } }),
    expected: cells(200, 404, 403, 403, 403, 401),
  },
  {
    endpoint: 'POST /orders/:id/cancel',
    subject: 'unpaid order',
    send: (request, token, id) => request('POST', `/orders/${id}/cancel`, { token }),
    expected: cells(200, 404, 403, 403, 200, 401),
  },
  {
    endpoint: 'POST /orders/:id/fulfill',
    subject: 'paid order',
    send: (request, token, id) => request('POST', `/orders/${id}/fulfill`, { token }),
    expected: cells(403, 403, 200, 404, 200, 401),
  },
  {
    endpoint: 'GET /products',
    subject: 'none',
    send: (request, token) => request('GET', '/products', { token }),
    expected: cells(200, 200, 200, 200, 200, 200),
  },
  {
    endpoint: 'POST /products',
    subject: 'none',
    send: (request, token) =>
      request('POST', '/products', {
        token,
        body: {
          sku: `AUTHZ-${randomUUID()}`,
          name: 'Table product',
          priceCents: 100,
          currency: 'EUR',
          onHand: 5,
        },
      }),
    expected: cells(403, 403, 201, 201, 201, 401),
  },
  {
    endpoint: 'POST /products/:id/restock',
    subject: 'product',
    send: (request, token, id) =>
      request('POST', `/products/${id}/restock`, { token, body: { quantity: 1 } }),
    expected: cells(403, 403, 200, 403, 200, 401),
  },
  {
    endpoint: 'GET /admin/overview',
    subject: 'none',
    send: (request, token) => request('GET', '/admin/overview', { token }),
    expected: cells(403, 403, 403, 403, 200, 401),
  },
  {
    endpoint: 'GET /admin/pipeline',
    subject: 'none',
    send: (request, token) => request('GET', '/admin/pipeline', { token }),
    expected: cells(403, 403, 403, 403, 200, 401),
  },
  {
    endpoint: 'POST /admin/payment-drill',
    subject: 'none',
    // Ending a drill that is not running: allowed to an ADMIN, and harmless to the other rows' orders.
    send: (request, token) => request('POST', '/admin/payment-drill', { token, body: { mode: 'off' } }),
    expected: cells(403, 403, 403, 403, 200, 401),
  },
];

/** The table as the README prints it. */
export function authorizationTable(): string {
  const header = `| endpoint | ${PRINCIPALS.join(' | ')} |`;
  const rule = `| ${['---', ...PRINCIPALS.map(() => ':---:')].join(' | ')} |`;
  const rows = TABLE.map(
    (row) => `| \`${row.endpoint}\` | ${PRINCIPALS.map((p) => row.expected[p]).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
