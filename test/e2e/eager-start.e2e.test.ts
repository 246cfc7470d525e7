import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { eagerWorkerIdentity } from '../../api/eager-start';
import { startApi } from '../../api/server';
import { parseConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { workflowIdFor } from '../../workflows/definitions';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

let app: AppHarness;

beforeAll(async () => {
  app = await startAppHarness();
}, 120_000);
afterAll(() => app?.stop());

/** Places a paid order through the API at `apiUrl`; who started and completed its first workflow task. */
async function firstTaskOf(apiUrl: string) {
  const request = httpClient(apiUrl);
  const seller = await tokenFor(app.config, 'SELLER', `eager-seller-${randomUUID()}`);
  const productId = await createProduct(request, seller, 5);
  const placed = await request('POST', '/orders', {
    token: await tokenFor(app.config, 'USER', `eager-${randomUUID()}`),
    body: { items: [{ productId, quantity: 1 }], payment: { token: 'tok_visa' } },
  });
  expect(placed.status).toBe(201);
  await eventually(
    () => app.db('orders.orders').where({ id: placed.body.id }).first('status'),
    (row) => row?.status === 'PAID',
    30_000,
  );
  const connection = await Connection.connect({ address: app.config.temporal.address });
  try {
    const handle = new Client({ connection }).workflow.getHandle(workflowIdFor(placed.body.id));
    // PAID is recorded by a local activity inside the first task, so the row can read PAID a moment
    // before that task's completion reaches the history: wait for the completion itself.
    const history = await eventually(
      () => handle.fetchHistory(),
      (h) => (h.events ?? []).some((e) => e.workflowTaskCompletedEventAttributes),
      30_000,
    );
    const events = history.events ?? [];
    return {
      startedBy: events.find((e) => e.workflowTaskStartedEventAttributes)?.workflowTaskStartedEventAttributes
        ?.identity,
      completedBy: events.find((e) => e.workflowTaskCompletedEventAttributes)
        ?.workflowTaskCompletedEventAttributes?.identity,
      // A task handed over in the start's reply that no worker ran would time out and be scheduled again.
      timedOut: events.filter((e) => e.workflowTaskTimedOutEventAttributes).length,
    };
  } finally {
    await connection.close();
  }
}

test('the API starts each saga eagerly: its own worker takes and completes the first workflow task, and the order is PAID', async () => {
  expect(await firstTaskOf(app.apiUrl)).toEqual({
    startedBy: eagerWorkerIdentity(),
    completedBy: eagerWorkerIdentity(),
    timedOut: 0,
  });
});

test('with API_EAGER_START=off the first task goes through the task queue to the order worker', async () => {
  const config = { ...app.config, api: { ...app.config.api, eagerStart: false } };
  const api = await startApi({ config, logger: createLogger('warn'), port: 0 });
  try {
    // The harness's order worker runs in this process under the SDK's default name.
    const defaultName = `${process.pid}@${os.hostname()}`;
    expect(await firstTaskOf(api.url)).toEqual({
      startedBy: defaultName,
      completedBy: defaultName,
      timedOut: 0,
    });
  } finally {
    await api.stop();
  }
});

test('a bad API_EAGER_START is refused in one readable line', () => {
  expect(() => parseConfig({ API_EAGER_START: 'sometimes' })).toThrow(/API_EAGER_START/);
});
