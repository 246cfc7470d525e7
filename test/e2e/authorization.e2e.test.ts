import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { authorizationTable, PRINCIPALS, TABLE, type Principal } from '../support/authorization-table';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
const run = randomUUID().slice(0, 8);
const tokens = {} as Record<Principal, string | undefined>;
let productId: string;

beforeAll(async () => {
  // The owner holds an unpaid order per row of the table: more than one customer may hold by default
  // (test/e2e/unpaid-holds.e2e.test.ts proves that cap); here only who may do what is asked.
  app = await startAppHarness({ PAYMENT_WINDOW: '1h', UNPAID_ORDERS_PER_CUSTOMER: '1000' });
  request = httpClient(app.apiUrl);
  tokens.owner = await tokenFor(app.config, 'USER', `owner-${run}`);
  tokens['other customer'] = await tokenFor(app.config, 'USER', `other-customer-${run}`);
  tokens['its seller'] = await tokenFor(app.config, 'SELLER', `seller-${run}`);
  tokens['other seller'] = await tokenFor(app.config, 'SELLER', `other-seller-${run}`);
  tokens.admin = await tokenFor(app.config, 'ADMIN', `admin-${run}`);
  tokens['no token'] = undefined;
  productId = await createProduct(request, tokens['its seller']!, 1000);
}, 120_000);
afterAll(() => app?.stop());

/** A fresh order of the owner for the seller's product, CONFIRMED (waiting for payment) or PAID. */
async function freshOrder(paid: boolean): Promise<string> {
  const placed = await request('POST', '/orders', {
    token: tokens.owner,
    body: { items: [{ productId, quantity: 1 }], ...(paid ? { payment: { token: 'tok_visa' } } : {}) },
  });
  await eventually(
    () => request('GET', `/orders/${placed.body.id}`, { token: tokens.owner }),
    (r) => r.body.status === (paid ? 'PAID' : 'CONFIRMED'),
    30_000,
  );
  return placed.body.id;
}

const CASES = TABLE.flatMap((row) =>
  PRINCIPALS.map((who) => [row.endpoint, who, row.expected[who], row] as const),
);

test.each(CASES)(
  '%s as %s: %s',
  async (_endpoint, who, expected, row) => {
    const target =
      row.subject === 'product'
        ? productId
        : row.subject === 'none'
          ? ''
          : await freshOrder(row.subject === 'paid order');
    if (expected === 'listed' || expected === 'not listed') {
      // The list is a read model: wait until the admin's list shows the order, then ask as `who`.
      await eventually(
        () => row.send(request, tokens.admin, target),
        (r) => r.body.items.some((o: { id: string }) => o.id === target),
      );
      const response = await row.send(request, tokens[who], target);
      expect(response.status).toBe(200);
      const listed = response.body.items.some((o: { id: string }) => o.id === target);
      expect(listed ? 'listed' : 'not listed').toBe(expected);
      return;
    }
    const response = await row.send(request, tokens[who], target);
    expect({ status: response.status, detail: response.body?.detail }).toEqual({
      status: expected,
      detail: expected < 300 ? undefined : expect.any(String),
    });
  },
  60_000,
);

test('the README shows this table', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  // Compared cell by cell: a formatter may pad the columns.
  const cellsOf = (markdown: string) => markdown.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
  expect(cellsOf(readme)).toContain(cellsOf(authorizationTable()));
});
