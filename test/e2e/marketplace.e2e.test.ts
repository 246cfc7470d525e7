import { randomUUID } from 'node:crypto';
import { TOPICS } from '../../contracts/events';
import { createKafka } from '../../platform/kafka';
import { readTopic } from '../events/support/read-topic';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually, untilPasses } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';
import { followLive } from '../support/live-stream';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
const run = randomUUID().slice(0, 8);
const names = { anna: `anna-${run}`, ben: `ben-${run}`, carl: `carl-${run}` };
const tokens = {} as Record<'customer' | 'anna' | 'ben' | 'carl' | 'admin', string>;
const products = {} as Record<'anna' | 'ben', string>;
/** Anna's product costs the fixtures' 10.00; Ben's a price found nowhere else in an order. */
const ANNA_PRICE_CENTS = 1000;
const BEN_PRICE_CENTS = 4321;

beforeAll(async () => {
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  request = httpClient(app.apiUrl);
  tokens.customer = await tokenFor(app.config, 'USER', `customer-${run}`);
  tokens.admin = await tokenFor(app.config, 'ADMIN', `admin-${run}`);
  for (const seller of ['anna', 'ben', 'carl'] as const)
    tokens[seller] = await tokenFor(app.config, 'SELLER', names[seller]);
  products.anna = await createProduct(request, tokens.anna, 10);
  products.ben = await createProduct(request, tokens.ben, 10, BEN_PRICE_CENTS);
}, 120_000);
afterAll(() => app?.stop());

async function paidOrder(): Promise<string> {
  const placed = await request('POST', '/orders', {
    token: tokens.customer,
    body: {
      items: [
        { productId: products.anna, quantity: 2 },
        { productId: products.ben, quantity: 3 },
      ],
      payment: { token: 'tok_visa' },
    },
  });
  expect(placed.status).toBe(201);
  await eventually(
    () => request('GET', `/orders/${placed.body.id}`, { token: tokens.customer }),
    (r) => r.body.status === 'PAID',
    30_000,
  );
  return placed.body.id;
}

const stockOf = (productId: string) =>
  app.db('inventory.products').where({ id: productId }).first('on_hand', 'reserved');
const listed = async (token: string, query = '') =>
  (await request('GET', `/orders?limit=500${query}`, { token })).body.items.map((o: { id: string }) => o.id);

