import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../platform/config';
import { serverSet, startConfiguredMaildev, type RunningStack } from '../index';
import { childrenOf } from '../child-processes';
import { PROJECT_ROOT } from '../paths';
import { mergeCredentials, NO_CREDENTIALS } from '../credentials';
import { startPostgres } from '../postgres';
import { ensureDatabaseRoles, ensureTemporalServerRole } from '../postgres-roles';
import { withProgress } from '../progress';
import { provisionTools } from '../provision';
import { startKafkaCluster } from './kafka-cluster';
import { kafkaAdminSasl, kafkaCredentials } from './kafka-users';
import { provisionTemporalServer, startTemporalCluster } from './temporal-server';
import { ensureTemporalTls, temporalTlsCredentials, withOperatorTemporalTls } from './temporal-tls';

/** The app processes that run twice in the cluster profile, in the order a rolling restart takes them. */
export const REPLICATED_ENTRIES = [
  'workers/order-worker.ts',
  'workers/outbox-relay.ts',
  'workers/projector.ts',
  'workers/notifier.ts',
  'api/server.ts',
] as const;

/** The cluster profile's state lives beside the default profile's, never mixed with it. */
export const clusterDataDir = (config: Config) => path.resolve(PROJECT_ROOT, `${config.dataDir}-cluster`);

/** Kafka's three nodes: the first broker keeps 9092, the others beside it; controllers 100 above. */
export function kafkaClusterPorts(config: Config) {
  const brokers = [0, 1, 2].map((i) => config.kafka.port + i);
  return { brokers, controllers: brokers.map((p) => p + 100) };
}

/**
 * Environment of the cluster's app processes, beside the stack's: every topic replicated three times
 * and written only when two replicas have it.
 */
export const CLUSTER_TOPIC_ENV = { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' };

/**
 * The servers of the production shape on one machine: PostgreSQL (the app's database and Temporal's
 * two), Temporal's four services and its Web UI, three Kafka nodes, MailDev. Each is a process of its
 * own that the supervisor restarts alone.
 */
export async function startClusterStack({
  config,
  dataDir,
  interrupted,
}: {
  config: Config;
  dataDir: string;
  interrupted: () => boolean;
}): Promise<RunningStack> {
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  await provisionTools();
  await provisionTemporalServer();
  // Made on the first start, reused after: the servers' certificates and the app processes' own.
  const tls = await ensureTemporalTls(dataDir);
  // Each group of starts settles whole; a failure stops every server started so far.
  const { servers, stop, track, together } = serverSet(interrupted);
  const pg = new URL(config.postgres.url);
  let credentials = NO_CREDENTIALS;
  let temporalRole = { user: '', password: '' };
  await together([
    withProgress(`starting PostgreSQL on 127.0.0.1:${config.postgres.port}`, async () => {
      await track('postgres', () =>
        startPostgres({
          dataDir,
          port: config.postgres.port,
          database: 'orders',
          fsync: true,
          interrupted,
        }),
      );
      // The app's roles in `orders` only; Temporal's databases stay as they are.
      credentials = await ensureDatabaseRoles({ superuserUrl: config.postgres.url, dataDir });
      temporalRole = await ensureTemporalServerRole({ superuserUrl: config.postgres.url, dataDir });
    }),
  ]);
  const kafka = kafkaClusterPorts(config);
  await together([
    withProgress(
      `starting Temporal (frontend, history, matching, worker; Web UI) on 127.0.0.1:${config.temporal.port}`,
      async () =>
        servers.push(
          ...(await startTemporalCluster({
            dataDir,
            postgres: { host: pg.hostname, port: Number(pg.port), ...temporalRole },
            superuser: {
              host: pg.hostname,
              port: Number(pg.port),
              user: decodeURIComponent(pg.username),
              password: decodeURIComponent(pg.password),
            },
            frontendPort: config.temporal.port,
            uiPort: config.temporal.uiPort,
            codecEndpoint: `http://127.0.0.1:${config.operator.port}/codec`,
            tls,
            interrupted,
          })),
        ),
    ),
    withProgress(`starting Kafka (three nodes) on 127.0.0.1:${kafka.brokers.join(',')}`, async () =>
      servers.push(
        ...(await startKafkaCluster({
          dataDir,
          brokerPorts: kafka.brokers,
          controllerPorts: kafka.controllers,
          notifierGroup: config.notifier.groupId,
          interrupted,
        })),
      ),
    ),
    startConfiguredMaildev(config, dataDir, interrupted, track),
  ]);
  return {
    env: {
      DATABASE_URL: config.postgres.url,
      TEMPORAL_ADDRESS: config.temporal.address,
      KAFKA_BROKERS: kafka.brokers.map((p) => `127.0.0.1:${p}`).join(','),
      SMTP_URL: config.mail.smtpUrl,
      ...CLUSTER_TOPIC_ENV,
    },
    servers,
    // Each app process its own PostgreSQL role, Kafka user and (where it calls Temporal) certificate.
    credentials: mergeCredentials(credentials, kafkaCredentials(dataDir), temporalTlsCredentials(tls)),
    stop,
  };
}

/**
 * `config` as an operator's tool (chaos, rolling restart, tests) reaches a running cluster profile: as
 * Kafka's administrator and with the operator's certificate for Temporal, both read from its data folder.
 */
export function clusterOperatorConfig(config: Config): Config {
  const dataDir = clusterDataDir(config);
  const withTls = withOperatorTemporalTls(config, dataDir);
  return { ...withTls, kafka: { ...withTls.kafka, sasl: kafkaAdminSasl(dataDir) } };
}

/**
 * `config` for an operator's tool on whichever profile runs here: the cluster's credentials when its
 * supervisor is alive (it asks for them), else `config` as it is (the default profile asks for none).
 */
export function operatorConfig(config: Config): Config {
  const pidFile = path.join(clusterDataDir(config), 'supervisor.pid');
  if (!fs.existsSync(pidFile)) return config;
  try {
    process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 0);
  } catch {
    return config;
  }
  return clusterOperatorConfig(config);
}

/**
 * The replicas a supervisor runs, as `<entry>#<n>` → pid: each is started with `--replica=<n>` after
 * its entry file, which is how a rolling restart or a chaos scenario tells them apart.
 */
export function replicaProcesses(supervisor: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const { pid, cmdline } of childrenOf(supervisor)) {
    const file = cmdline.find((arg) => /(workers\/[\w-]+|api\/server)\.ts$/.test(arg));
    const replica = cmdline.find((arg) => arg.startsWith('--replica='))?.slice('--replica='.length);
    if (file && replica) found.set(`${path.relative(PROJECT_ROOT, file)}#${replica}`, pid);
  }
  return found;
}
