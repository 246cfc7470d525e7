import type { ReactNode } from 'react';
import type { OrderSummary, Product, SellerOrderSummary } from '../api/client';
import { formatMoney, formatTime, shortId, StatusBadge } from '../components/ui';

/** The payment gateway mock's test cards. */
export const CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242 (approves)' },
  { token: 'tok_slow', label: 'Slow card (approves after a while)' },
  { token: 'tok_flaky', label: 'Flaky network (approves after retries)' },
  { token: 'tok_declined', label: 'Declined card' },
];

export function describeLines(order: Pick<OrderSummary, 'items'>, products: Product[]): string {
  return order.items
    .map(
      (line) =>
        `${line.quantity} × ${products.find((p) => p.id === line.productId)?.name ?? shortId(line.productId)}`,
    )
    .join(', ');
}

/** A whole order, or (to a SELLER) its part of one. */
export type ListedOrder = OrderSummary | SellerOrderSummary;

/** What the order costs the customer, or what a seller's part of it comes to. */
export const amountOf = (order: ListedOrder) =>
  'subtotalCents' in order ? order.subtotalCents : order.totalCents;

/** Orders as rows; each opens its page. Extra columns (customer, actions) come from the caller. */
export function OrdersTable({
  orders,
  products,
  showCustomer = false,
  amountLabel = 'Total',
  actions,
}: {
  orders: ListedOrder[];
  products: Product[];
  showCustomer?: boolean;
  amountLabel?: string;
  actions?: (order: ListedOrder) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="orders-table">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            {showCustomer && <th scope="col">Customer</th>}
            <th scope="col">Items</th>
            <th scope="col" className="num">
              {amountLabel}
            </th>
            <th scope="col">Status</th>
            {actions && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-order-id={order.id}>
              <td>
                <a href={`#/orders/${order.id}`} aria-label={`Order ${order.id}`}>
                  {shortId(order.id)}
                </a>
              </td>
              <td>{formatTime(order.createdAt)}</td>
              {showCustomer && <td>{'customerId' in order ? order.customerId : null}</td>}
              <td>{describeLines(order, products)}</td>
              <td className="num">{formatMoney(amountOf(order), order.currency)}</td>
              <td>
                <StatusBadge status={order.status} />
                {order.reason && <small className="reason">{order.reason.replace(/_/g, ' ')}</small>}
              </td>
              {actions && <td className="actions">{actions(order)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