test('an order with lines of two sellers: each ships only their own lines, the order is FULFILLED after both, each line commits its stock once, and the events and read models agree', async () => {
  const id = await paidOrder();

  // Both sellers find it among the orders waiting for them to ship; a third seller sees nothing of it.
  for (const seller of ['anna', 'ben'] as const)
    await eventually(
      () => listed(tokens[seller], '&shipped=false'),
      (ids) => ids.includes(id),
    );
  expect(await listed(tokens.carl)).not.toContain(id);
  expect((await request('GET', `/orders/${id}`, { token: tokens.carl })).status).toBe(404);
  expect((await request('POST', `/orders/${id}/fulfill`, { token: tokens.carl })).status).toBe(404);

  const byAnna = await request('POST', `/orders/${id}/fulfill`, { token: tokens.anna });
  expect(byAnna.status).toBe(200);
  expect(byAnna.body).toMatchObject({
    status: 'PAID',
    shipments: [{ sellerId: names.anna, productIds: [products.anna] }],
  });
  expect(await stockOf(products.anna)).toEqual({ on_hand: 8, reserved: 0 });
  expect(await stockOf(products.ben)).toEqual({ on_hand: 10, reserved: 3 });

  const again = await request('POST', `/orders/${id}/fulfill`, { token: tokens.anna });
  expect(again.status).toBe(409);
  expect(again.body.detail).toBe(`the lines of seller ${names.anna} in this order have already shipped`);
  const cancel = await request('POST', `/orders/${id}/cancel`, { token: tokens.customer });
  expect(cancel.status).toBe(409);
  expect(cancel.body.detail).toBe(
    '1 of the 2 line(s) of this order have shipped; it can no longer be cancelled',
  );

  // Ben is answered with his part: his shipment, not Anna's.
  const byBen = await request('POST', `/orders/${id}/fulfill`, { token: tokens.ben });
  expect(byBen.status).toBe(200);
  expect(byBen.body.status).toBe('FULFILLED');
  expect(byBen.body.shipments).toEqual([
    expect.objectContaining({ sellerId: names.ben, productIds: [products.ben] }),
  ]);
  expect(byBen.body.timeline.map((t: { note: string }) => t.note)).toEqual(
    expect.arrayContaining([`1 line(s) shipped by seller ${names.ben}`, 'every line shipped']),
  );
  const whole = await request('GET', `/orders/${id}`, { token: tokens.customer });
  expect(whole.body.shipments).toEqual([
    expect.objectContaining({ sellerId: names.anna, productIds: [products.anna] }),
    expect.objectContaining({ sellerId: names.ben, productIds: [products.ben] }),
  ]);
  expect(whole.body.timeline.map((t: { note: string }) => t.note)).toEqual(
    expect.arrayContaining([
      `1 line(s) shipped by seller ${names.anna}; 1 to go`,
      `1 line(s) shipped by seller ${names.ben}`,
      'every line shipped',
    ]),
  );
  expect(await stockOf(products.anna)).toEqual({ on_hand: 8, reserved: 0 });
  expect(await stockOf(products.ben)).toEqual({ on_hand: 7, reserved: 0 });
  expect(
    await app.db('inventory.reservations').where({ order_id: id }).orderBy('product_id').select('status'),
  ).toEqual([{ status: 'committed' }, { status: 'committed' }]);

  // The events say who shipped what, once each, and the read models follow them.
  await eventually(
    () => listed(tokens.anna, '&shipped=true'),
    (ids) => ids.includes(id),
  );
  await eventually(
    () => listed(tokens.ben, '&status=FULFILLED'),
    (ids) => ids.includes(id),
  );
  expect(await listed(tokens.ben, '&shipped=false')).not.toContain(id);
  const kafka = createKafka(app.config.kafka, `marketplace-${run}`);
  const events = (await Promise.all([readTopic(kafka, TOPICS.orders), readTopic(kafka, TOPICS.inventory)]))
    .flat()
    .filter((m) => m.key === id)
    .map((m) => JSON.parse(m.value!));
  const shipped = (type: string) =>
    events
      .filter((e) => e.type === type)
      .map((e) => ({ sellerId: e.data.sellerId, items: e.data.items }))
      .sort((a, b) => a.sellerId.localeCompare(b.sellerId));
  const expected = [
    { sellerId: names.anna, items: [{ productId: products.anna, quantity: 2 }] },
    { sellerId: names.ben, items: [{ productId: products.ben, quantity: 3 }] },
  ];
  expect(shipped('inventory.committed')).toEqual(expected);
  expect(shipped('order.shipped')).toEqual(expected);
  expect(events.filter((e) => e.type === 'order.fulfilled')).toHaveLength(1);
  expect(
    events
      .filter((e) => e.type === 'order.shipped')
      .map((e) => e.data.remainingLines)
      .sort(),
  ).toEqual([0, 1]);
  const summary = await app.db('read_models.order_summaries').where({ order_id: id }).first('status');
  expect(summary.status).toBe('FULFILLED');
}, 120_000);

test('an ADMIN ships what is left of a partly shipped order, and a seller shipping after that is told it has shipped', async () => {
  const id = await paidOrder();
  expect((await request('POST', `/orders/${id}/fulfill`, { token: tokens.ben })).body.status).toBe('PAID');
  const byAdmin = await request('POST', `/orders/${id}/fulfill`, { token: tokens.admin });
  expect(byAdmin.status).toBe(200);
  expect(byAdmin.body.status).toBe('FULFILLED');
  expect(byAdmin.body.shipments[1]).toEqual(expect.objectContaining({ productIds: [products.anna] }));
  expect(byAdmin.body.shipments[1].sellerId).toBeUndefined();
  const late = await request('POST', `/orders/${id}/fulfill`, { token: tokens.anna });
  expect(late.status).toBe(409);
  expect(
    await app.db('inventory.reservations').where({ order_id: id, status: 'committed' }).count({ n: '*' }),
  ).toEqual([{ n: '2' }]);
}, 120_000);

/** Nothing in a seller's part names the customer or the other seller, their product, price or the total. */
function expectNothingOfTheOthers(part: object) {
  const numbers: unknown[] = [];
  const text = JSON.stringify(part, (_key, value) => (numbers.push(value), value));
  for (const secret of [`customer-${run}`, names.ben, products.ben]) expect(text).not.toContain(secret);
  expect(numbers).not.toContain(BEN_PRICE_CENTS);
  expect(numbers).not.toContain(2 * ANNA_PRICE_CENTS + 3 * BEN_PRICE_CENTS);
  expect(part).not.toHaveProperty('customerId');
  expect(part).not.toHaveProperty('totalCents');
  expect(part).not.toHaveProperty('step');
}

