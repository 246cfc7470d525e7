import { useState } from 'react';
import { api, call, type Product } from '../api/client';
import { Empty, formatMoney, Loading, Notice, useAction, useLoad } from '../components/ui';
import { useCatalog } from '../catalog';
import { useLive } from '../live';
import type { Session } from '../session';
import { LiveDot } from './CustomerView';
import { OrdersTable } from './shared';

/** A seller's products with their stock, a form for new ones, and the orders with their products. */
export function SellerView({ session }: { session: Session }) {
  const me = session.person.id;
  const products = useCatalog();
  const [tab, setTab] = useState<'ship' | 'all'>('ship');
  const orders = useLoad(
    () =>
      call(
        api.GET('/orders', {
          params: {
            query: tab === 'ship' ? { status: 'PAID', shipped: 'false', limit: 100 } : { limit: 100 },
          },
        }),
      ).then((r) => r.items),
    [tab],
  );
  const live = useLive((event) =>
    event.type === 'catalog' ? products.changed(event.productIds) : orders.reload(),
  );
  const mine = (products.data ?? []).filter((p) => p.sellerId === me);
  const ship = useAction();

  return (
    <div className="seller">
      <section className="panel" aria-labelledby="products-title">
        <div className="panel-head">
          <h2 id="products-title">My products</h2>
          <LiveDot state={live} />
        </div>
        <Notice error={products.error} />
        {products.loading && !products.data && <Loading what="your products" />}
        {products.data && mine.length === 0 && (
          <Empty>You sell nothing yet. Create your first product below.</Empty>
        )}
        {mine.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    On hand
                  </th>
                  <th scope="col" className="num">
                    Reserved
                  </th>
                  <th scope="col" className="num">
                    Available
                  </th>
                  <th scope="col">Restock</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((product) => (
                  <tr key={product.id} data-sku={product.sku}>
                    <td>
                      <strong>{product.name}</strong> <small className="muted">{product.sku}</small>
                    </td>
                    <td className="num">{formatMoney(product.priceCents, product.currency)}</td>
                    <td className="num">{product.onHand}</td>
                    <td className="num">{product.reserved}</td>
                    <td className={product.available > 0 ? 'num' : 'num out'}>{product.available}</td>
                    <td>
                      <Restock product={product} onDone={products.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CreateProduct onDone={products.reload} />
      </section>
      <section className="panel" aria-labelledby="seller-orders-title">
        <div className="panel-head">
          <h2 id="seller-orders-title">Orders with my products</h2>
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'ship'} onClick={() => setTab('ship')}>
              Waiting to ship
            </button>
            <button type="button" role="tab" aria-selected={tab === 'all'} onClick={() => setTab('all')}>
              All
            </button>
          </div>
        </div>
        <Notice error={orders.error ?? ship.error} onClose={ship.clear} />
        {orders.loading && !orders.data && <Loading what="orders" />}
        {orders.data?.length === 0 && (
          <Empty>
            {tab === 'ship'
              ? 'Nothing to ship: every paid order with your products has left.'
              : 'No orders with your products yet.'}
          </Empty>
        )}
        {orders.data && orders.data.length > 0 && (
          <OrdersTable
            orders={orders.data}
            products={products.data ?? []}
            amountLabel="My part"
            actions={(order) =>
              order.status === 'PAID' && tab === 'ship' ? (
                <button
                  type="button"
                  className="primary small"
                  disabled={ship.busy}
                  aria-label={`Ship order ${order.id}`}
                  onClick={() =>
                    void ship
                      .run(() =>
                        call(api.POST('/orders/{id}/fulfill', { params: { path: { id: order.id } } })),
                      )
                      .then(orders.reload)
                  }
                >
                  Ship
                </button>
              ) : null
            }
          />
        )}
      </section>
    </div>
  );
}

function Restock({ product, onDone }: { product: Product; onDone: () => void }) {
  const [quantity, setQuantity] = useState(10);
  const action = useAction();
  return (
    <form
      className="row compact"
      onSubmit={(e) => {
        e.preventDefault();
        void action
          .run(() =>
            call(
              api.POST('/products/{id}/restock', {
                params: { path: { id: product.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
                body: { quantity },
              }),
            ),
          )
          .then(onDone);
      }}
    >
      <input
        type="number"
        min={1}
        value={quantity}
        onChange={(e) => setQuantity(Number(e.target.value))}
        aria-label={`Units to add to ${product.name}`}
      />
      <button type="submit" className="small" disabled={action.busy}>
        Add
      </button>
      {action.error && (
        <span className="field-error" role="alert">
          {action.error}
        </span>
      )}
    </form>
  );
}

function CreateProduct({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ sku: '', name: '', price: '', currency: 'EUR', onHand: '10' });
  const action = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <form
      className="create-product"
      aria-labelledby="create-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action
          .run(() =>
            call(
              api.POST('/products', {
                body: {
                  sku: form.sku,
                  name: form.name,
                  priceCents: Math.round(Number(form.price) * 100),
                  currency: form.currency,
                  onHand: Number(form.onHand),
                },
              }),
            ),
          )
          .then((ok) => {
            if (!ok) return;
            setForm({ sku: '', name: '', price: '', currency: form.currency, onHand: '10' });
            onDone();
          });
      }}
    >
      <h3 id="create-title">New product</h3>
      <div className="fields">
        <label>
          SKU
          <input value={form.sku} onChange={set('sku')} required placeholder="MUG-02" />
        </label>
        <label>
          Name
          <input value={form.name} onChange={set('name')} required placeholder="Stoneware mug" />
        </label>
        <label>
          Price
          <input
            value={form.price}
            onChange={set('price')}
            required
            inputMode="decimal"
            placeholder="12.90"
          />
        </label>
        <label>
          Currency
          <input value={form.currency} onChange={set('currency')} required maxLength={3} />
        </label>
        <label>
          On hand
          <input type="number" min={0} value={form.onHand} onChange={set('onHand')} required />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          Create
        </button>
      </div>
      <Notice error={action.error} onClose={action.clear} />
    </form>
  );
}
