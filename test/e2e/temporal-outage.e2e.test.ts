import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { wasStarted } from '../../api/place-order';
import { startApi } from '../../api/server';
import { parseConfig, type Config } from '../../platform/config';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { connectClient, registerSearchAttributes } from '../../platform/temporal';
import { startTemporal } from '../../scripts/stack/temporal';
import type { ManagedProcess } from '../../scripts/stack/managed-process';
import { databaseOfItsOwn } from '../support/database-of-its-own';
import { createProduct, tokenFor } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http';

// A Temporal server of this test's own, so killing it leaves the other suites theirs; and a database of
// its own to go with it, as its API's reconciler settles every submission against that server (on the
// shared database it removed another suite's order whose first step was waiting on a held row).
const PORT = 27433;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-outage-'));
fs.mkdirSync(path.join(dataDir, 'logs'));
let temporal: ManagedProcess | undefined;
let api: Awaited<ReturnType<typeof startApi>>;
let db: Knex;
let config: Config;

beforeAll(async () => {
  config = parseConfig({
    ...process.env,
    DATABASE_URL: await databaseOfItsOwn('temporal_outage'),
    TEMPORAL_ADDRESS: `127.0.0.1:${PORT}`,
    TEMPORAL_TASK_QUEUE: `orders-${randomUUID()}`,
    ORDER_ADMISSION_MAX_BACKLOG_AGE: '10m',
  });
  db = createDb(config.postgres.url);
  temporal = await startTemporal({ dataDir, port: PORT, uiPort: 28433, persistent: false });
  const client = await connectClient(config);
  await registerSearchAttributes(client.connection, config.temporal.namespace);
  await client.connection.close();
  api = await startApi({ config, logger: createLogger('silent'), port: 0 });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await temporal?.stop();
  await db?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Temporal killed: POST /orders answers 503 with Retry-After within 3 s, and records nothing', async () => {
  const request = httpClient(api.url);
  const seller = await tokenFor(config, 'SELLER', 'outage-seller');
  const customer = await tokenFor(config, 'USER', `outage-${randomUUID()}`);
  const productId = await createProduct(request, seller, 5);
  const body = { items: [{ productId, quantity: 1 }] };
  // While Temporal is up, the order is taken (no worker polls this queue; it stays PENDING).
  expect((await request('POST', '/orders', { token: customer, body })).status).toBeLessThan(300);

  await temporal!.stop('SIGKILL');
  const keysKept: string[] = [];
  for (const attempt of [1, 2, 3]) {
    const key = `outage-${attempt}-${randomUUID()}`;
    const started = Date.now();
    const response = await request('POST', '/orders', {
      token: customer,
      body,
      headers: { 'idempotency-key': key },
    });
    const tookMs = Date.now() - started;
    expect({ attempt, status: response.status }).toEqual({ attempt, status: 503 });
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(tookMs).toBeLessThanOrEqual(3000);
    // Nothing recorded when the start surely failed; a kept key row only where Temporal might have it.
    const rows = await db('orders.submissions').where({ idempotency_key: key });
    if (response.body.idempotencyKey === undefined) expect(rows).toEqual([]);
    else {
      expect(response.body.idempotencyKey).toBe(key);
      keysKept.push(key);
    }
  }

  // Back up (a new, empty server): new orders are taken again, and a kept key completes its one order.
  temporal = await startTemporal({ dataDir, port: PORT, uiPort: 28433, persistent: false });
  const client = await connectClient(config);
  await registerSearchAttributes(client.connection, config.temporal.namespace);
  await client.connection.close();
  await eventually(
    () => request('POST', '/orders', { token: customer, body }),
    (r) => r.status < 300,
    30_000,
  );
  // Each kept key gets settled one way or the other: its start landed on the new server after all (the
  // eager start's client retries on its own, past the API's deadline), or, never started, the reconciler
  // removes its row 30 s after it was written. Either way nothing half-made stays: no row without a
  // saga; and the same key then completes exactly one order.
  const newServer = await connectClient(config);
  try {
    for (const key of keysKept)
      await eventually(
        async () => {
          const row = await db('orders.submissions').where({ idempotency_key: key }).first();
          if (!row) return 'removed';
          return (await wasStarted(newServer, row.order_id)) === 'yes' ? 'started' : 'unsettled';
        },
        (state) => state !== 'unsettled',
        60_000,
      );
  } finally {
    await newServer.connection.close();
  }
  for (const key of keysKept) {
    const again = await request('POST', '/orders', {
      token: customer,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBeLessThan(300);
    expect(await db('orders.submissions').where({ idempotency_key: key })).toHaveLength(1);
  }
}, 150_000);
