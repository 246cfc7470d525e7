import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../platform/db';
import { connectClient } from '../platform/temporal';
import { orderSaga } from '../workflows';
import { workflowIdFor } from '../workflows/definitions';
import type { ChaosStack } from './chaos-stack';
import type { InvariantResult } from './invariants';
import type { Outcome } from './mixed-load';
import { heldRowResults } from './held-row';
import { appProcessesOf, serverPid } from './processes';
import { TOPICS } from '../contracts/events';
import { createKafka } from '../platform/kafka';
import { replicaProcesses } from '../scripts/stack/cluster/profile';

export interface ScenarioContext {
  stack: ChaosStack;
  db: Db;
  apiUrl: string;
  customerToken: string;
  productIds: string[];
  /** Every answer of the running load so far (see chaos/mixed-load.ts). */
  outcomes: Outcome[];
}

export interface Scenario {
  name: string;
  /** What is done to the system, for the results table. */
  fault: string;
  /** Injects the fault and resolves when it is over (the process killed, the lock released, …). */
  inject(ctx: ScenarioContext): Promise<void>;
  /** Checks of this scenario's own, beside the shared oracle. */
  check?(ctx: ScenarioContext): Promise<InvariantResult[]>;
  /** The stack it is for: the default single-node one (unset), or the cluster profile (`--cluster`). */
  cluster?: true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function killApp({ stack }: ScenarioContext, app: string) {
  const pid = appProcessesOf(stack.supervisorPid).get(app);
  if (!pid) throw new Error(`${app} is not running`);
  process.kill(pid, 'SIGKILL');
}

/** Frozen, not killed: connections are accepted and never answered, the harshest kind of slow. */
async function freeze(pid: number, ms: number) {
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** Resolves as soon as a reservation commits: inside an opening step, before its workflow heard of it. */
async function nextReservation(ctx: ScenarioContext) {
  const newest = async () =>
    (await ctx.db('inventory.reservations').max({ at: 'created_at' }).first())?.at as Date | null;
  const before = (await newest())?.getTime() ?? 0;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && ((await newest())?.getTime() ?? 0) <= before) await sleep(5);
}

let idempotencyOrder: { key: string; statuses: number[]; ids: string[] } | undefined;
/** How long the row-lock scenario runs its load before it takes the lock. */
const HELD_ROW_BASELINE_MS = 30_000;
let heldRow: { from: number; to: number } | undefined;
let invalidOrders: Array<{ status: string; reason?: string; ms: number }> = [];

/**
 * Sagas started behind the API's back (which would refuse them with a 422), each with a customer id
 * PostgreSQL refuses: a NUL (the order row, 22021) or an unpaired surrogate (its events' JSON, 22P02),
 * every other one placed with its payment. Each must end REJECTED with reason invalid_order.
 */
async function startInvalidOrders({ stack, productIds }: ScenarioContext, count: number) {
  const client = await connectClient(stack.config);
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const orderId = randomUUID();
        const started = Date.now();
        const handle = await client.workflow.start(orderSaga, {
          workflowId: workflowIdFor(orderId),
          taskQueue: stack.config.temporal.taskQueue,
          args: [
            {
              orderId,
              customerId: `chaos-invalid${i % 2 ? '\u0000' : '\ud800'}`,
              items: [{ productId: productIds[i % productIds.length]!, quantity: 1, unitPriceCents: 1000 }],
              totalCents: 1000,
              currency: 'EUR',
              createdAt: new Date().toISOString(),
              paymentWindowMs: 60_000,
              ...(i % 4 < 2 ? { payment: { token: 'tok_visa' } } : {}),
              correlationId: randomUUID(),
              requestId: randomUUID(),
            },
          ],
        });
        const view = await handle.result();
        return { status: view.status, reason: view.reason, ms: Date.now() - started };
      }),
    );
  } finally {
    await client.connection.close();
  }
}

/** SIGKILL to one replica of an app process of the cluster profile; its supervisor restarts it. */
function killReplica({ stack }: ScenarioContext, entry: string, n: number) {
  const pid = replicaProcesses(stack.supervisorPid).get(`${entry}#${n}`);
  if (!pid) throw new Error(`${entry} replica ${n} is not running`);
  process.kill(pid, 'SIGKILL');
}

