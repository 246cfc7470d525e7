import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { CORRELATION_ATTRIBUTE, startTracing, type Tracing } from '../../platform/tracing';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { databaseOfItsOwn } from '../support/database-of-its-own';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let app: AppHarness;

/**
 * The whole app in this process, traced into memory, on a database of its own: only this process's
 * relay publishes (and traces) this test's outbox rows, which any relay of the run could otherwise take.
 */
beforeAll(async () => {
  tracing = startTracing('order-saga-test', exporter);
  app = await startAppHarness({ DATABASE_URL: await databaseOfItsOwn('tracing'), PAYMENT_WINDOW: '1h' });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await tracing?.shutdown();
});

test('one order is one trace: the HTTP request, the workflow start, the workflow, each activity, the Kafka publish and the projector apply, correctly parented, all with the correlation id', async () => {
  const request = httpClient(app.apiUrl);
  const seller = await tokenFor(app.config, 'SELLER', 'traced-seller');
  const productId = await createProduct(request, seller, 5);
  const correlationId = `traced-${randomUUID()}`;
  exporter.reset();
  const placed = await request('POST', '/orders', {
    token: await tokenFor(app.config, 'USER', `traced-${randomUUID()}`),
    headers: { 'x-correlation-id': correlationId },
    body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
  });
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;

  // Shipped, so the workflow completes and its RunWorkflow span ends; done once order.fulfilled is applied.
  await eventually(
    () => request('GET', `/orders/${orderId}`, { token: seller }),
    (r) => r.body.status === 'PAID',
    30_000,
  );
  expect((await request('POST', `/orders/${orderId}/fulfill`, { token: seller })).body.status).toBe(
    'FULFILLED',
  );
  const spansOfOrder = () =>
    exporter.getFinishedSpans().filter((s) => s.attributes[CORRELATION_ATTRIBUTE] === correlationId);
  const spans = await eventually(
    async () => spansOfOrder(),
    (found) =>
      found.some((s) => /apply order\.fulfilled$/.test(s.name)) &&
      found.some((s) => s.name === 'RunWorkflow:orderSaga'),
    30_000,
  );
  expect(orderId).toBeDefined();

  const names = spans.map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'POST /orders/',
      'StartWorkflow:orderSaga',
      'RunWorkflow:orderSaga',
      'RunActivity:openAndPay',
      'RunStep:openOrder',
      'RunStep:chargePayment',
      'RunStep:recordOrderStatus',
      'publish order.placed',
      'publish order.paid',
      'publish payment.succeeded',
    ]),
  );
  expect(names.filter((n) => / apply order\.(placed|confirmed|paid)$/.test(n)).length).toBeGreaterThanOrEqual(
    3,
  );

  // One trace, rooted at the HTTP request, every other span the child of one in it.
  const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
  expect(traceIds.size).toBe(1);
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => s.name)).toEqual(['POST /orders/']);
  const orphans = spans.filter((s) => s.parentSpanId && !byId.has(s.parentSpanId)).map((s) => s.name);
  expect(orphans).toEqual([]);

  const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanId!)?.name;
  const first = (name: string) => spans.find((s) => s.name === name)!;
  expect(parentOf(first('StartWorkflow:orderSaga'))).toBe('POST /orders/');
  expect(parentOf(first('RunWorkflow:orderSaga'))).toBe('StartWorkflow:orderSaga');
  expect(parentOf(first('RunActivity:openAndPay'))).toMatch(/^StartActivity:openAndPay$/);
  for (const step of ['openOrder', 'chargePayment', 'recordOrderStatus'])
    expect(parentOf(first(`RunStep:${step}`))).toBe('RunActivity:openAndPay');
  expect(parentOf(first('publish order.placed'))).toBe('RunStep:openOrder');
  expect(parentOf(first('publish order.paid'))).toBe('RunStep:recordOrderStatus');
  expect(parentOf(spans.find((s) => / apply order\.paid$/.test(s.name))!)).toBe('publish order.paid');
}, 90_000);
