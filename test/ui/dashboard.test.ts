import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/web-build';
import { PROJECT_ROOT } from '../../scripts/stack/paths';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { launchBrowser } from '../support/browser';
import { tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';
import { MERCHANT } from '../../payment-gateway/test-gateway';

/** Screenshots of the three views land here (ignored by git); the README shows copies of them. */
const SCREENSHOTS = path.join(PROJECT_ROOT, '.data', 'screenshots');
/** A status change reaches the page through the projector and the live stream; the machine may be busy. */
const LIVE_TIMEOUT_MS = 30_000;

let app: AppHarness;
let browser: Browser;
let request: ReturnType<typeof httpClient>;
/** Products of the seller "sam-crafts", made for this run: the catalog may hold other tests' products. */
const sku = { lamp: `DASH-LAMP-${randomUUID().slice(0, 8)}`, mug: `DASH-MUG-${randomUUID().slice(0, 8)}` };
let paidOrderId: string;

beforeAll(async () => {
  const web = await ensureWebBuild();
  // A window far longer than the tests, so an unpaid order waits for its payment.
  app = await startAppHarness({ PAYMENT_WINDOW: '1h', WEB_DIST_DIR: web.dir }, { pipelineMetrics: true });
  request = httpClient(app.apiUrl);
  const seller = await tokenFor(app.config, 'SELLER', 'sam-crafts');
  for (const [key, name, onHand] of [
    ['lamp', 'Brass lamp', 50],
    ['mug', 'Stoneware mug', 50],
  ] as const) {
    const created = await request('POST', '/products', {
      token: seller,
      body: { sku: sku[key], name, priceCents: 2500, currency: 'EUR', onHand },
    });
    expect(created.status).toBe(201);
  }
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A fresh browser context (its own session storage) signed in as a demo person through the page. */
async function signIn(person: string, role: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${app.apiUrl}/`);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${person}, ${role}$`) }).click();
  // Signed in once the app has moved to the person's home; a navigation before that would be undone.
  await page.waitForURL(/#\/(shop|seller|admin)$/);
  return page;
}

const product = (page: Page, productSku: string) => page.locator(`li.product[data-sku="${productSku}"]`);
const orderStatus = (page: Page) => page.locator('.order-status .badge');

async function addToCart(page: Page, productSku: string) {
  await product(page, productSku)
    .getByRole('button', { name: /^Add .* to cart$/ })
    .click();
}

/** Places the cart's order from the shop and returns its id, read from the order page it opens. */
async function placeOrder(page: Page, payNow: boolean): Promise<string> {
  if (!payNow) await page.getByRole('radio', { name: /Pay later/ }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/#\/orders\/[0-9a-f-]{36}$/);
  return page.url().split('/orders/')[1]!;
}

test('a customer orders two products, paying now, and sees the order reach PAID without reloading', async () => {
  const page = await signIn('Alice', 'USER');
  await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  await product(page, sku.lamp).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-shop-empty-cart.png') });
  await addToCart(page, sku.lamp);
  await addToCart(page, sku.mug);
  await page.getByLabel('Card').selectOption('tok_visa');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-shop.png') });
  paidOrderId = await placeOrder(page, true);
  const loads = countNavigations(page);
  await orderStatus(page).filter({ hasText: 'PAID' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  expect(loads()).toBe(0);
  expect(await page.locator('.lines-table tbody tr').count()).toBe(2);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-order-paid.png'), fullPage: true });
  // The same page on a phone: one column, nothing cut off sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-order-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The shop's own order list shows it too, as PAID.
  await page.getByRole('link', { name: '← Back' }).click();
  await page
    .locator(`tr[data-order-id="${paidOrderId}"] [data-status="PAID"]`)
    .waitFor({ timeout: LIVE_TIMEOUT_MS });
  await page.context().close();
});

test('a customer orders without paying, pays from the order page within the window, and sees PAID', async () => {
  const page = await signIn('Alice', 'USER');
  await product(page, sku.mug).waitFor();
  await addToCart(page, sku.mug);
  const orderId = await placeOrder(page, false);
  await orderStatus(page).filter({ hasText: 'CONFIRMED' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  await page
    .getByText(/left\)/)
    .first()
    .waitFor(); // the payment window's countdown
  await page.getByLabel('Card').selectOption('tok_visa');
  await page.getByRole('button', { name: /^Pay / }).click();
  await orderStatus(page).filter({ hasText: 'PAID' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  const order = await request('GET', `/orders/${orderId}`, {
    token: await tokenFor(app.config, 'USER', 'alice'),
  });
  expect(order.body.status).toBe('PAID');
  await page.context().close();
});

test("a seller ships the order with their products, and the customer's open page shows FULFILLED", async () => {
  const customer = await signIn('Alice', 'USER');
  await customer.goto(`${app.apiUrl}/#/orders/${paidOrderId}`);
  await orderStatus(customer).filter({ hasText: 'PAID' }).waitFor({ timeout: LIVE_TIMEOUT_MS });

  const seller = await signIn('Sam Crafts', 'SELLER');
  const row = seller.locator(`tr[data-order-id="${paidOrderId}"]`);
  await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
  await seller.locator(`tr[data-sku="${sku.lamp}"]`).waitFor();
  await seller.screenshot({ path: path.join(SCREENSHOTS, 'seller.png'), fullPage: true });
  await row.getByRole('button', { name: `Ship order ${paidOrderId}` }).click();
  await row.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });

  await orderStatus(customer).filter({ hasText: 'FULFILLED' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  await customer.screenshot({ path: path.join(SCREENSHOTS, 'customer-order-fulfilled.png'), fullPage: true });
  await Promise.all([customer.context().close(), seller.context().close()]);
});

test('a seller does not see orders that contain none of their products', async () => {
  const page = await signIn('Demo Seller', 'SELLER');
  await page.getByRole('tab', { name: 'All' }).click();
  await page.getByRole('heading', { name: 'Orders with my products' }).waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
  // The list has loaded (rows or its empty state) and still lacks Alice's order of Sam's products.
  await page.locator('.orders-table, .empty').first().waitFor();
  expect(await page.locator(`tr[data-order-id="${paidOrderId}"]`).count()).toBe(0);
  const listed = await request('GET', '/orders?limit=500', {
    token: await tokenFor(app.config, 'SELLER', 'demo-seller'),
  });
  expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(paidOrderId);
  await page.context().close();
});

test('an admin sees the order among all orders, with a link to its workflow in the Temporal Web UI', async () => {
  const page = await signIn('Ada \\(admin\\)', 'ADMIN');
  await page.getByLabel('Customer').fill('alice');
  const row = page.locator(`tr[data-order-id="${paidOrderId}"]`);
  await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
  const link = row.getByRole('link', { name: `Workflow of order ${paidOrderId} in Temporal` });
  expect(await link.getAttribute('href')).toBe(
    `${app.config.temporal.uiUrl}/namespaces/${app.config.temporal.namespace}/workflows/order-${paidOrderId}`,
  );
  await page.locator('.stat-value').first().waitFor();
  // The pipeline's figures come from the relay's and projector's own metrics endpoints.
  await page.locator('.source.up', { hasText: 'outbox-relay' }).waitFor();
  await page.locator('.source.up', { hasText: 'projector' }).waitFor();
  // Filling the filter scrolled the page: a full-page shot of it would draw the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'admin.png'), fullPage: true });
  await page.context().close();
});

test('an order for more than the stock shows REJECTED with the shortage explained', async () => {
  const page = await signIn('Bob', 'USER');
  await product(page, sku.lamp).waitFor();
  await addToCart(page, sku.lamp);
  await page.getByLabel('Quantity of Brass lamp').fill('60');
  await placeOrder(page, true);
  await orderStatus(page).filter({ hasText: 'REJECTED' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  const explanation = page.getByRole('note');
  await explanation.filter({ hasText: 'Not enough stock' }).waitFor();
  expect(await explanation.textContent()).toMatch(/Brass lamp: 60 requested, \d+ available/);
  await page.context().close();
});

test('an order paid during a payment gateway failure drill reaches PAID after the drill ends', async () => {
  const admin = await signIn('Ada \\(admin\\)', 'ADMIN');
  await admin.getByLabel('Fault').selectOption('fail');
  // Long enough for a busy machine to place the order inside it; the admin ends it by hand below.
  await admin.getByLabel('For (seconds)').fill('120');
  await admin.getByRole('button', { name: 'Start drill' }).click();
  await admin.getByText('Gateway down').waitFor();

  const customer = await signIn('Bob', 'USER');
  await product(customer, sku.mug).waitFor();
  await addToCart(customer, sku.mug);
  const orderId = await placeOrder(customer, true);
  // While the gateway refuses, the charge is retried and nothing is charged: the order stays CONFIRMED.
  await orderStatus(customer).filter({ hasText: 'CONFIRMED' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  const charges = async () =>
    (
      (await fetch(`${app.gatewayUrl}/v1/charges?orderId=${orderId}`, { headers: MERCHANT }).then((r) =>
        r.json(),
      )) as {
        items: unknown[];
      }
    ).items;
  const drill = await request('GET', '/admin/payment-drill', {
    token: await tokenFor(app.config, 'ADMIN', 'ada'),
  });
  expect(drill.body.mode).toBe('fail');
  expect(await charges()).toHaveLength(0);

  await admin.getByRole('button', { name: 'End drill now' }).click();
  await admin.getByRole('button', { name: 'Start drill' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  await orderStatus(customer).filter({ hasText: 'PAID' }).waitFor({ timeout: 90_000 });
  expect(await charges()).toHaveLength(1);
  await Promise.all([admin.context().close(), customer.context().close()]);
});

test('the payment drill control refuses customers and sellers at the API, and every token at the gateway itself', async () => {
  for (const [role, subject] of [
    ['USER', 'alice'],
    ['SELLER', 'sam-crafts'],
  ] as const) {
    const token = await tokenFor(app.config, role, subject);
    const viaApi = await request('POST', '/admin/payment-drill', {
      token,
      body: { mode: 'fail', seconds: 5 },
    });
    expect(viaApi.status).toBe(403);
    const atGateway = await fetch(`${app.gatewayUrl}/admin/drill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'fail', seconds: 5 }),
    });
    // The gateway opens its drills to the drill key only, which the API holds: no token gets through.
    expect(atGateway.status).toBe(401);
  }
  expect((await fetch(`${app.gatewayUrl}/admin/drill`)).status).toBe(401);
  const adminAtGateway = await fetch(`${app.gatewayUrl}/admin/drill`, {
    headers: { authorization: `Bearer ${await tokenFor(app.config, 'ADMIN', 'ada')}` },
  });
  expect(adminAtGateway.status).toBe(401);
  const state = await request('GET', '/admin/payment-drill', {
    token: await tokenFor(app.config, 'ADMIN', 'ada'),
  });
  expect(state.body).toEqual({ mode: 'off' });
});

/** Counts full page loads from now on: a live page changes without one. */
function countNavigations(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

test('/docs is an interactive reference of the same OpenAPI document, served without the internet', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.apiUrl}/docs`);
  await page.getByRole('heading', { name: /Order saga API/ }).waitFor();
  // Every operation of the document is listed, the live stream and the drill among them.
  await page.getByText('/admin/payment-drill').first().waitFor();
  await page.getByText('/live').first().waitFor();
  await context.close();
});
