import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { untilPasses } from '../support/eventually';
import { tokenFor } from '../support/fixtures';
import { httpClient, type HttpResponse } from '../support/http';

const PRODUCTS_PER_SELLER = 4;

let app: AppHarness;
let request: ReturnType<typeof httpClient>;

beforeAll(async () => {
  app = await startAppHarness({ PRODUCTS_PER_SELLER: String(PRODUCTS_PER_SELLER) });
  request = httpClient(app.apiUrl);
}, 120_000);
afterAll(() => app?.stop());

const newProduct = (name: string, sku = `PAGE-${randomUUID()}`) => ({
  sku,
  name,
  priceCents: 700,
  currency: 'EUR',
  onHand: 3,
});

test('GET /products answers bounded pages by sku that a client walks with nextCursor', async () => {
  const seller = await tokenFor(app.config, 'SELLER', `pages-${randomUUID()}`);
  const run = randomUUID().slice(0, 8);
  const skus = ['D', 'A', 'C', 'B'].map((letter) => `PAGER-${run}-${letter}`);
  const ids: string[] = [];
  for (const sku of skus) {
    const created = await request('POST', '/products', { token: seller, body: newProduct('Pager', sku) });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  const only = ids.join(',');
  await untilPasses(async () =>
    expect((await request('GET', `/products?ids=${only}`)).body.items).toHaveLength(ids.length),
  );

  const pages: Array<Array<{ id: string; sku: string }>> = [];
  let cursor: string | null = null;
  do {
    const page: HttpResponse = await request(
      'GET',
      `/products?ids=${only}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(page.status).toBe(200);
    pages.push(page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor && pages.length < 10);

  expect(pages.map((p) => p.length)).toEqual([3, 1]);
  const walked = pages.flat();
  expect(new Set(walked.map((p) => p.id))).toEqual(new Set(ids));
  expect(walked.map((p) => p.sku)).toEqual([...skus].sort());

  // Any sku is a place in the catalog, whether or not a product has it.
  const afterB = await request('GET', `/products?ids=${only}&cursor=PAGER-${run}-BB`);
  expect(afterB.body.items.map((p: { sku: string }) => p.sku)).toEqual([`PAGER-${run}-C`, `PAGER-${run}-D`]);

  const firstPage = await request('GET', '/products');
  expect(firstPage.body.items.length).toBeLessThanOrEqual(50);
  expect(firstPage.body).toHaveProperty('nextCursor');
});

test.each([
  ['a page larger than the maximum', '/products?limit=201', 'query.limit'],
  ['a cursor that is not a sku', '/products?cursor=not%20a%20sku!', 'query.cursor'],
  ['ids that are not product ids', '/products?ids=1,2', 'query.ids'],
  [
    'more ids than a page holds',
    `/products?ids=${Array.from({ length: 201 }, randomUUID).join(',')}`,
    'query.ids',
  ],
])('GET /products refuses %s with 422 naming the parameter', async (_what, path, field) => {
  const response = await request('GET', path);
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const fields: string[] = response.body.errors.map((e: { field: string }) => e.field);
  expect(fields.some((name) => name === field || name.startsWith(`${field}.`))).toBe(true);
});

test('a seller past PRODUCTS_PER_SELLER is refused with 409 naming the limit, even when its requests arrive together', async () => {
  const sellerId = `cap-${randomUUID()}`;
  const seller = await tokenFor(app.config, 'SELLER', sellerId);
  const answers = await Promise.all(
    Array.from({ length: PRODUCTS_PER_SELLER + 4 }, (_, i) =>
      request('POST', '/products', { token: seller, body: newProduct(`Capped ${i}`) }),
    ),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(PRODUCTS_PER_SELLER);
  expect(statuses.filter((s) => s === 409)).toHaveLength(4);
  const refusal = answers.find((a) => a.status === 409)!;
  expect(refusal.headers.get('content-type')).toMatch(/problem\+json/);
  expect(refusal.body).toMatchObject({ limit: 'PRODUCTS_PER_SELLER', max: PRODUCTS_PER_SELLER });
  expect(refusal.body.detail).toMatch(/PRODUCTS_PER_SELLER/);
  const rows = await app.db('inventory.products').where({ seller_id: sellerId }).count({ n: '*' }).first();
  expect(Number(rows?.n)).toBe(PRODUCTS_PER_SELLER);

  // Another seller is not held back by this one's cap.
  const other = await tokenFor(app.config, 'SELLER', `cap-other-${randomUUID()}`);
  expect((await request('POST', '/products', { token: other, body: newProduct('Other') })).status).toBe(201);
});
