import { randomUUID } from 'node:crypto';
import type { AppHarness } from '../support/app-harness';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http';

export interface PlacedOrder {
  id: string;
  workflowId: string;
  totalCents: number;
}

export interface PaidAndUnpaid {
  /** A customer of this run only, so visibility queries can be narrowed to this test's orders. */
  customerId: string;
  productId: string;
  /** 2 × 12.50 EUR, paid with tok_visa at submission: ends PAID (waiting for the seller). */
  paid: PlacedOrder;
  /** 1 × 12.50 EUR, submitted without payment: stays CONFIRMED (the payment window is long). */
  unpaid: PlacedOrder;
}

const UNIT_PRICE_CENTS = 1250;

/**
 * Places one order that reaches PAID and one that stays CONFIRMED, for the same fresh customer, through the
 * HTTP API of the in-process app. Different totals let a query on OrderTotalCents tell them apart.
 * The app must run with a payment window far longer than the test, or the unpaid order would time out.
 */
export async function placePaidAndUnpaidOrders(app: AppHarness): Promise<PaidAndUnpaid> {
  const request = httpClient(app.apiUrl);
  const customerId = `ui-${randomUUID()}`;
  const [customer, seller] = await Promise.all([
    tokenFor(app.config, 'USER', customerId),
    tokenFor(app.config, 'SELLER', 'seller-ui'),
  ]);
  const productId = await createProduct(request, seller, 10, UNIT_PRICE_CENTS);
  const place = async (quantity: number, payment?: { token: string }): Promise<PlacedOrder> => {
    const response = await request('POST', '/orders', {
      token: customer,
      body: { items: [{ productId, quantity }], ...(payment ? { payment } : {}) },
    });
    if (response.status !== 201)
      throw new Error(`order not placed: ${response.status} ${JSON.stringify(response.body)}`);
    return {
      id: response.body.id,
      workflowId: `order-${response.body.id}`,
      totalCents: response.body.totalCents,
    };
  };
  const [paid, unpaid] = await Promise.all([place(2, { token: 'tok_visa' }), place(1)]);
  const reaches = (order: PlacedOrder, status: string) =>
    eventually(
      () => request('GET', `/orders/${order.id}`, { token: customer }),
      (r) => r.status === 200 && r.body.status === status,
      30_000,
    );
  await Promise.all([reaches(paid, 'PAID'), reaches(unpaid, 'CONFIRMED')]);
  return { customerId, productId, paid, unpaid };
}