/** The broker leading partition 0 of the orders topic, where every order's events go first. */
async function busiestLeader({ stack }: ScenarioContext): Promise<number> {
  const admin = createKafka(stack.config.kafka, 'chaos').admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPICS.orders] });
    return topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
  } finally {
    await admin.disconnect();
  }
}

/** What replication makes survivable, each under load: run with `npm run chaos -- --cluster`. */
export const CLUSTER_SCENARIOS: Scenario[] = [
  {
    name: 'kafka-broker',
    fault:
      "the Kafka broker leading the orders topic's first partition killed (SIGKILL); restarted on its log",
    cluster: true,
    async inject(ctx) {
      const node = await busiestLeader(ctx);
      process.kill(serverPid(ctx.stack.dataDir, `kafka-${node}`), 'SIGKILL');
    },
  },
  {
    name: 'order-worker-replica',
    fault: 'one order-worker replica killed (SIGKILL); the other polls on',
    cluster: true,
    inject: async (ctx) => killReplica(ctx, 'workers/order-worker.ts', 1),
  },
  {
    name: 'api-replica',
    fault:
      'one API replica killed (SIGKILL) with requests in flight; the balancer sends new ones to the other',
    cluster: true,
    inject: async (ctx) => killReplica(ctx, 'api/server.ts', 1),
  },
  {
    name: 'temporal-history',
    fault: "Temporal's history service killed (SIGKILL); restarted",
    cluster: true,
    inject: async ({ stack }) => process.kill(serverPid(stack.dataDir, 'temporal-history'), 'SIGKILL'),
  },
  {
    name: 'temporal-frontend',
    fault: "Temporal's frontend service killed (SIGKILL); restarted",
    cluster: true,
    inject: async ({ stack }) => process.kill(serverPid(stack.dataDir, 'temporal-frontend'), 'SIGKILL'),
  },
];

