import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../platform/config';
import { clusterOperatorConfig } from '../scripts/stack/cluster/profile';
import { PROJECT_ROOT } from '../scripts/stack/paths';

/** Ports of the chaos stack: apart from `npm start`'s and the tests', so it runs beside both. */
const PORTS = {
  PORT: '13200',
  API_METRICS_PORT: '13201',
  ORDER_WORKER_METRICS_PORT: '13202',
  API_WORKER_METRICS_PORT: '13207',
  OUTBOX_RELAY_METRICS_PORT: '13203',
  PROJECTOR_METRICS_PORT: '13204',
  PAYMENT_GATEWAY_METRICS_PORT: '13205',
  PAYMENT_GATEWAY_PORT: '14200',
  PG_PORT: '15633',
  TEMPORAL_PORT: '17433',
  TEMPORAL_UI_PORT: '18433',
  KAFKA_PORT: '19292',
  MAILDEV_SMTP_PORT: '15225',
  MAILDEV_WEB_PORT: '15280',
  NOTIFIER_METRICS_PORT: '15206',
};

export interface ChaosStack {
  config: Config;
  dataDir: string;
  supervisorPid: number;
  /** Everything the supervisor printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A whole `npm start` of its own (servers and app processes, each a process that can be killed), on a
 * fresh data folder, with a short payment window so unpaid orders expire while the suite watches.
 */
export async function startChaosStack(paymentWindow: string, { cluster = false } = {}): Promise<ChaosStack> {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-'));
  // The cluster profile keeps its state beside the default one's (scripts/stack/cluster/profile.ts).
  const dataDir = cluster ? `${baseDir}-cluster` : baseDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...PORTS,
    DATA_DIR: baseDir,
    PAYMENT_WINDOW: paymentWindow,
    // The fault load is one customer's orders at the stack's capacity, many left unpaid on purpose: the
    // per-customer caps against hoarding are not what a fault trial measures (they have tests of their own).
    UNPAID_ORDERS_PER_CUSTOMER: '1000000',
    UNPAID_UNITS_PER_CUSTOMER: '1000000000',
    // Likewise the per-caller rates: the one fault-load customer sends orders, card attempts and a burst
    // of 50 at once far beyond a shopper's share (test/e2e/fair-admission.e2e.test.ts tests those limits).
    ORDER_RATE_PER_CALLER: '1000000/1m',
    ORDER_CARD_ATTEMPTS_PER_CALLER: '1000000/1m',
    ORDER_QUERY_RATE_PER_CALLER: '1000000/1m',
    ORDER_IN_FLIGHT_PER_CALLER: '10000',
  };
  for (const name of [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'KAFKA_BROKERS',
    'API_URL',
    'SMTP_URL',
    'PAYMENT_GATEWAY_URL',
  ])
    delete env[name];
  env.LOG_LEVEL = 'warn';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/start.ts', ...(cluster ? ['--cluster'] : [])],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The cluster profile's first start builds Temporal's server from source: minutes.
  const deadline = Date.now() + (cluster ? 900_000 : 300_000);
  while (!output.includes('Order system is up')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the chaos stack did not start:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const config = parseConfig({
    ...env,
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${PORTS.PG_PORT}/orders`,
  });
  return {
    // The cluster's Kafka and Temporal let only their users in: the suite acts as their operator.
    config: cluster ? clusterOperatorConfig(config) : config,
    dataDir,
    supervisorPid: child.pid!,
    output: () => output,
    async stop() {
      // As a terminal does: the signal to the whole process group.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
