import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http';
import { stockInvariantViolations } from '../support/stock-invariants';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let seller: string;

beforeAll(async () => {
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  seller = await tokenFor(app.config, 'SELLER', 'seller-1');
});
afterAll(() => app?.stop());

/** Sends every request with at most `width` in flight, the way a burst of clients would. */
async function inParallel<T>(count: number, width: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await send(i);
      }
    }),
  );
  return results;
}

async function settledStatuses(orderIds: string[]) {
  const rows = await eventually(
    () => app.db('orders.orders').whereIn('id', orderIds).select('status'),
    (rows) => rows.length === orderIds.length && rows.every((r) => r.status !== 'PENDING'),
    120_000,
  );
  return rows.reduce<Record<string, number>>(
    (counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {},
  );
}

const deadlocks = async () =>
  Number(
    (await app.db.raw('select deadlocks from pg_stat_database where datname = current_database()')).rows[0]
      .deadlocks,
  );

test('200 concurrent orders for a product with stock 50: exactly 50 are confirmed, the rest rejected', async () => {
  const productId = await createProduct(request, seller, 50);
  const customers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => tokenFor(app.config, 'USER', `buyer-${i}-${randomUUID()}`)),
  );
  const placed = await inParallel(200, 40, (i) =>
    request('POST', '/orders', {
      token: customers[i % customers.length],
      body: { items: [{ productId, quantity: 1 }] },
    }),
  );
  expect(placed.every((r) => r.status === 201)).toBe(true);

  const statuses = await settledStatuses(placed.map((r) => r.body.id));
  expect(statuses).toEqual({ CONFIRMED: 50, REJECTED: 150 });
  expect(await app.db('inventory.products').where({ id: productId }).first()).toMatchObject({
    on_hand: 50,
    reserved: 50,
  });
  expect(await stockInvariantViolations(app.db, [productId])).toEqual([]);
});

test('multi-item orders listing the same products in opposite order never deadlock', async () => {
  const [first, second] = await Promise.all([
    createProduct(request, seller, 1000),
    createProduct(request, seller, 1000),
  ]);
  // Forty customers of four unpaid orders each: one customer may not hold more (api/unpaid-holds.ts).
  const buyers = await Promise.all(
    Array.from({ length: 40 }, () => tokenFor(app.config, 'USER', `buyer-${randomUUID()}`)),
  );
  const deadlocksBefore = await deadlocks();
  const placed = await inParallel(160, 40, (i) =>
    request('POST', '/orders', {
      token: buyers[i % buyers.length]!,
      body: {
        items:
          i % 2 === 0
            ? [
                { productId: first, quantity: 1 },
                { productId: second, quantity: 2 },
              ]
            : [
                { productId: second, quantity: 2 },
                { productId: first, quantity: 1 },
              ],
      },
    }),
  );
  expect(placed.every((r) => r.status === 201)).toBe(true);
  expect(await settledStatuses(placed.map((r) => r.body.id))).toEqual({ CONFIRMED: 160 });
  expect(await deadlocks()).toBe(deadlocksBefore);
  expect(await stockInvariantViolations(app.db, [first, second])).toEqual([]);
  const products = await app.db('inventory.products').whereIn('id', [first, second]).orderBy('id');
  expect(products.map((p) => p.reserved).sort()).toEqual([160, 320]);
});
