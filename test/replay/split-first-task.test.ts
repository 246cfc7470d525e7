import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { loadConfig } from '../../platform/config';
import { installTemporalRuntime } from '../../platform/temporal';
import { orderSaga } from '../../workflows';
import { getOrder, type OrderSagaInput } from '../../workflows/definitions';
import { withComposedSteps } from '../../activities';
import { untilPasses } from '../support/eventually';
import { createFakeActivities } from '../support/fake-activities';
import { patchesIn } from './history-facts';

installTemporalRuntime('error');
const config = loadConfig();
let connection: Connection;
let client: Client;
let workerConnection: NativeConnection;

beforeAll(async () => {
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
  workerConnection = await NativeConnection.connect({ address: config.temporal.address });
});
afterAll(async () => {
  await connection?.close();
  await workerConnection?.close();
});

const bundle = () =>
  bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });

const input = (): OrderSagaInput => ({
  orderId: randomUUID(),
  customerId: 'split',
  items: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 900, sellerId: 'seller' }],
  totalCents: 900,
  currency: 'EUR',
  createdAt: new Date().toISOString(),
  paymentWindowMs: 60_000,
  payment: { token: 'tok_visa' },
  correlationId: randomUUID(),
  requestId: randomUUID(),
});

/**
 * Runs one paid order whose first workflow task is split: `openOrder` (inside `openAndPay`) holds until the worker has
 * completed that task while it ran, as happens under load. Returns the history.
 */
async function recordSplitPaidOrder(workflowBundle: WorkflowBundleWithSourceMap) {
  const fakes = createFakeActivities();
  let openOrderRunning = () => {};
  const running = new Promise<void>((resolve) => (openOrderRunning = resolve));
  let releaseOpenOrder = () => {};
  const released = new Promise<void>((resolve) => (releaseOpenOrder = resolve));
  const openOrder = fakes.activities.openOrder;
  fakes.activities.openOrder = async (args) => {
    openOrderRunning();
    await released;
    return openOrder(args);
  };
  const taskQueue = `split-${randomUUID()}`;
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle,
    activities: withComposedSteps(fakes.activities),
  });
  return worker.runUntil(async () => {
    const order = input();
    const handle = await client.workflow.start(orderSaga, {
      taskQueue,
      workflowId: `order-${order.orderId}`,
      args: [order],
    });
    await running;
    // A query meanwhile, as the dashboard's order page sends right after placing an order.
    const queried = handle.query(getOrder);
    // The worker completes the task it holds (a heartbeat) once the local activity nears the task
    // timeout (10 s), and goes on in a new one; the rest of the paid path lands in that one.
    await untilPasses(
      async () => expect(completedTasks(await handle.fetchHistory())).toBeGreaterThanOrEqual(1),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    releaseOpenOrder();
    await queried;
    await untilPasses(() => expect(fakes.calls).toContain('status:PAID'));
    // The order waits for shipment: a history up to here is what a restarted worker replays.
    await untilPasses(async () => expect((await handle.query(getOrder)).status).toBe('PAID'));
    const history = await handle.fetchHistory();
    await handle.terminate('test done');
    return history;
  });
}

const completedTasks = (history: temporal.api.history.v1.IHistory) =>
  (history.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length;

/** Workflow tasks completed before the paying local activity's marker: 1 unless the task was split. */
function tasksBeforeThePayment(history: temporal.api.history.v1.IHistory): number {
  let tasks = 0;
  for (const event of history.events ?? []) {
    if (event.workflowTaskCompletedEventAttributes) tasks += 1;
    if (isPaymentMarker(event)) return tasks;
  }
  throw new Error('the history has no payment');
}
const isPaymentMarker = (event: temporal.api.history.v1.IHistoryEvent) => {
  const data = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  return (
    !!data &&
    (JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type === 'openAndPay'
  );
};

const replay = (workflowBundle: WorkflowBundleWithSourceMap, history: temporal.api.history.v1.IHistory) =>
  Worker.runReplayHistory({ workflowBundle, replayName: 'split-first-task' }, history);

/**
 * SDK 1.24 does not tell the activation that resumes after such a split of a patch marker recorded past
 * it, so a `patched()` reached after a local activity could fail its own replay. The 1.0 workflow called
 * no `patched()`; a later change decides its patch first thing (docs/workflow-versioning.md), as
 * `poison-order-rejected` does: its marker lies before the split, and the history still replays.
 */
test('a first workflow task split while its local activity ran (past the task heartbeat) replays', async () => {
  const workflowBundle = await bundle();
  const history = await recordSplitPaidOrder(workflowBundle);
  expect(tasksBeforeThePayment(history)).toBeGreaterThan(1);
  expect(patchesIn({ history, workflowId: '' })).toEqual(['poison-order-rejected']);
  await expect(replay(workflowBundle, history)).resolves.toBeUndefined();
}, 120_000);
