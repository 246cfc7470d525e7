import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporalCliPath } from '../../scripts/stack/paths';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { placePaidAndUnpaidOrders, type PaidAndUnpaid } from './paid-and-unpaid-orders';

const run = promisify(execFile);

interface ListedWorkflow {
  workflowId: string;
  searchAttributes: Record<string, unknown>;
}

let app: AppHarness;
let orders: PaidAndUnpaid;

beforeAll(async () => {
  // A window far longer than the test, so the unpaid order is still CONFIRMED when it is queried.
  app = await startAppHarness({ PAYMENT_WINDOW: '1h' });
  orders = await placePaidAndUnpaidOrders(app);
});
afterAll(() => app?.stop());

/** `temporal workflow list --query ...` exactly as an operator types it, parsed from its JSON output. */
async function listWorkflows(query: string): Promise<ListedWorkflow[]> {
  const { stdout } = await run(
    temporalCliPath(),
    [
      'workflow',
      'list',
      '--address',
      app.config.temporal.address,
      '--namespace',
      app.config.temporal.namespace,
      '--query',
      query,
      '--output',
      'json',
    ],
    { timeout: 15_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const rows = JSON.parse(stdout) as Array<{
    execution: { workflowId: string };
    searchAttributes?: { indexedFields?: Record<string, { data: string }> };
  }>;
  // The CLI prints payloads as they are on the wire: JSON, base64-encoded.
  return rows.map((row) => ({
    workflowId: row.execution.workflowId,
    searchAttributes: Object.fromEntries(
      Object.entries(row.searchAttributes?.indexedFields ?? {}).map(([name, payload]) => [
        name,
        JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')),
      ]),
    ),
  }));
}

const ids = (rows: ListedWorkflow[]) => rows.map((r) => r.workflowId);

test('temporal workflow list finds orders by OrderStatus, CustomerId and OrderTotalCents', async () => {
  const { customerId, paid, unpaid } = orders;
  // Visibility is eventually consistent: wait until both orders are indexed with their current status,
  // so that an order missing from a filtered list below is filtered out, not merely not indexed yet.
  const mine = await eventually(
    () => listWorkflows(`CustomerId='${customerId}'`),
    (rows) =>
      rows.find((r) => r.workflowId === paid.workflowId)?.searchAttributes.OrderStatus === 'PAID' &&
      rows.find((r) => r.workflowId === unpaid.workflowId)?.searchAttributes.OrderStatus === 'CONFIRMED',
    30_000,
  );
  expect(mine.find((r) => r.workflowId === paid.workflowId)?.searchAttributes).toMatchObject({
    OrderStatus: 'PAID',
    CustomerId: customerId,
    OrderTotalCents: 2500,
  });
  expect(mine.find((r) => r.workflowId === unpaid.workflowId)?.searchAttributes).toMatchObject({
    OrderStatus: 'CONFIRMED',
    CustomerId: customerId,
    OrderTotalCents: 1250,
  });

  // Unnarrowed, as an operator looking for every paid order would ask; other tests' orders may be listed too.
  const paidOrders = ids(await listWorkflows(`OrderStatus='PAID'`));
  expect(paidOrders).toContain(paid.workflowId);
  expect(paidOrders).not.toContain(unpaid.workflowId);

  expect(ids(await listWorkflows(`CustomerId='${customerId}' AND OrderTotalCents=2500`))).toEqual([
    paid.workflowId,
  ]);
  expect(ids(await listWorkflows(`CustomerId='${customerId}' AND OrderTotalCents < 2000`))).toEqual([
    unpaid.workflowId,
  ]);
});
