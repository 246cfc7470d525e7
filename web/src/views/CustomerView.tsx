import { useState } from 'react';
import { api, call, type Product } from '../api/client';
import { Empty, formatMoney, Loading, Notice, useAction, useLoad } from '../components/ui';
import { useCatalog } from '../catalog';
import { useLive } from '../live';
import { go } from '../router';
import type { Session } from '../session';
import { CARDS, OrdersTable } from './shared';

/** The shop: the catalog with live availability, a cart, and the customer's own orders. */
export function CustomerView({ session }: { session: Session }) {
  const products = useCatalog();
  const orders = useLoad(
    () => call(api.GET('/orders', { params: { query: { limit: 20 } } })).then((r) => r.items),
    [session.person.id],
  );
  const live = useLive((event) =>
    event.type === 'catalog' ? products.changed(event.productIds) : orders.reload(),
  );
  const [cart, setCart] = useState<Record<string, number>>({});

  const add = (product: Product) =>
    setCart((c) => ({ ...c, [product.id]: Math.min((c[product.id] ?? 0) + 1, product.available) }));

  return (
    <div className="shop">
      <section className="panel catalog" aria-labelledby="catalog-title">
        <div className="panel-head">
          <h2 id="catalog-title">Catalog</h2>
          <LiveDot state={live} />
        </div>
        <Notice error={products.error} />
        {products.loading && !products.data && <Loading what="the catalog" />}
        {products.data?.length === 0 && <Empty>No products yet. A seller adds them.</Empty>}
        <ul className="products">
          {products.data?.map((product) => (
            <li key={product.id} className="product" data-sku={product.sku}>
              <div>
                <strong>{product.name}</strong>
                <small className="muted">{product.sku}</small>
              </div>
              <div className="price">{formatMoney(product.priceCents, product.currency)}</div>
              <div
                className={product.available > 0 ? 'stock' : 'stock out'}
                aria-label={`${product.available} available`}
              >
                {product.available > 0 ? `${product.available} available` : 'Sold out'}
              </div>
              <button
                type="button"
                onClick={() => add(product)}
                disabled={product.available <= (cart[product.id] ?? 0)}
                aria-label={`Add ${product.name} to cart`}
              >
                Add
              </button>
            </li>
          ))}
        </ul>
      </section>
      <Cart cart={cart} setCart={setCart} products={products.data ?? []} />
      <section className="panel orders" aria-labelledby="my-orders-title">
        <div className="panel-head">
          <h2 id="my-orders-title">My orders</h2>
        </div>
        <Notice error={orders.error} />
        {orders.loading && !orders.data && <Loading what="your orders" />}
        {orders.data?.length === 0 && <Empty>You have not ordered anything yet.</Empty>}
        {orders.data && orders.data.length > 0 && (
          <OrdersTable orders={orders.data} products={products.data ?? []} />
        )}
      </section>
    </div>
  );
}

function Cart({
  cart,
  setCart,
  products,
}: {
  cart: Record<string, number>;
  setCart: (cart: Record<string, number>) => void;
  products: Product[];
}) {
  const [payNow, setPayNow] = useState(true);
  const [card, setCard] = useState<string>(CARDS[0]!.token);
  const action = useAction();
  const lines = Object.entries(cart)
    .filter(([, quantity]) => quantity > 0)
    .map(([productId, quantity]) => ({
      product: products.find((p) => p.id === productId),
      productId,
      quantity,
    }));
  const currency = lines[0]?.product?.currency ?? 'EUR';
  const total = lines.reduce((sum, l) => sum + (l.product?.priceCents ?? 0) * l.quantity, 0);

  const place = () =>
    action.run(async () => {
      const order = await call(
        api.POST('/orders', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {
            items: lines.map(({ productId, quantity }) => ({ productId, quantity })),
            ...(payNow ? { payment: { token: card } } : {}),
          },
        }),
      );
      setCart({});
      go(`/orders/${order.id}`);
    });

  return (
    <section className="panel cart" aria-labelledby="cart-title">
      <h2 id="cart-title">Cart</h2>
      {lines.length === 0 ? (
        <Empty>Your cart is empty. Add something from the catalog.</Empty>
      ) : (
        <>
          <ul className="lines">
            {lines.map(({ product, productId, quantity }) => (
              <li key={productId}>
                <span>{product?.name ?? productId}</span>
                <input
                  type="number"
                  min={0}
                  max={1000}
                  value={quantity}
                  aria-label={`Quantity of ${product?.name ?? productId}`}
                  onChange={(e) => setCart({ ...cart, [productId]: Math.max(0, Number(e.target.value)) })}
                />
                <span className="amount">{formatMoney((product?.priceCents ?? 0) * quantity, currency)}</span>
              </li>
            ))}
          </ul>
          <p className="total">
            Total <strong>{formatMoney(total, currency)}</strong>
          </p>
          <fieldset className="pay">
            <legend>Payment</legend>
            <label>
              <input type="radio" name="when" checked={payNow} onChange={() => setPayNow(true)} /> Pay now
            </label>
            <label>
              <input type="radio" name="when" checked={!payNow} onChange={() => setPayNow(false)} /> Pay later
              (within the payment window)
            </label>
            {payNow && (
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
            )}
          </fieldset>
          <Notice error={action.error} onClose={action.clear} />
          <button type="button" className="primary wide" disabled={action.busy} onClick={() => void place()}>
            {action.busy ? 'Placing…' : 'Place order'}
          </button>
        </>
      )}
    </section>
  );
}

export function LiveDot({ state }: { state: 'connecting' | 'live' | 'offline' }) {
  const text = { connecting: 'connecting', live: 'live', offline: 'reconnecting' }[state];
  return (
    <span className={`live live-${state}`} role="status" aria-label={`Live updates: ${text}`}>
      <span className="dot" aria-hidden="true" /> {text}
    </span>
  );
}
