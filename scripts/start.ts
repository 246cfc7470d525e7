import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureWebBuild } from './web-build';
import { ensureWorkflowBundle } from './workflow-bundle';
import { loadConfig, parseConfig, type Config } from '../platform/config';
import { createDb } from '../platform/db';
import { startAppProcess, type AppProcess } from './app-process';
import {
  interrupted,
  InterruptedError,
  MissingToolError,
  runCli,
  StartupError,
  untilSignal,
  watchSignals,
} from './cli';
import { keepRunning, type Slot } from './keep-running';
import { prepareServices } from './prepare-services';
import { seedDemoProducts } from './seed';
import { startApiBalancer } from './stack/cluster/api-balancer';
import { clusterDataDir, kafkaClusterPorts, startClusterStack } from './stack/cluster/profile';
import { HISTORY_SHARDS } from './stack/cluster/temporal-server';
import { temporalCliTlsOptions } from './stack/cluster/temporal-tls';
import { REPLICAS, replicaEnv, replicaPorts } from './stack/cluster/replicas';
import { environmentOf } from './stack/credentials';
import { startStack } from './stack/index';
import { PROJECT_ROOT, temporalCliPath } from './stack/paths';
import { say } from './stack/progress';
import { waitFor } from './stack/wait-for';
import fs from 'node:fs';

// A reader that went away (the terminal closed, a runner killed) must not crash the supervisor before
// it has stopped the servers: that would orphan them.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const APP_PROCESSES = [
  ['payment-gateway', 'workers/payment-gateway.ts'],
  ['order-worker', 'workers/order-worker.ts'],
  ['outbox-relay', 'workers/outbox-relay.ts'],
  ['projector', 'workers/projector.ts'],
  ['notifier', 'workers/notifier.ts'],
  ['api', 'api/server.ts'],
] as const;

/**
 * `npm start`: the servers, then every app process, until Ctrl-C or SIGTERM stops them all in reverse.
 * An app process that crashes after start-up is restarted with backoff.
 */
async function main() {
  const { values } = parseArgs({
    options: { fresh: { type: 'boolean', default: false }, cluster: { type: 'boolean', default: false } },
  });
  let config = loadConfig();
  watchSignals();
  const cluster = values.cluster;
  const dataDir = cluster ? clusterDataDir(config) : path.resolve(PROJECT_ROOT, config.dataDir);
  if (values.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  // The dashboard builds (when its sources changed) while the servers start.
  const webBuild = ensureWebBuild();
  webBuild.catch(() => undefined);
  const stack = await (
    cluster
      ? startClusterStack({ config, dataDir, interrupted })
      : startStack({ config, dataDir, persistent: true, fsync: true, interrupted })
  ).catch((error: Error) => {
    // What went wrong first, then whatever the failing server logged; never a stack trace of ours.
    if (error instanceof InterruptedError || error instanceof MissingToolError) throw error;
    throw new StartupError(
      `${error.message}\nNothing was left running; fix the above and run npm start again.`,
    );
  });
  // Who runs this profile: the rolling restart and the chaos suite find the replicas through it.
  const supervisorFile = path.join(dataDir, 'supervisor.pid');
  fs.writeFileSync(supervisorFile, String(process.pid));
  // The stack's environment names the mail server it started; the banner tells which one it was.
  const mailIsLocal = !config.mail.external;
  const apps: Slot<AppProcess>[] = [];
  let failed = false;
  let restarts: ReturnType<typeof keepRunning> | undefined;
  let balancer: Awaited<ReturnType<typeof startApiBalancer>> | undefined;
  try {
    // NODE_ENV travels explicitly: the app processes run in production unless told (runCli set development).
    const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, NODE_ENV: config.env };
    // The supervisor sets up as the owner and administrator; each app process gets its own credentials.
    config = parseConfig({ ...env, ...stack.credentials.admin });
    const { migrations } = await prepareServices(config);
    say(`migrations applied: ${migrations.length}; topics and search attributes in place`);
    const db = createDb(config.postgres.url);
    say(`demo products seeded: ${await seedDemoProducts(db).finally(() => db.destroy())} new`);

    const bundle = await ensureWorkflowBundle(path.join(dataDir, 'workflow-bundle'));
    say(
      `workflow code ${bundle.built ? 'bundled' : 'unchanged; bundle reused'}: ${path.relative(PROJECT_ROOT, bundle.path)}`,
    );
    env.WORKFLOW_BUNDLE = bundle.path;
    const web = await webBuild;
    say(
      `web dashboard ${web.built ? `built in ${(web.ms / 1000).toFixed(1)} s` : 'unchanged; build reused'}`,
    );
    env.WEB_DIST_DIR = web.dir;

    for (const [name, entry] of APP_PROCESSES) {
      const replicas = cluster && name !== 'payment-gateway' ? REPLICAS : 1;
      for (let n = 1; n <= replicas; n += 1) {
        const own = {
          ...environmentOf(name, env, stack.credentials),
          ...(cluster ? replicaEnv(config, n) : {}),
        };
        const args = cluster ? [`--replica=${n}`] : [];
        const start = async () => startAppProcess(cluster ? `${name}#${n}` : name, entry, own, args);
        apps.push({ name: cluster ? `${name}#${n}` : name, current: await start(), restart: start });
      }
    }
    if (cluster) {
      balancer = await startApiBalancer({
        port: config.api.port,
        replicaPorts: Array.from({ length: REPLICAS }, (_, i) => replicaPorts(config, i + 1).api),
      });
    }
    const crashed = Promise.race(apps.map((app) => app.current.exit.then((code) => ({ app, code }))));
    await Promise.race([
      waitFor('the API', () => ready(`http://127.0.0.1:${config.api.port}/health/ready`), {
        timeoutMs: 120_000,
      }),
      crashed.then(({ app, code }) =>
        Promise.reject(new Error(`${app.name} exited (code ${code}) during start-up`)),
      ),
    ]);
    printBanner(config, mailIsLocal, cluster);
    // From here on a crashed server or app process is restarted; a signal stops the stack, and so does
    // a process that keeps crashing at start-up.
    let giveUp: (reason: string) => void = () => {};
    const givenUp = new Promise<string>((resolve) => (giveUp = resolve));
    restarts = keepRunning([...stack.servers, ...apps], giveUp);
    const reason = await Promise.race([untilSignal(), givenUp.then((why) => ((failed = true), why))]);
    say(`stopping (${reason})...`);
  } finally {
    restarts?.stop();
    await balancer?.stop();
    for (const app of [...apps].reverse()) await app.current.stop();
    await stack.stop();
    fs.rmSync(supervisorFile, { force: true });
    say('stopped');
  }
  if (failed) process.exit(1);
}

