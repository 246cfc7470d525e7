import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createDb } from '../../platform/db';
import { connectClient } from '../../platform/temporal';
import { orderSaga } from '../../workflows';
import { workflowIdFor } from '../../workflows/definitions';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { createProduct, tokenFor } from '../support/fixtures';
import { httpClient } from '../support/http';

const HOLD_MS = Number(process.env.HOLD_ROW_MS ?? 20_000);
let app: AppHarness;
let temporal: Client;
beforeAll(async () => {
  app = await startAppHarness();
  temporal = await connectClient(app.config);
}, 120_000);
afterAll(async () => {
  await temporal?.connection.close();
  await app?.stop();
});

/**
 * An order whose saga started just before the row was taken: the API refuses orders for a row held
 * at the time they arrive (test/e2e/busy-product.e2e.test.ts), so this one is started as the API
 * would, after the API's look at the row, which is the order this test is about.
 */
async function orderThatGotPastTheDoor(customerId: string, productId: string): Promise<string> {
  const orderId = randomUUID();
  await app.db('orders.submissions').insert({
    customer_id: customerId,
    idempotency_key: orderId,
    request_hash: 'past-the-door',
    order_id: orderId,
  });
  await temporal.workflow.start(orderSaga, {
    workflowId: workflowIdFor(orderId),
    taskQueue: app.config.temporal.taskQueue,
    args: [
      {
        orderId,
        customerId,
        items: [{ productId, quantity: 1, unitPriceCents: 1000 }],
        totalCents: 1000,
        currency: 'EUR',
        createdAt: new Date().toISOString(),
        paymentWindowMs: 60 * 60_000,
        payment: { token: 'tok_visa' },
        correlationId: randomUUID(),
        requestId: randomUUID(),
      },
    ],
  });
  return orderId;
}

test(
  'a product row held FOR UPDATE by another session: at most one session waits for it, and the order completes after release',
  async () => {
    const request = httpClient(app.apiUrl);
    const seller = await tokenFor(app.config, 'SELLER', 'lock-holder-seller');
    const customerId = `lock-${randomUUID()}`;
    const customer = await tokenFor(app.config, 'USER', customerId);
    const productId = await createProduct(request, seller, 10);

    // Someone else's long transaction (an operator's console, a stuck job) holds the row, with no limits.
    const other = createDb(app.config.postgres.url, {
      max: 1,
      limits: { lockTimeoutMs: 0, statementTimeoutMs: 0, idleInTransactionMs: 0 },
    });
    const holder = await other.transaction();
    try {
      await holder('inventory.products').where({ id: productId }).forUpdate();
      const [{ pid: holderPid }] = (await holder.raw('select pg_backend_pid() as pid')).rows;

      const id = await orderThatGotPastTheDoor(customerId, productId);

      // 20 s of holding (HOLD_ROW_MS to hold longer, e.g. 300000 for five minutes): several lock_timeouts
      // of the reservation's attempts, and the retries between them.
      let mostWaiting = 0;
      // Who waited, whenever more than one session did: the failure message then says which they were.
      let crowd: unknown[] = [];
      let sawAWait = false;
      const until = Date.now() + HOLD_MS;
      while (Date.now() < until) {
        // Waiters queue behind each other on a row, so count every session the holder blocks, directly or not.
        const { rows } = await app.db.raw(
          `with recursive blocked(pid) as (
           select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))
           union
           select a.pid from pg_stat_activity a join blocked b on b.pid = any(pg_blocking_pids(a.pid))
         ) select count(*)::int as n from blocked`,
          [holderPid],
        );
        if (rows[0].n > 1 && crowd.length === 0)
          crowd = (
            await app.db.raw(
              `select pid, application_name, state, left(query, 160) as query, xact_start, pg_blocking_pids(pid) as blockers
                 from pg_stat_activity where cardinality(pg_blocking_pids(pid)) > 0`,
            )
          ).rows;
        mostWaiting = Math.max(mostWaiting, rows[0].n);
        sawAWait ||= rows[0].n > 0;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(sawAWait).toBe(true);
      expect({ mostWaiting, crowd }).toEqual({ mostWaiting: 1, crowd: [] });
      expect((await request('GET', `/orders/${id}`, { token: customer })).body.status).toBe('PENDING');

      await holder.commit();
      await eventually(
        () => request('GET', `/orders/${id}`, { token: customer }),
        (r) => r.body.status === 'PAID',
        30_000,
      );
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
      await other.destroy();
    }
  },
  HOLD_MS + 70_000,
);
