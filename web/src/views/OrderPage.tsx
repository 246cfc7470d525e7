import { useState } from 'react';
import { api, call, type Order, type Product, type SellerOrder } from '../api/client';
import {
  Countdown,
  formatMoney,
  formatTime,
  Loading,
  Notice,
  shortId,
  StatusBadge,
  useAction,
  useLoad,
} from '../components/ui';
import { useCatalog } from '../catalog';
import { useLive } from '../live';
import type { Session } from '../session';
import { LiveDot } from './CustomerView';
import { amountOf, CARDS } from './shared';

/** The whole order (its owner, an ADMIN), or a SELLER's part of it: its own lines and subtotal. */
type ShownOrder = Order | SellerOrder;

/** One order as its saga sees it, updating by itself: timeline, shipments, and what this person may do. */
export function OrderPage({ orderId, session }: { orderId: string; session: Session }) {
  const order = useLoad(
    () => call(api.GET('/orders/{id}', { params: { path: { id: orderId } } })),
    [orderId],
  );
  const products = useCatalog();
  const overview = useLoad(
    () => (session.person.role === 'ADMIN' ? call(api.GET('/admin/overview')) : Promise.resolve(undefined)),
    [session.person.role],
  );
  const live = useLive((event) => {
    if (event.type === 'order' && event.id === orderId) order.reload();
  });
  const name = (id: string) => products.data?.find((p) => p.id === id)?.name ?? shortId(id);
  const back = { USER: '#/shop', SELLER: '#/seller', ADMIN: '#/admin' }[session.person.role];

  return (
    <article className="order-page" aria-labelledby="order-title">
      <p>
        <a href={back}>← Back</a>
      </p>
      {order.loading && !order.data && <Loading what="the order" />}
      <Notice error={order.error} />
      {order.data && (
        <>
          <header className="order-head">
            <div>
              <h1 id="order-title">Order {shortId(order.data.id)}</h1>
              <p className="muted">
                Placed {formatTime(order.data.createdAt)}
                {'customerId' in order.data ? ` by ${order.data.customerId}` : ' · your lines of this order'}
              </p>
            </div>
            <div className="order-status">
              <StatusBadge status={order.data.status} />
              <LiveDot state={live} />
            </div>
          </header>
          <Explanation order={order.data} name={name} />
          <div className="order-grid">
            <section className="panel" aria-labelledby="lines-title">
              <h2 id="lines-title">Lines</h2>
              <table className="lines-table">
                <tbody>
                  {order.data.items.map((line) => (
                    <tr key={line.productId}>
                      <td>
                        {line.quantity} × {name(line.productId)}
                      </td>
                      <td className="muted">{line.sellerId}</td>
                      <td className="num">
                        {formatMoney(line.unitPriceCents * line.quantity, order.data!.currency)}
                      </td>
                      <td>
                        {shipped(order.data!, line.productId) ? <span className="tag">shipped</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{'subtotalCents' in order.data ? 'My part' : 'Total'}</th>
                    <td />
                    <td className="num">
                      <strong>{formatMoney(amountOf(order.data), order.data.currency)}</strong>
                    </td>
                    <td />
                  </tr>
                </tfoot>
              </table>
              <Actions
                order={order.data}
                session={session}
                products={products.data ?? []}
                onDone={order.reload}
              />
              {overview.data && (
                <p>
                  <a
                    className="button secondary"
                    href={`${overview.data.temporalUi.url}/namespaces/${overview.data.temporalUi.namespace}/workflows/${overview.data.temporalUi.workflowIdPrefix}${order.data.id}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    Open its workflow in Temporal
                  </a>
                </p>
              )}
            </section>
            <section className="panel" aria-labelledby="timeline-title">
              <h2 id="timeline-title">Timeline</h2>
              <ol className="timeline">
                {order.data.timeline.map((entry, i) => (
                  <li key={i}>
                    <StatusBadge status={entry.status} />
                    <span>{entry.note}</span>
                    <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                  </li>
                ))}
              </ol>
              {'step' in order.data && (
                <p className="step">
                  <span className="muted">Now:</span> {order.data.step.replace(/\*\*/g, '')}
                </p>
              )}
            </section>
          </div>
        </>
      )}
    </article>
  );
}

const shipped = (order: ShownOrder, productId: string) =>
  (order.shipments ?? []).some((s) => s.productIds.includes(productId));

function Explanation({ order, name }: { order: ShownOrder; name: (id: string) => string }) {
  if (order.status === 'REJECTED' && order.shortages)
    return (
      <div className="explain bad" role="note">
        <strong>Not enough stock.</strong>{' '}
        {order.shortages
          .map((s) => `${name(s.productId)}: ${s.requested} requested, ${s.available} available`)
          .join('; ')}
        . Nothing was reserved or charged.
      </div>
    );
  if (order.status === 'CONFIRMED' && order.paymentDueAt && 'sellerId' in order)
    return (
      <div className="explain" role="note">
        Your stock for these lines is reserved until the customer pays, by {formatTime(order.paymentDueAt)} (
        <Countdown until={order.paymentDueAt} />
        ); unpaid, it goes back on the shelf.
      </div>
    );
  if (order.status === 'CONFIRMED' && order.paymentDueAt)
    return (
      <div className="explain" role="note">
        Stock is reserved for you. Pay by {formatTime(order.paymentDueAt)} (
        <Countdown until={order.paymentDueAt} />) or the reservation is released.
      </div>
    );
  if (order.status === 'CANCELLED')
    return (
      <div className="explain bad" role="note">
        Cancelled: {order.reason?.replace(/_/g, ' ')}. Reserved stock went back on the shelf
        {order.reason === 'refunded' ? ' and the payment was refunded' : ''}.
      </div>
    );
  return null;
}

function Actions({
  order,
  session,
  products,
  onDone,
}: {
  order: ShownOrder;
  session: Session;
  products: Product[];
  onDone: () => void;
}) {
  const action = useAction();
  const [card, setCard] = useState(CARDS[0]!.token);
  const id = order.id;
  const path = { params: { path: { id } } };
  const role = session.person.role;
  const anyShipped = (order.shipments ?? []).length > 0;
  const mine = order.items.filter(
    (l) => products.find((p) => p.id === l.productId)?.sellerId === session.person.id,
  );
  const myLinesLeft = mine.some((l) => !shipped(order, l.productId));
  const act = (request: () => Promise<unknown>) => action.run(request).then(onDone);

  const canPay = role === 'USER' && order.status === 'CONFIRMED';
  const canCancel =
    (role === 'USER' || role === 'ADMIN') && ['CONFIRMED', 'PAID'].includes(order.status) && !anyShipped;
  const canShip =
    order.status === 'PAID' &&
    ((role === 'SELLER' && myLinesLeft) ||
      (role === 'ADMIN' && order.items.some((l) => !shipped(order, l.productId))));
  if (!canPay && !canCancel && !canShip) return null;

  return (
    <div className="actions-bar">
      <Notice error={action.error} onClose={action.clear} />
      {canPay && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => call(api.POST('/orders/{id}/payment', { ...path, body: { token: card } })));
          }}
        >
          <label className="stacked">
            Card
            <select value={card} onChange={(e) => setCard(e.target.value)}>
              {CARDS.map((c) => (
                <option key={c.token} value={c.token}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            Pay {formatMoney(amountOf(order), order.currency)}
          </button>
        </form>
      )}
      <div className="row">
        {canShip && (
          <button
            type="button"
            className="primary"
            disabled={action.busy}
            onClick={() => void act(() => call(api.POST('/orders/{id}/fulfill', path)))}
          >
            {role === 'SELLER' ? 'Ship my lines' : 'Ship every line left'}
          </button>
        )}
        {canCancel && (
          <button
            type="button"
            className="danger"
            disabled={action.busy}
            onClick={() => void act(() => call(api.POST('/orders/{id}/cancel', path)))}
          >
            Cancel order{order.status === 'PAID' ? ' and refund' : ''}
          </button>
        )}
      </div>
    </div>
  );
}