export const SCENARIOS: Scenario[] = [
  {
    name: 'order-worker',
    fault: 'order worker killed (SIGKILL) mid-load; the supervisor restarts it',
    inject: async (ctx) => killApp(ctx, 'workers/order-worker'),
  },
  {
    name: 'order-worker-down-10s',
    fault: 'order worker unresponsive for 10 s (SIGSTOP), then killed (SIGKILL) and restarted',
    async inject(ctx) {
      const pid = appProcessesOf(ctx.stack.supervisorPid).get('workers/order-worker');
      if (!pid) throw new Error('the order worker is not running');
      process.kill(pid, 'SIGSTOP');
      await sleep(10_000);
      process.kill(pid, 'SIGKILL');
    },
  },
  {
    name: 'order-worker-after-reservation',
    fault: 'order worker killed (SIGKILL) right after a reservation commits',
    async inject(ctx) {
      await nextReservation(ctx);
      killApp(ctx, 'workers/order-worker');
    },
  },
  {
    // The API starts sagas eagerly and runs their first workflow task in its own worker (api/eager-start.ts).
    name: 'api-after-reservation',
    fault:
      'API, with the workflow tasks its own worker runs, killed (SIGKILL) right after a reservation commits',
    async inject(ctx) {
      await nextReservation(ctx);
      killApp(ctx, 'api/server');
    },
  },
  {
    name: 'temporal',
    fault: 'Temporal killed (SIGKILL); restarted on the same database file',
    inject: async ({ stack }) => process.kill(serverPid(stack.dataDir, 'temporal'), 'SIGKILL'),
  },
  {
    name: 'postgres',
    fault: 'PostgreSQL killed (SIGKILL, an immediate stop); restarted',
    inject: async ({ stack }) => process.kill(serverPid(stack.dataDir, 'postgres'), 'SIGKILL'),
  },
  {
    name: 'kafka-killed',
    fault: 'Kafka killed (SIGKILL); restarted on its same log directory',
    inject: async ({ stack }) => process.kill(serverPid(stack.dataDir, 'kafka'), 'SIGKILL'),
  },
  {
    name: 'kafka',
    fault: 'Kafka unavailable for 60 s (frozen with SIGSTOP), then back',
    inject: ({ stack }) => freeze(serverPid(stack.dataDir, 'kafka'), 60_000),
  },
  {
    name: 'payment-gateway',
    fault: 'payment gateway unresponsive for 30 s (SIGSTOP: calls hang past the 30 s charge timeout)',
    inject: ({ stack }) => {
      const pid = appProcessesOf(stack.supervisorPid).get('workers/payment-gateway');
      if (!pid) throw new Error('the payment gateway is not running');
      return freeze(pid, 30_000);
    },
  },
  {
    name: 'row-lock',
    fault: `a product row held FOR UPDATE by another session for 60 s (after ${HELD_ROW_BASELINE_MS / 1000} s of load without it)`,
    async inject({ stack, productIds }) {
      // The same load without the held row first: the yardstick for the other products' latency.
      await sleep(HELD_ROW_BASELINE_MS);
      const other = createDb(stack.config.postgres.url, {
        max: 1,
        limits: { lockTimeoutMs: 0, statementTimeoutMs: 0, idleInTransactionMs: 0 },
      });
      const holder = await other.transaction();
      try {
        await holder('inventory.products').where({ id: productIds[0]! }).forUpdate();
        heldRow = { from: Date.now(), to: Number.NaN };
        await sleep(60_000);
      } finally {
        await holder.rollback();
        if (heldRow) heldRow.to = Date.now();
        await other.destroy();
      }
    },
    check: (ctx) => heldRowResults(ctx, heldRow!),
  },
  {
    name: 'outbox-relay',
    fault: 'outbox relay killed (SIGKILL) mid-batch; the supervisor restarts it',
    inject: async (ctx) => killApp(ctx, 'workers/outbox-relay'),
  },
  {
    name: 'projector',
    fault: 'projector killed (SIGKILL) mid-batch; the supervisor restarts it',
    inject: async (ctx) => killApp(ctx, 'workers/projector'),
  },
  {
    name: 'idempotency',
    fault: '50 concurrent POST /orders with one Idempotency-Key',
    async inject({ apiUrl, customerToken, productIds }) {
      const key = `chaos-${randomUUID()}`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${apiUrl}/orders`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${customerToken}`,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body: JSON.stringify({
              items: [{ productId: productIds[1]!, quantity: 1 }],
              payment: { token: 'tok_visa' },
            }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } })),
        ),
      );
      idempotencyOrder = {
        key,
        statuses: responses.map((r) => r.status),
        ids: responses.flatMap((r) => (r.body.id ? [r.body.id] : [])),
      };
    },
    async check({ db }) {
      const { key, statuses, ids } = idempotencyOrder!;
      const rows = await db('orders.submissions').where({ idempotency_key: key });
      const distinct = new Set(ids);
      const ok = rows.length === 1 && distinct.size === 1 && statuses.every((s) => s < 300);
      return [
        {
          name: 'one Idempotency-Key, one order',
          ok,
          detail: `${statuses.filter((s) => s < 300).length}/50 answered 2xx, ${distinct.size} order id(s), ${rows.length} submission row(s)`,
        },
      ];
    },
  },
  {
    name: 'invalid-orders',
    fault: '20 sagas started behind the API with a customer id PostgreSQL refuses (NUL, unpaired surrogate)',
    async inject(ctx) {
      invalidOrders = await startInvalidOrders(ctx, 20);
    },
    async check() {
      const rejected = invalidOrders.filter((o) => o.status === 'REJECTED' && o.reason === 'invalid_order');
      const slowest = Math.max(...invalidOrders.map((o) => o.ms));
      return [
        {
          name: 'an invalid order ends REJECTED (invalid_order) within seconds',
          ok: invalidOrders.length === 20 && rejected.length === 20 && slowest < 10_000,
          detail: `${rejected.length}/${invalidOrders.length} REJECTED (invalid_order), the slowest in ${slowest} ms`,
        },
      ];
    },
  },
];