async function ready(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/** Every process's Prometheus endpoint, two to a line under the banner's "Metrics". */
function metricsLines(config: Config): string {
  const endpoints = [
    ['api', config.operator.port],
    ['order worker', config.metrics.orderWorker],
    ...(config.api.eagerStart ? [['api (its worker)', config.metrics.apiWorker]] : []),
    ['outbox relay', config.metrics.outboxRelay],
    ['projector', config.metrics.projector],
    ['payment gateway', config.metrics.paymentGateway],
    ['notifier', config.notifier.metricsPort],
  ].map(([name, port]) => `${`http://127.0.0.1:${port}/metrics`.padEnd(32)} ${String(name).padEnd(16)}`);
  const lines = [];
  for (let i = 0; i < endpoints.length; i += 2)
    lines.push(
      endpoints
        .slice(i, i + 2)
        .join(' ')
        .trimEnd(),
    );
  return lines.join('\n                       ');
}

function printBanner(config: Config, mailIsLocal: boolean, cluster: boolean) {
  const apiPort = config.api.port;
  const kafka = kafkaClusterPorts(config).brokers.join(', ');
  const replicas = Array.from({ length: REPLICAS }, (_, i) => replicaPorts(config, i + 1).api).join(', ');
  const here = (file: string) => path.relative(process.cwd(), file) || '.';
  const temporalCli = here(temporalCliPath());
  // One flag and its value per line: the certificate paths are long.
  const operatorFlags = Object.entries(cluster ? temporalCliTlsOptions(here(clusterDataDir(config))) : {})
    .map(([flag, value]) => `${flag} ${value}`)
    .join(' \\\n      ');
  const shape = cluster
    ? `
  Cluster profile: Temporal's frontend, history, matching and worker services on PostgreSQL
  (${HISTORY_SHARDS} history shards), Kafka brokers on ${kafka} (every topic 3 replicas, 2 in sync),
  two replicas of each app process (API replicas on ${replicas} behind ${apiPort}; the second replica's
  metrics ports are the first's plus 10). State in ${config.dataDir}-cluster/.
  Every back end asks who calls: each app process has its own PostgreSQL role, Kafka user and (API,
  order worker) Temporal client certificate; the Web UI is read-only. As the operator:
    ${temporalCli} workflow list --address ${config.temporal.address} \\
      ${operatorFlags}
  Rolling restart: npm run rolling-restart -- --load 5
`
    : '';
  const inbox = mailIsLocal
    ? `http://127.0.0.1:${config.mail.inboxPort}      (every customer e-mail lands here)`
    : `sent through ${new URL(config.mail.smtpUrl).host} (SMTP_URL)`;
  process.stdout.write(`
  Order system is up.
    Dashboard          http://127.0.0.1:${apiPort}/     (sign in as a demo customer, seller or admin)
    API                http://127.0.0.1:${apiPort}      (GET /products to start; reference at /docs)
    Temporal Web UI    http://127.0.0.1:${config.temporal.uiPort}
    Mail inbox         ${inbox}
    Payment gateway    http://127.0.0.1:${config.paymentGateway.port}
    Metrics            ${metricsLines(config)}
    Payload codec      http://127.0.0.1:${config.operator.port}/codec   (the Web UI decrypts workflow payloads through it)

  Try:  TOKEN=$(npm run --silent token -- USER alice --email alice@example.com)
        curl -s http://127.0.0.1:${apiPort}/products
        npm run demo
  Ctrl-C stops everything.${shape}
`);
}

runCli(main);
