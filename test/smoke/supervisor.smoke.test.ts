import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../api/auth';
import { parseConfig } from '../../platform/config';
import { appProcessesOf, serverPid } from '../../chaos/processes';
import { eventually } from '../support/eventually';
import { spawnForTest } from '../support/spawn-for-test';

const ROOT = path.resolve(__dirname, '..', '..');
// A whole `npm start` of its own, beside the test run's stack and the lifecycle test's ports.
const PORTS = {
  PORT: '13100',
  API_METRICS_PORT: '13101',
  ORDER_WORKER_METRICS_PORT: '13102',
  API_WORKER_METRICS_PORT: '13107',
  OUTBOX_RELAY_METRICS_PORT: '13103',
  PROJECTOR_METRICS_PORT: '13104',
  PAYMENT_GATEWAY_METRICS_PORT: '13105',
  PAYMENT_GATEWAY_PORT: '14100',
  PG_PORT: '15533',
  TEMPORAL_PORT: '17333',
  TEMPORAL_UI_PORT: '18333',
  KAFKA_PORT: '19192',
  MAILDEV_SMTP_PORT: '15125',
  MAILDEV_WEB_PORT: '15180',
  NOTIFIER_METRICS_PORT: '15106',
};

test('an app process and then each server killed after start-up come back by themselves, and orders go on to PAID', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...PORTS, LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'API_URL', 'SMTP_URL'])
    delete env[name];
  env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-'));
  const supervisor = spawnForTest(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  supervisor.stdout!.on('data', (chunk) => (output += chunk));
  supervisor.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => supervisor.once('exit', resolve));
  try {
    await eventually(
      async () => output,
      (text) => text.includes('Order system is up'),
      180_000,
    );
    const worker = appProcessesOf(supervisor.pid!).get('workers/order-worker');
    expect(worker).toBeDefined();

    process.kill(worker!, 'SIGKILL');
    const restarted = await eventually(
      async () => appProcessesOf(supervisor.pid!).get('workers/order-worker'),
      (pid) => pid !== undefined && pid !== worker,
      30_000,
    );
    expect(output).toMatch(/order-worker exited .*restarting in 1 s/);
    // payment gateway, order worker, outbox relay, projector, notifier, API.
    expect(appProcessesOf(supervisor.pid!).size).toBe(6);

    const config = parseConfig(env);
    const api = `http://127.0.0.1:${PORTS.PORT}`;
    const token = await signToken(config.jwt, { subject: 'restart-test', role: 'USER' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { items } = (await (await fetch(`${api}/products`)).json()) as {
      items: { id: string; sku: string }[];
    };
    const mug = items.find((p) => p.sku === 'MUG-01')!;
    const placed = await fetch(`${api}/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ items: [{ productId: mug.id, quantity: 1 }], payment: { token: 'tok_visa' } }),
    });
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    const order = await eventually(
      async () => (await (await fetch(`${api}/orders/${id}`, { headers })).json()) as { status: string },
      (view) => view.status === 'PAID',
      30_000,
    );
    expect(order.status).toBe('PAID');
    expect(appProcessesOf(supervisor.pid!).get('workers/order-worker')).toBe(restarted);

    // The servers too, one at a time, each killed outright: each is back within 30 s, on its own data.
    const recovery: Record<string, string> = {};
    for (const server of ['temporal', 'postgres', 'kafka', 'maildev']) {
      const pid = serverPid(env.DATA_DIR!, server);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await eventually(
        async () => output,
        (text) => new RegExp(`${server} is back`).test(text.slice(text.lastIndexOf(`${server} exited`))),
        30_000,
      );
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      recovery[server] = `${((Date.now() - killedAt) / 1000).toFixed(1)} s`;
    }
    console.log(`killed with SIGKILL, back after: ${JSON.stringify(recovery)}`);
    // The order paid before the kills is still PAID (Temporal kept its history), and a new one goes through.
    const again = async () =>
      (await (await fetch(`${api}/orders/${id}`, { headers })).json()) as { status: string };
    expect((await eventually(again, (view) => view.status === 'PAID', 30_000)).status).toBe('PAID');
    const next = await eventually(
      () =>
        fetch(`${api}/orders`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            items: [{ productId: mug.id, quantity: 1 }],
            payment: { token: 'tok_visa' },
          }),
        }),
      (response) => response.status === 201,
      30_000,
    );
    const { id: nextId } = (await next.json()) as { id: string };
    await eventually(
      async () => (await (await fetch(`${api}/orders/${nextId}`, { headers })).json()) as { status: string },
      (view) => view.status === 'PAID',
      60_000,
    );
  } finally {
    process.kill(-supervisor.pid!, 'SIGTERM');
    await exited;
  }
}, 300_000);
