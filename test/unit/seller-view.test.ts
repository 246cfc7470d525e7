import type { OrderView } from '../../contracts/order';
import { SellerNotices, sellerViewOf } from '../../api/seller-view';

const MINE = '00000000-0000-4000-8000-00000000000a';
const THEIRS = '00000000-0000-4000-8000-00000000000b';
const part = { sellerId: 'anna', productIds: [MINE] };

const order: OrderView = {
  id: '00000000-0000-4000-8000-000000000001',
  customerId: 'carol',
  status: 'FULFILLED',
  items: [
    { productId: MINE, quantity: 2, unitPriceCents: 500, sellerId: 'anna' },
    { productId: THEIRS, quantity: 1, unitPriceCents: 9999, sellerId: 'ben' },
  ],
  totalCents: 10_999,
  currency: 'EUR',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:05:00.000Z',
  timeline: [
    { at: '2026-01-01T10:00:00.000Z', status: 'PENDING', note: 'order placed' },
    { at: '2026-01-01T10:00:01.000Z', status: 'CONFIRMED', note: 'stock reserved' },
    { at: '2026-01-01T10:00:02.000Z', status: 'PAID', note: 'payment captured' },
    { at: '2026-01-01T10:03:00.000Z', status: 'PAID', note: '1 line(s) shipped by seller ben; 1 to go' },
    { at: '2026-01-01T10:05:00.000Z', status: 'PAID', note: '1 line(s) shipped by an admin' },
    { at: '2026-01-01T10:05:00.000Z', status: 'FULFILLED', note: 'every line shipped' },
  ],
  step: 'waiting for ben to ship; charging 109.99 EUR',
  shipments: [
    { at: '2026-01-01T10:03:00.000Z', sellerId: 'ben', productIds: [THEIRS] },
    { at: '2026-01-01T10:05:00.000Z', productIds: [MINE] },
  ],
};

test("a seller's view keeps its lines, subtotal and shipments, the status changes, and nothing of the others", () => {
  expect(sellerViewOf(order, part)).toEqual({
    id: order.id,
    sellerId: 'anna',
    status: 'FULFILLED',
    items: [order.items[0]],
    subtotalCents: 1000,
    currency: 'EUR',
    createdAt: order.createdAt,
    updatedAt: '2026-01-01T10:05:00.000Z',
    timeline: [
      { at: '2026-01-01T10:00:00.000Z', status: 'PENDING', note: 'order placed' },
      { at: '2026-01-01T10:00:01.000Z', status: 'CONFIRMED', note: 'stock reserved' },
      { at: '2026-01-01T10:00:02.000Z', status: 'PAID', note: 'payment captured' },
      { at: '2026-01-01T10:05:00.000Z', status: 'PAID', note: '1 line(s) shipped by an admin' },
      { at: '2026-01-01T10:05:00.000Z', status: 'FULFILLED', note: 'every line shipped' },
    ],
    shipments: [{ at: '2026-01-01T10:05:00.000Z', productIds: [MINE] }],
  });
});

test("another seller's shipment moves neither the seller's updatedAt nor its timeline", () => {
  const paidThenBenShipped: OrderView = {
    ...order,
    status: 'PAID',
    updatedAt: '2026-01-01T10:03:00.000Z',
    timeline: order.timeline.slice(0, 4),
    shipments: order.shipments!.slice(0, 1),
  };
  const view = sellerViewOf(paidThenBenShipped, part);
  expect(view.updatedAt).toBe('2026-01-01T10:00:02.000Z');
  expect(view.timeline.map((entry) => entry.note)).toEqual([
    'order placed',
    'stock reserved',
    'payment captured',
  ]);
  expect(view).not.toHaveProperty('shipments');
});

test("a rejected order shows the seller only its own lines' shortages", () => {
  const rejected: OrderView = {
    ...order,
    status: 'REJECTED',
    shipments: undefined,
    shortages: [
      { productId: MINE, requested: 2, available: 1 },
      { productId: THEIRS, requested: 1, available: 0 },
    ],
  };
  expect(sellerViewOf(rejected, part).shortages).toEqual([{ productId: MINE, requested: 2, available: 1 }]);
  expect(sellerViewOf(rejected, { sellerId: 'ben', productIds: [THEIRS] }).shortages).toEqual([
    { productId: THEIRS, requested: 1, available: 0 },
  ]);
});

test("a seller's stream is told of an order when its part changed, not when only the others' did", () => {
  const notices = new SellerNotices();
  expect(notices.changed('o1', 'PAID', false)).toBe(true);
  expect(notices.changed('o1', 'PAID', false)).toBe(false);
  expect(notices.changed('o1', 'PAID', true)).toBe(true);
  expect(notices.changed('o1', 'FULFILLED', true)).toBe(true);
  expect(notices.changed('o2', 'PAID', false)).toBe(true);
});
