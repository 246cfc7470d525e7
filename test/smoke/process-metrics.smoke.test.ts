import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { signToken } from '../../api/auth';
import { parseConfig } from '../../platform/config';
import { createScratchDatabase } from '../../platform/db';
import { eventually } from '../support/eventually';
import { metricNamesIn, readDashboard } from '../support/observability-config';
import { spawnForTest } from '../support/spawn-for-test';

const ROOT = path.resolve(__dirname, '..', '..');
/** The app processes of an `npm start` of their own, on the test run's servers (given by environment). */
const PORTS = {
  PORT: '13400',
  PAYMENT_GATEWAY_PORT: '14400',
  API_METRICS_PORT: '13401',
  ORDER_WORKER_METRICS_PORT: '13402',
  API_WORKER_METRICS_PORT: '13407',
  OUTBOX_RELAY_METRICS_PORT: '13403',
  PROJECTOR_METRICS_PORT: '13404',
  PAYMENT_GATEWAY_METRICS_PORT: '13405',
  NOTIFIER_METRICS_PORT: '13406',
};

/** One Prometheus sample's value, summed over the series whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`));
    if (has) total += Number(match[3]);
  }
  return total;
}
const scrape = async (port: string) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

test('every process serves Prometheus metrics on its own port, and one paid order moves the counters of each', async () => {
  // A database of its own (the stack migrates it): relays share a database's outbox shards, so on the
  // run's database another suite's relay could publish this order's events and this relay's counters
  // would never move.
  const database = await createScratchDatabase(process.env.DATABASE_URL!, 'metrics', { migrate: false });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...PORTS,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    // A task queue of its own: this stack's worker takes only this test's orders.
    TEMPORAL_TASK_QUEUE: `metrics-${randomUUID()}`,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'process-metrics-')),
  };
  delete env.API_URL;
  const stack = spawnForTest(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  stack.stdout!.on('data', (chunk) => (output += chunk));
  stack.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  try {
    await eventually(
      async () => output,
      (text) => text.includes('Order system is up'),
      120_000,
    );
    for (const port of Object.values(PORTS).slice(2)) expect(output).toContain(`127.0.0.1:${port}/metrics`);
    // The workflow code was bundled ahead of time, and the SDK's own info logs stay out of the output.
    expect(output).toMatch(/workflow code (bundled|unchanged; bundle reused)/);
    expect(output).not.toMatch(/modules by path|Worker state changed/);

    const config = parseConfig(env);
    const api = `http://127.0.0.1:${PORTS.PORT}`;
    const as = async (role: 'USER' | 'SELLER', subject: string) => ({
      authorization: `Bearer ${await signToken(config.jwt, { subject, role })}`,
      'content-type': 'application/json',
    });
    const created = await fetch(`${api}/products`, {
      method: 'POST',
      headers: await as('SELLER', 'metrics-seller'),
      body: JSON.stringify({
        sku: `MET-${randomUUID()}`,
        name: 'Metered',
        priceCents: 900,
        currency: 'EUR',
        onHand: 5,
      }),
    });
    const { id: productId } = (await created.json()) as { id: string };
    const customer = await as('USER', `metrics-${randomUUID()}`);
    const placed = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: customer,
      body: JSON.stringify({ items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } }),
    });
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    await eventually(
      async () =>
        ((await (await fetch(`${api}/orders/${id}`, { headers: customer })).json()) as { status: string })
          .status,
      (status) => status === 'PAID',
      30_000,
    );
    // An order paid later: the payment is an update whose workflow task is queued (on the sticky queue
    // of the worker that ran the first), so the schedule-to-start latency the dashboard shows moves too.
    const later = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: customer,
      body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
    });
    expect(later.status).toBe(201);
    const { id: laterId } = (await later.json()) as { id: string };
    const statusOf = async (orderId: string) =>
      ((await (await fetch(`${api}/orders/${orderId}`, { headers: customer })).json()) as { status: string })
        .status;
    await eventually(
      () => statusOf(laterId),
      (status) => status === 'CONFIRMED',
      30_000,
    );
    const payment = await fetch(`${api}/orders/${laterId}/payment`, {
      method: 'POST',
      headers: customer,
      body: JSON.stringify({ token: 'tok_visa' }),
    });
    expect(payment.status).toBeLessThan(300);
    await eventually(
      () => statusOf(laterId),
      (status) => status === 'PAID',
      30_000,
    );

    const apiMetrics = await scrape(PORTS.API_METRICS_PORT);
    expect(sample(apiMetrics, 'orders_saga_starts_total')).toBeGreaterThanOrEqual(1);
    expect(
      sample(apiMetrics, 'http_request_duration_seconds_count', { route: '/orders/' }),
    ).toBeGreaterThanOrEqual(1);

    // Two order workers serve the SDK's metrics: the API's own, which takes the sagas it starts
    // eagerly, and the order worker process, which polls the queue for any task the API's does not take.
    const worker = await scrape(PORTS.API_WORKER_METRICS_PORT);
    const orderWorker = await scrape(PORTS.ORDER_WORKER_METRICS_PORT);
    const bothWorkers = (name: string, labels: Record<string, string> = {}) =>
      sample(worker, name, labels) + sample(orderWorker, name, labels);
    expect(sample(worker, 'temporal_num_pollers')).toBeGreaterThanOrEqual(1);
    expect(sample(orderWorker, 'temporal_num_pollers')).toBeGreaterThanOrEqual(1);
    expect(bothWorkers('temporal_workflow_task_execution_latency_count')).toBeGreaterThanOrEqual(1);
    expect(
      bothWorkers('temporal_local_activity_execution_latency_count', { activity_type: 'openAndPay' }),
    ).toBeGreaterThanOrEqual(1);

    const gateway = await scrape(PORTS.PAYMENT_GATEWAY_METRICS_PORT);
    expect(sample(gateway, 'gateway_charges_total', { outcome: 'approved' })).toBeGreaterThanOrEqual(1);

    // The relay published the order's events and the projector applied them (both trail the saga a little).
    const relay = await eventually(
      () => scrape(PORTS.OUTBOX_RELAY_METRICS_PORT),
      (text) => sample(text, 'outbox_published_total', { topic: 'orders.v1' }) >= 3,
    );
    expect(sample(relay, 'outbox_publish_lag_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(relay).toMatch(/^outbox_backlog\{table="orders.outbox"\} \d+$/m);
    expect(sample(relay, 'outbox_owned_shards')).toBeGreaterThan(0);
    const projector = await eventually(
      () => scrape(PORTS.PROJECTOR_METRICS_PORT),
      (text) =>
        sample(text, 'projector_events_applied_total', { type: 'order.paid' }) +
          sample(text, 'projector_events_duplicate_total', { type: 'order.paid' }) >=
        1,
      30_000,
    );
    expect(sample(projector, 'projector_event_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(projector).toMatch(/^projector_consumer_lag\{topic="orders.v1",partition="\d+"\} \d+$/m);

    const notifier = await scrape(PORTS.NOTIFIER_METRICS_PORT);

    // Every metric the Grafana dashboard queries is one these processes serve.
    const served = [apiMetrics, worker, orderWorker, gateway, relay, projector, notifier].join('\n');
    const queried = readDashboard().panels.flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) => metricNamesIn(target.expr ?? '')),
    );
    expect(queried.length).toBeGreaterThan(10);
    expect([...new Set(queried)].filter((name) => !served.includes(name))).toEqual([]);
    expect(notifier).toContain('notifier_emails');
  } finally {
    process.kill(-stack.pid!, 'SIGTERM');
    await exited;
    await database.drop();
  }
}, 240_000);
