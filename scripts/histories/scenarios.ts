import type { OrderReason, OrderStatus } from '../../contracts/order';
import { sellerId, type RecordingShop } from './recording-shop';

export interface Scenario {
  /** Drives one order down one path of the saga and returns its id. */
  run(shop: RecordingShop): Promise<string>;
  /** How the order must end, so that a history of the wrong path is never saved. */
  ends: { status: OrderStatus; reason?: OrderReason; workflowCancelled?: boolean };
}

/** One order per saga path; each becomes `test/histories/<name>.json`. */
export const SCENARIOS: Record<string, Scenario> = {
  'paid-and-fulfilled': {
    ends: { status: 'FULFILLED' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 3, payment: 'tok_visa' });
      await shop.reach(id, 'PAID');
      await shop.fulfil(id);
      return id;
    },
  },
  /** A marketplace order: each of two sellers ships their own line; FULFILLED after the second. */
  'shipped-by-two-sellers': {
    ends: { status: 'FULFILLED' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 2, sellers: 2, payment: 'tok_visa' });
      await shop.reach(id, 'PAID');
      await shop.fulfil(id, sellerId(1));
      await shop.fulfil(id, sellerId(2));
      return id;
    },
  },
  rejected: {
    ends: { status: 'REJECTED' },
    run: (shop) => shop.placeOrder({ quantity: 3, onHand: 2 }),
  },
  /** Placed with its payment but short of stock: rejected by the opening step, nothing charged. */
  'rejected-at-once': {
    ends: { status: 'REJECTED' },
    run: (shop) => shop.placeOrder({ quantity: 3, onHand: 2, payment: 'tok_visa' }),
  },
  declined: {
    ends: { status: 'CANCELLED', reason: 'payment_declined' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 2 });
      await shop.reach(id, 'CONFIRMED');
      await shop.pay(id, 'tok_declined');
      return id;
    },
  },
  /** Placed with a card that is declined: the order is opened, charged and refused in one step. */
  'declined-at-once': {
    ends: { status: 'CANCELLED', reason: 'payment_declined' },
    run: (shop) => shop.placeOrder({ quantity: 2, payment: 'tok_declined' }),
  },
  expired: {
    ends: { status: 'CANCELLED', reason: 'payment_timeout' },
    run: (shop) => shop.placeOrder({ quantity: 1, paymentWindow: 'short' }),
  },
  'cancelled-before-payment': {
    ends: { status: 'CANCELLED', reason: 'customer_cancelled' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 1 });
      await shop.reach(id, 'CONFIRMED');
      await shop.cancel(id);
      return id;
    },
  },
  'cancelled-after-payment': {
    ends: { status: 'CANCELLED', reason: 'refunded' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 1 });
      await shop.reach(id, 'CONFIRMED');
      await shop.pay(id, 'tok_visa');
      await shop.cancel(id);
      return id;
    },
  },
  /** An operator cancels the workflow itself (e.g. from the Web UI) while it waits for the payment. */
  'workflow-cancelled-before-payment': {
    ends: { status: 'CANCELLED', reason: 'customer_cancelled', workflowCancelled: true },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 1 });
      await shop.reach(id, 'CONFIRMED');
      await shop.handle(id).cancel();
      return id;
    },
  },
  /** The same after payment: the stock is released and the charge refunded before the workflow ends. */
  'workflow-cancelled-after-payment': {
    ends: { status: 'CANCELLED', reason: 'refunded', workflowCancelled: true },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 1, payment: 'tok_visa' });
      await shop.reach(id, 'PAID');
      await shop.handle(id).cancel();
      return id;
    },
  },
  /*
   * Since patch `poison-order-rejected`: an order whose data an activity refuses for good (InvalidOrder)
   * gives back what it holds and ends REJECTED with reason invalid_order. Each is started behind the
   * API's back, which would refuse the text.
   */
  /** Its customer id holds an unpaired surrogate: the opening's events are refused, nothing is held. */
  'rejected-invalid-order': {
    ends: { status: 'REJECTED', reason: 'invalid_order' },
    run: (shop) => shop.placeBehindTheEdge({ poison: '\ud800' }),
  },
  /** Placed with its payment, a NUL in the customer id: refused before the charge, refunded in case. */
  'rejected-invalid-order-at-once': {
    ends: { status: 'REJECTED', reason: 'invalid_order' },
    run: (shop) => shop.placeBehindTheEdge({ poison: '\u0000', payment: 'tok_visa' }),
  },
  /** Paid, then a cancel whose request id holds a NUL: stock released, charge refunded, REJECTED. */
  'rejected-invalid-order-after-payment': {
    ends: { status: 'REJECTED', reason: 'invalid_order' },
    async run(shop) {
      const id = await shop.placeOrder({ quantity: 1, payment: 'tok_visa' });
      await shop.reach(id, 'PAID');
      await shop.cancelBehindTheEdge(id, '\u0000');
      return id;
    },
  },
};
