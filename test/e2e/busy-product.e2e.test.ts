import { randomUUID } from 'node:crypto';
import { createDb } from '../../platform/db';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let held: string;
let other: string;
let seller: string;
beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
  seller = await tokenFor(app.config, 'SELLER', 'busy-seller');
  [held, other] = [await createProduct(request, seller, 50), await createProduct(request, seller, 50)];
}, 120_000);
afterAll(() => app?.stop());

/** Another session (an operator's, a long job's) holding a product's row FOR UPDATE until released. */
async function holdRow(productId: string) {
  const session = createDb(app.config.postgres.url, {
    max: 1,
    limits: { lockTimeoutMs: 0, statementTimeoutMs: 0, idleInTransactionMs: 0 },
  });
  const trx = await session.transaction();
  await trx('inventory.products').where({ id: productId }).forUpdate();
  // Held, not merely being reserved: a session that has sat on the row for longer than HELD_FOR.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  return async () => {
    await trx.rollback();
    await session.destroy();
  };
}

const place = (token: string, productIds: string[], key = randomUUID()) =>
  request('POST', '/orders', {
    token,
    headers: { 'idempotency-key': key },
    body: {
      items: productIds.map((productId) => ({ productId, quantity: 1 })),
      payment: { token: 'tok_visa' },
    },
  });

test('while a product row is held, its orders are refused with 503 and Retry-After before anything is written; other products sell as usual', async () => {
  const customer = await tokenFor(app.config, 'USER', `busy-${randomUUID()}`);
  const key = randomUUID();
  const release = await holdRow(held);
  try {
    const refused = await place(customer, [held], key);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ busyProductIds: [held], retryAfterSeconds: 5 });
    // An order naming the held product beside a free one is refused whole.
    expect((await place(customer, [other, held])).status).toBe(503);
    expect(await app.db('orders.submissions').where({ idempotency_key: key })).toHaveLength(0);

    const sold = await place(customer, [other]);
    expect(sold.status).toBe(201);
    await eventually(
      () => request('GET', `/orders/${sold.body.id}`, { token: customer }),
      (r) => r.body.status === 'PAID',
    );
  } finally {
    await release();
  }
  // Released: the same request (same key) now goes through.
  const retried = await place(customer, [held], key);
  expect(retried.status).toBe(201);
  await eventually(
    () => request('GET', `/orders/${retried.body.id}`, { token: customer }),
    (r) => r.body.status === 'PAID',
  );
  const stock = await app.db('inventory.products').where({ id: held }).first('on_hand', 'reserved');
  // The paid order's unit stays reserved until it ships; nothing else holds any.
  expect(stock).toEqual({ on_hand: 50, reserved: 1 });
}, 60_000);

test('an unknown product is still named as unknown (422), not taken for a busy one', async () => {
  const customer = await tokenFor(app.config, 'USER', `busy-${randomUUID()}`);
  const missing = randomUUID();
  const answer = await place(customer, [other, missing]);
  expect(answer.status).toBe(422);
  expect(answer.body.unknownProductIds).toEqual([missing]);
});
