import { useEffect, useState } from 'react';
import { api, call, type OrderStatus, type Overview } from '../api/client';
import { Countdown, Empty, Loading, Notice, StatusBadge, useAction, useLoad } from '../components/ui';
import { useCatalog } from '../catalog';
import { useLive } from '../live';
import { LiveDot } from './CustomerView';
import { OrdersTable } from './shared';

const STATUSES: OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED', 'PAID', 'FULFILLED', 'CANCELLED'];
/** The pipeline's figures are metrics, not events: read again this often while the page is open. */
const PIPELINE_REFRESH_MS = 5_000;

/** Every order, the flow at a glance, the event pipeline's health, and the payment failure drill. */
export function AdminView() {
  const [filter, setFilter] = useState<{
    status?: OrderStatus;
    customerId?: string;
    from?: string;
    to?: string;
  }>({});
  const overview = useLoad(() => call(api.GET('/admin/overview')), []);
  const products = useCatalog();
  const orders = useLoad(
    () =>
      call(
        api.GET('/orders', {
          params: {
            query: {
              limit: 100,
              ...(filter.status ? { status: filter.status } : {}),
              ...(filter.customerId ? { customerId: filter.customerId } : {}),
              ...(filter.from ? { from: new Date(filter.from).toISOString() } : {}),
              ...(filter.to ? { to: new Date(filter.to).toISOString() } : {}),
            },
          },
        }),
      ).then((r) => r.items),
    [filter],
  );
  const pipeline = useLoad(() => call(api.GET('/admin/pipeline')), []);
  useEffect(() => {
    const timer = setInterval(pipeline.reload, PIPELINE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pipeline.reload]);
  const live = useLive((event) => {
    if (event.type !== 'order') return;
    overview.reload();
    orders.reload();
  });
  const ui = overview.data?.temporalUi;

  return (
    <div className="admin">
      <section className="panel" aria-labelledby="flow-title">
        <div className="panel-head">
          <h2 id="flow-title">Order flow</h2>
          <LiveDot state={live} />
        </div>
        <Notice error={overview.error} />
        {overview.loading && !overview.data && <Loading what="the overview" />}
        {overview.data && (
          <>
            <ul className="stats" aria-label="Orders by status">
              {STATUSES.map((status) => (
                <li key={status} className={`stat stat-${status.toLowerCase()}`}>
                  <span className="stat-value">{overview.data!.countsByStatus[status] ?? 0}</span>
                  <StatusBadge status={status} />
                </li>
              ))}
            </ul>
            <PerMinuteChart points={overview.data.placedPerMinute} />
          </>
        )}
      </section>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="pipeline-title">
          <h2 id="pipeline-title">Event pipeline</h2>
          <Notice error={pipeline.error} />
          {pipeline.loading && !pipeline.data && <Loading what="the pipeline's metrics" />}
          {pipeline.data && (
            <>
              <dl className="metrics">
                {pipeline.data.outboxBacklog.map((b) => (
                  <Metric
                    key={b.table}
                    label={`Outbox backlog, ${b.table.replace(/\.outbox$/, '')}`}
                    value={`${b.rows} rows`}
                  />
                ))}
                <Metric
                  label="Publish lag (commit → Kafka ack, recent mean)"
                  value={ms(pipeline.data.publishLagMs)}
                />
                <Metric label="Publish errors" value={count(pipeline.data.publishErrors)} />
                <Metric label="Projector lag" value={count(pipeline.data.projectorLagMessages, 'messages')} />
                <Metric
                  label="Event → read model (recent mean)"
                  value={ms(pipeline.data.projectorEventLagMs)}
                />
                <Metric
                  label="Dead letters"
                  value={count(pipeline.data.deadLettered)}
                  warn={(pipeline.data.deadLettered ?? 0) > 0}
                />
                <Metric
                  label="E-mails failed"
                  value={count(pipeline.data.emailsFailed)}
                  warn={(pipeline.data.emailsFailed ?? 0) > 0}
                />
              </dl>
              <p className="sources">
                {pipeline.data.sources.map((s) => (
                  <span
                    key={s.process}
                    className={s.up ? 'source up' : 'source down'}
                    title={s.error ?? s.url}
                  >
                    {s.process} {s.up ? 'up' : 'unreachable'}
                  </span>
                ))}
              </p>
            </>
          )}
        </section>
        <Drill />
      </div>
      <section className="panel" aria-labelledby="all-orders-title">
        <div className="panel-head">
          <h2 id="all-orders-title">All orders</h2>
        </div>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter orders">
          <label>
            Status
            <select
              value={filter.status ?? ''}
              onChange={(e) =>
                setFilter({ ...filter, status: (e.target.value || undefined) as OrderStatus | undefined })
              }
            >
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Customer
            <input
              value={filter.customerId ?? ''}
              placeholder="alice"
              onChange={(e) => setFilter({ ...filter, customerId: e.target.value || undefined })}
            />
          </label>
          <label>
            Placed from
            <input
              type="datetime-local"
              value={filter.from ?? ''}
              onChange={(e) => setFilter({ ...filter, from: e.target.value || undefined })}
            />
          </label>
          <label>
            until
            <input
              type="datetime-local"
              value={filter.to ?? ''}
              onChange={(e) => setFilter({ ...filter, to: e.target.value || undefined })}
            />
          </label>
        </form>
        <Notice error={orders.error} />
        {orders.loading && !orders.data && <Loading what="orders" />}
        {orders.data?.length === 0 && <Empty>No orders match.</Empty>}
        {orders.data && orders.data.length > 0 && (
          <OrdersTable
            orders={orders.data}
            products={products.data ?? []}
            showCustomer
            actions={(order) =>
              ui ? (
                <a
                  className="link"
                  href={`${ui.url}/namespaces/${ui.namespace}/workflows/${ui.workflowIdPrefix}${order.id}`}
                  target="_blank"
                  rel="noreferrer"
                  aria-label={`Workflow of order ${order.id} in Temporal`}
                >
                  Temporal ↗
                </a>
              ) : null
            }
          />
        )}
      </section>
    </div>
  );
}

const ms = (value?: number) => (value === undefined ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const count = (value?: number, unit = '') =>
  value === undefined ? '–' : `${value}${unit ? ` ${unit}` : ''}`;

function Metric({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className={warn ? 'metric warn' : 'metric'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Orders placed per minute, the last half hour, as bars. */
function PerMinuteChart({ points }: { points: Overview['placedPerMinute'] }) {
  const max = Math.max(1, ...points.map((p) => p.placed));
  const total = points.reduce((sum, p) => sum + p.placed, 0);
  const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });
  return (
    <figure className="chart">
      <figcaption>
        Orders placed per minute, last {points.length} minutes: {total} in all, at most{' '}
        {total === 0 ? 0 : max} in a minute
      </figcaption>
      <div
        className="bars"
        role="img"
        aria-label={`Orders per minute, oldest first: ${points.map((p) => p.placed).join(', ')}`}
      >
        {points.map((p) => (
          <div key={p.minute} className="bar-slot" title={`${time(p.minute)}: ${p.placed}`}>
            <div className="bar" style={{ height: `${(p.placed / max) * 100}%` }} />
          </div>
        ))}
      </div>
      {points.length > 0 && (
        <div className="bar-axis" aria-hidden="true">
          <span>{time(points[0]!.minute)}</span>
          <span>now</span>
        </div>
      )}
    </figure>
  );
}

/** Makes the payment gateway mock fail or slow down for a while; orders wait, retry, and complete after. */
function Drill() {
  const drill = useLoad(() => call(api.GET('/admin/payment-drill')), []);
  const action = useAction();
  const [mode, setMode] = useState<'fail' | 'slow'>('fail');
  const [seconds, setSeconds] = useState(30);
  const running = drill.data && drill.data.mode !== 'off';
  useEffect(() => {
    if (!drill.data?.until) return;
    const timer = setTimeout(
      drill.reload,
      Math.max(0, new Date(drill.data.until).getTime() - Date.now()) + 250,
    );
    return () => clearTimeout(timer);
  }, [drill.data?.until, drill.reload]);

  const start = (body: { mode: 'fail' | 'slow' | 'off'; seconds?: number }) =>
    action.run(() => call(api.POST('/admin/payment-drill', { body }))).then(drill.reload);

  return (
    <section className="panel" aria-labelledby="drill-title">
      <h2 id="drill-title">Payment failure drill</h2>
      <p className="muted">
        The payment gateway mock refuses or delays every charge for a while. Orders paid meanwhile wait, retry
        and complete on their own once it ends.
      </p>
      <Notice error={action.error ?? drill.error} onClose={action.clear} />
      {running ? (
        <div className="drill-running" role="status">
          <strong>{drill.data!.mode === 'fail' ? 'Gateway down' : 'Gateway slow'}</strong>
          {drill.data!.until && (
            <>
              {' '}
              until {new Date(drill.data!.until).toLocaleTimeString()} (
              <Countdown until={drill.data!.until} />)
            </>
          )}
          <button
            type="button"
            className="secondary"
            disabled={action.busy}
            onClick={() => void start({ mode: 'off' })}
          >
            End drill now
          </button>
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void start({ mode, seconds });
          }}
        >
          <label className="stacked">
            Fault
            <select value={mode} onChange={(e) => setMode(e.target.value as 'fail' | 'slow')}>
              <option value="fail">Fail every charge (503)</option>
              <option value="slow">Slow every charge (3 s)</option>
            </select>
          </label>
          <label className="stacked">
            For (seconds)
            <input
              type="number"
              min={1}
              max={600}
              value={seconds}
              onChange={(e) => setSeconds(Number(e.target.value))}
            />
          </label>
          <button type="submit" className="danger" disabled={action.busy}>
            Start drill
          </button>
        </form>
      )}
    </section>
  );
}
