import { randomUUID } from 'node:crypto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';
import { MERCHANT } from '../../payment-gateway/test-gateway';

let app: AppHarness;
let request: ReturnType<typeof httpClient>;
let customer: string;
let productId: string;

beforeAll(async () => {
  app = await startAppHarness();
  request = httpClient(app.apiUrl);
  customer = await tokenFor(app.config, 'USER', `refunds-${randomUUID()}`);
  productId = await createProduct(request, await tokenFor(app.config, 'SELLER', 'refunds-seller'), 100);
}, 120_000);
afterAll(() => app?.stop());

interface Charge {
  id: string;
  amountCents: number;
  refundedCents: number;
}
const chargesOf = async (orderId: string): Promise<Charge[]> =>
  (
    (await (
      await fetch(`${app.gatewayUrl}/v1/charges?orderId=${orderId}`, { headers: MERCHANT })
    ).json()) as { items: Charge[] }
  ).items;

async function paidOrder(): Promise<string> {
  const placed = await request('POST', '/orders', {
    token: customer,
    body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
  });
  await eventually(
    () => request('GET', `/orders/${placed.body.id}`, { token: customer }),
    (r) => r.body.status === 'PAID',
    30_000,
  );
  return placed.body.id;
}

const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};

test('gateway down at cancel time: 202 within 5 s, a second cancel is told one is in progress, and after the gateway restarts the refund succeeds against the same charge', async () => {
  const id = await paidOrder();
  const [charge] = await chargesOf(id);

  await app.stopGateway();
  const cancel = await timed(() => request('POST', `/orders/${id}/cancel`, { token: customer }));
  expect(cancel.ms).toBeLessThan(5000);
  expect(cancel.result.status).toBe(202);
  expect(cancel.result.body.id).toBe(id);
  const again = await request('POST', `/orders/${id}/cancel`, { token: customer });
  expect(again).toMatchObject({
    status: 409,
    body: { detail: 'a cancel of this order is already in progress' },
  });

  // The gateway comes back with its books: the same charge is refunded, once.
  await app.startGateway();
  const order = await eventually(
    () => request('GET', `/orders/${id}`, { token: customer }),
    (r) => r.body.status === 'CANCELLED',
    60_000,
  );
  expect(order.body.reason).toBe('refunded');
  expect(await chargesOf(id)).toEqual([
    expect.objectContaining({ id: charge!.id, refundedCents: charge!.amountCents }),
  ]);
}, 120_000);

test('a refund the gateway refuses for good ends the saga as CANCELLED refund_failed with a payment.refund_failed event, within 5 s, without retrying for ever', async () => {
  const id = await paidOrder();
  // The PSP no longer knows the charge (as the in-memory mock once forgot every charge on restart).
  await app.db('payment_gateway.charges').where({ order_id: id }).delete();

  const cancel = await timed(() => request('POST', `/orders/${id}/cancel`, { token: customer }));
  expect(cancel.ms).toBeLessThan(5000);
  const order = await eventually(
    () => request('GET', `/orders/${id}`, { token: customer }),
    (r) => r.body.status === 'CANCELLED',
    30_000,
  );
  expect(order.body).toMatchObject({ reason: 'refund_failed' });
  expect(order.body.step).toMatch(/needs an operator/);
  const events = await app.db('payments.outbox').where({ message_key: id }).pluck('event_type');
  expect(events).toEqual(expect.arrayContaining(['payment.succeeded', 'payment.refund_failed']));
  expect(events).not.toContain('payment.refunded');
  expect(await app.db('payments.payments').where({ order_id: id }).pluck('status')).toEqual(['succeeded']);
  // Raised for an operator: a metric counts such orders.
  const metrics = await (await fetch(`${app.operatorUrl}/metrics`)).text();
  expect(Number(/^orders_refund_failed (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
}, 120_000);