test("a seller reads, lists and follows only its part of a two-seller order: its lines, subtotal and shipments, never the customer nor the other seller's lines, prices or shipments", async () => {
  const admin = await followLive(app.apiUrl, tokens.admin);
  const annaStream = await followLive(app.apiUrl, tokens.anna);
  try {
    const id = await paidOrder();
    const annaLine = {
      productId: products.anna,
      quantity: 2,
      unitPriceCents: ANNA_PRICE_CENTS,
      sellerId: names.anna,
    };

    // Anna's part, the same in the order she reads and in her list.
    const annaPart = {
      id,
      sellerId: names.anna,
      status: 'PAID',
      items: [annaLine],
      subtotalCents: 2 * ANNA_PRICE_CENTS,
      currency: 'EUR',
    };
    const read = await request('GET', `/orders/${id}`, { token: tokens.anna });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(annaPart);
    expect(read.body.timeline.map((t: { status: string }) => t.status)).toEqual([
      'PENDING',
      'CONFIRMED',
      'PAID',
    ]);
    expectNothingOfTheOthers(read.body);

    const listedPart = async () =>
      (await request('GET', '/orders?limit=500', { token: tokens.anna })).body.items.find(
        (o: { id: string }) => o.id === id,
      );
    const summary = await eventually(listedPart, (o) => o?.status === 'PAID');
    expect(summary).toEqual({
      ...annaPart,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expectNothingOfTheOthers(summary);

    // Ben ships: Anna learns nothing of it, not even when (her part's updatedAt stays), nor by a live event.
    const heardOfOrder = (stream: typeof admin) =>
      stream.events.filter((e) => e.event === 'order' && e.data.id === id);
    await untilPasses(() => expect(heardOfOrder(annaStream).map((e) => e.data.status)).toContain('PAID'));
    const annaHeardBefore = heardOfOrder(annaStream).length;
    const adminHeardBefore = heardOfOrder(admin).length;
    expect((await request('POST', `/orders/${id}/fulfill`, { token: tokens.ben })).status).toBe(200);
    const afterBen = await request('GET', `/orders/${id}`, { token: tokens.anna });
    expect(afterBen.body).not.toHaveProperty('shipments');
    expect(afterBen.body.updatedAt).toBe(read.body.updatedAt);
    expect(afterBen.body.timeline).toEqual(read.body.timeline);
    expectNothingOfTheOthers(afterBen.body);
    await untilPasses(() => expect(heardOfOrder(admin).length).toBeGreaterThan(adminHeardBefore));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heardOfOrder(annaStream)).toHaveLength(annaHeardBefore);
    expect((await listedPart()).updatedAt).toBe(summary.updatedAt);

    // Anna ships the last lines: she hears of it, and sees her shipment and the order FULFILLED.
    const byAnna = await request('POST', `/orders/${id}/fulfill`, { token: tokens.anna });
    expect(byAnna.body.status).toBe('FULFILLED');
    expect(byAnna.body.shipments).toEqual([
      { at: expect.any(String), sellerId: names.anna, productIds: [products.anna] },
    ]);
    expect(byAnna.body.timeline.map((t: { note: string }) => t.note)).toEqual([
      'order placed',
      'stock reserved',
      'payment captured',
      `1 line(s) shipped by seller ${names.anna}`,
      'every line shipped',
    ]);
    expectNothingOfTheOthers(byAnna.body);
    await untilPasses(() =>
      expect(heardOfOrder(annaStream).map((e) => e.data.status)).toContain('FULFILLED'),
    );
    expect(await eventually(listedPart, (o) => o?.status === 'FULFILLED')).toMatchObject({
      items: [annaLine],
      subtotalCents: 2 * ANNA_PRICE_CENTS,
    });

    // The customer and an ADMIN still see the whole order.
    for (const token of [tokens.customer, tokens.admin]) {
      const full = await request('GET', `/orders/${id}`, { token });
      expect(full.body).toMatchObject({
        customerId: `customer-${run}`,
        totalCents: 2 * ANNA_PRICE_CENTS + 3 * BEN_PRICE_CENTS,
        items: [annaLine, { productId: products.ben, quantity: 3, unitPriceCents: BEN_PRICE_CENTS }],
      });
      expect(full.body.shipments).toHaveLength(2);
    }
    const adminList = await request('GET', `/orders?limit=500&customerId=customer-${run}`, {
      token: tokens.admin,
    });
    expect(adminList.body.items.find((o: { id: string }) => o.id === id)).toMatchObject({
      customerId: `customer-${run}`,
      totalCents: 2 * ANNA_PRICE_CENTS + 3 * BEN_PRICE_CENTS,
    });
  } finally {
    admin.close();
    annaStream.close();
  }
}, 120_000);
