import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

// The shipped defaults: this suite is their proof.
const UNPAID_ORDERS = 10;
const UNPAID_UNITS = 100;

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let productId: string;
beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
  productId = await createProduct(request, await tokenFor(app.config, 'SELLER', 'holds-seller'), 50);
}, 120_000);
afterAll(() => app?.stop());

const orderOne = (token: string, quantity = 1, payment?: string) =>
  request('POST', '/orders', {
    token,
    body: { items: [{ productId, quantity }], ...(payment ? { payment: { token: payment } } : {}) },
  });

const stockOf = async (id: string) => app.db('inventory.products').where({ id }).first('on_hand', 'reserved');

test('the defaults are the documented ones', () => {
  expect(app.config.unpaidHolds).toEqual({ orders: UNPAID_ORDERS, units: UNPAID_UNITS });
});

test('one customer placing 20 unpaid orders at once holds at most its cap; the next customer buys and pays', async () => {
  const hoarder = await tokenFor(app.config, 'USER', `hoarder-${randomUUID()}`);
  const answers = await Promise.all(Array.from({ length: 20 }, () => orderOne(hoarder)));

  const accepted = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status !== 201);
  expect(accepted).toHaveLength(UNPAID_ORDERS);
  for (const answer of refused) {
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({ limit: 'unpaidOrders', max: UNPAID_ORDERS });
    expect(answer.body.detail).toMatch(/unpaid order/);
  }
  // Nothing of the refused requests was written: one submission per accepted order, and no more sagas.
  const hoarderId = accepted[0]!.body.customerId as string;
  const submissions = await app.db('orders.submissions').where({ customer_id: hoarderId }).count('* as n');
  expect(Number(submissions[0]!.n)).toBe(UNPAID_ORDERS);
  await eventually(
    () => stockOf(productId),
    (stock) => stock.reserved === UNPAID_ORDERS,
  );

  const buyer = await tokenFor(app.config, 'USER', `buyer-${randomUUID()}`);
  const bought = await orderOne(buyer, 5, 'tok_visa');
  expect(bought.status).toBe(201);
  await eventually(
    () => request('GET', `/orders/${bought.body.id}`, { token: buyer }),
    (r) => r.body.status === 'PAID',
  );

  // Paying one of its orders frees a place under the cap: the hoarder may place one more, not two.
  const paid = await request('POST', `/orders/${accepted[0]!.body.id}/payment`, {
    token: hoarder,
    body: { token: 'tok_visa' },
  });
  expect([200, 202]).toContain(paid.status);
  await eventually(
    () => request('GET', `/orders/${accepted[0]!.body.id}`, { token: hoarder }),
    (r) => r.body.status === 'PAID',
  );
  expect((await orderOne(hoarder)).status).toBe(201);
  expect((await orderOne(hoarder)).status).toBe(409);
}, 90_000);

test('an order that would hold more units than one customer may is refused before anything is written', async () => {
  const subject = `bulk-${randomUUID()}`;
  const customer = await tokenFor(app.config, 'USER', subject);

  const refused = await orderOne(customer, UNPAID_UNITS + 1);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ limit: 'unpaidUnits', max: UNPAID_UNITS, unpaidUnits: 0 });
  // No submission, so no saga and no order: nothing of this customer's was recorded.
  expect(await app.db('orders.submissions').where({ customer_id: subject })).toEqual([]);
  expect(await app.db('orders.orders').where({ customer_id: subject })).toEqual([]);

  // Within the cap the same customer orders as usual.
  const placed = await orderOne(customer, 2, 'tok_visa');
  expect(placed.status).toBe(201);
});

test('subjects and keys holding "/" derive different order ids', async () => {
  const key = `k/${randomUUID()}`;
  const first = await tokenFor(app.config, 'USER', 'slash/a');
  const second = await tokenFor(app.config, 'USER', 'slash');
  const body = { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } };
  // "slash/a" with key "k/x" and "slash" with key "a/k/x" read the same when joined with "/".
  const a = await request('POST', '/orders', { token: first, body, headers: { 'idempotency-key': key } });
  const b = await request('POST', '/orders', {
    token: second,
    body,
    headers: { 'idempotency-key': `a/${key}` },
  });
  expect(a.status).toBe(201);
  expect(b.status).toBe(201);
  expect(a.body.id).not.toBe(b.body.id);
});
