import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Client as PgClient } from 'pg';
import { TOPICS } from '../../contracts/events';
import { parseConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { temporalConnectionOptions } from '../../platform/temporal';
import { serverPid } from '../../chaos/processes';
import { clusterOperatorConfig, kafkaClusterPorts } from '../../scripts/stack/cluster/profile';
import { kafkaSasl, readKafkaPasswords } from '../../scripts/stack/cluster/kafka-users';
import { temporalCliTlsOptions } from '../../scripts/stack/cluster/temporal-tls';
import { temporalCliPath } from '../../scripts/stack/paths';
import { databaseCredentials, databasePasswords } from '../../scripts/stack/postgres-roles';
import { eventually } from '../support/eventually';
import { spawnForTest } from '../support/spawn-for-test';

/**
 * `npm start -- --cluster` as a user runs it: Temporal's own server on PostgreSQL (four services),
 * three Kafka brokers, two replicas of every app process. Its first run builds Temporal's server from
 * source (minutes; cached in .tools/ afterwards).
 */
const ROOT = path.resolve(__dirname, '..', '..');
// Beside the test run's stack and the ports of the supervisor, process-metrics and chaos stacks (the
// replicas take the app ports plus 10 and 20).
const PORTS = {
  PORT: '13500',
  API_METRICS_PORT: '13501',
  ORDER_WORKER_METRICS_PORT: '13502',
  OUTBOX_RELAY_METRICS_PORT: '13503',
  PROJECTOR_METRICS_PORT: '13504',
  PAYMENT_GATEWAY_METRICS_PORT: '13505',
  API_WORKER_METRICS_PORT: '13507',
  PAYMENT_GATEWAY_PORT: '14500',
  PG_PORT: '15833',
  TEMPORAL_PORT: '17633',
  TEMPORAL_UI_PORT: '18633',
  KAFKA_PORT: '19492',
  MAILDEV_SMTP_PORT: '15425',
  MAILDEV_WEB_PORT: '15480',
  NOTIFIER_METRICS_PORT: '15406',
};

const env: NodeJS.ProcessEnv = { ...process.env, ...PORTS, LOG_LEVEL: 'warn' };
for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'API_URL', 'SMTP_URL'])
  delete env[name];
const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-'));
env.DATA_DIR = baseDir;
const dataDir = `${baseDir}-cluster`;
const config = parseConfig({ ...env, NODE_ENV: 'development' });
const brokers = kafkaClusterPorts(config).brokers.map((p) => `127.0.0.1:${p}`);
// As an operator reaches the running cluster: Kafka's administrator, the operator's certificate for
// Temporal (both made by the first start, so read once it is up).
const operator = () => clusterOperatorConfig(config);
const temporalAsOperator = () => Connection.connect(temporalConnectionOptions(operator().temporal));

/** The `temporal` CLI's exit code and output (it never throws). */
function temporalCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(temporalCliPath(), args, { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, output: `${stdout}${stderr}` }),
    ),
  );
}

// One describe around everything: its afterAll (the stack stopped as a terminal does, and waited for)
// runs before the shared one of test/support/end-spawned.ts, which would give it only 20 s.
describe('npm start -- --cluster', () => {
  let output = '';
  let exited: Promise<unknown>;
  let supervisor: ReturnType<typeof spawnForTest>;
  beforeAll(async () => {
    supervisor = spawnForTest(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--cluster'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout!.on('data', (chunk) => (output += chunk));
    supervisor.stderr!.on('data', (chunk) => (output += chunk));
    exited = new Promise((resolve) => supervisor.once('exit', resolve));
    await eventually(
      async () => {
        if (supervisor.exitCode !== null)
          throw new Error(`the cluster profile exited:\n${output.slice(-4000)}`);
        return output;
      },
      (text) => text.includes('Order system is up'),
      1_200_000,
    );
  }, 1_260_000);

  afterAll(async () => {
    // As a terminal does: the signal to the whole process group; nothing may stay behind.
    if (supervisor?.exitCode === null) process.kill(-supervisor.pid!, 'SIGINT');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(baseDir, { recursive: true, force: true });
  }, 120_000);

  test('Temporal runs on PostgreSQL (persistence and visibility) with at least 4 history shards', async () => {
    const connection = await temporalAsOperator();
    try {
      const info = await connection.workflowService.getClusterInfo({});
      expect(info.persistenceStore).toMatch(/postgres/);
      expect(info.visibilityStore).toMatch(/postgres/);
      expect(info.historyShardCount).toBeGreaterThanOrEqual(4);
    } finally {
      await connection.close();
    }
  });

  test('Kafka: three brokers; every topic with replication factor 3 and min.insync.replicas 2', async () => {
    const admin = createKafka(operator().kafka, 'cluster-test').admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(3);
      const names = (await admin.listTopics()).filter((t) => t !== '__cluster_metadata');
      for (const topic of [...Object.values(TOPICS), '__consumer_offsets']) expect(names).toContain(topic);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      for (const topic of topics)
        for (const partition of topic.partitions)
          expect({ topic: topic.name, replicas: partition.replicas.length }).toEqual({
            topic: topic.name,
            replicas: 3,
          });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['min.insync.replicas'],
        })),
      });
      for (const resource of resources)
        expect({ topic: resource.resourceName, minIsr: resource.configEntries[0]?.configValue }).toEqual({
          topic: resource.resourceName,
          minIsr: '2',
        });
    } finally {
      await admin.disconnect();
    }
  });

  test('two order-worker processes poll the orders task queue; the read-models group has two members', async () => {
    const connection = await temporalAsOperator();
    try {
      await eventually(
        async () =>
          connection.workflowService.describeTaskQueue({
            namespace: config.temporal.namespace,
            taskQueue: { name: config.temporal.taskQueue },
            taskQueueType: 1, // workflow tasks
          }),
        // The API replicas' eager-start workers poll too: at least the two order workers among them.
        (queue) =>
          new Set(queue.pollers.map((p) => p.identity).filter((id) => !/api/.test(id ?? ''))).size >= 2,
        60_000,
      );
    } finally {
      await connection.close();
    }
    const admin = createKafka(operator().kafka, 'cluster-test').admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      const readModels = groups.find((g) => g.startsWith('read-models'))!;
      expect(readModels).toBeDefined();
      const { groups: described } = await admin.describeGroups([readModels]);
      expect(described[0]!.members.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.disconnect();
    }
  });

  test("Kafka refuses a client without credentials, and the projector's user writing a domain topic", async () => {
    const anonymous = new Kafka({
      brokers,
      clientId: 'anonymous',
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 2000,
    }).admin();
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();

    const projector = createKafka(
      { brokers, sasl: kafkaSasl(readKafkaPasswords(dataDir), 'projector') },
      'cluster-test-projector',
    );
    // The projector reads the orders topic (its metadata is visible to it) but may not write it.
    const producer = projector.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await expect(
        producer.send({ topic: TOPICS.orders, messages: [{ key: 'forged', value: '{}' }] }),
      ).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    } finally {
      await producer.disconnect();
    }
  });

  test("the temporal CLI lists workflows only with a client certificate (the operator's)", async () => {
    const address = ['--address', config.temporal.address, '--namespace', config.temporal.namespace];
    const list = ['workflow', 'list', '--limit', '1', ...address];
    const plain = await temporalCli(list);
    expect(plain.code).not.toBe(0);
    // TLS with the right CA but no certificate of its own: the frontend asks for one and gets none.
    const { '--tls-cert-path': cert, '--tls-key-path': key, ...caOnly } = temporalCliTlsOptions(dataDir);
    const noCertificate = await temporalCli([...list, ...Object.entries(caOnly).flat()]);
    expect(noCertificate.code).not.toBe(0);
    const withCertificate = { ...caOnly, '--tls-cert-path': cert!, '--tls-key-path': key! };
    const asOperator = await temporalCli([...list, ...Object.entries(withCertificate).flat()]);
    expect(asOperator).toEqual({ code: 0, output: expect.any(String) });
  });

  test("a process connected as another's PostgreSQL role cannot write that role's tables, nor reach Temporal's", async () => {
    const roles = databaseCredentials(config.postgres.url, databasePasswords(dataDir));
    // Each: as whom, what it may do (so the refusal is not a failed sign-in), what it may not.
    const cases = [
      {
        as: 'projector',
        may: 'select 1 from read_models.order_summaries limit 1',
        mayNot: [
          'update inventory.products set on_hand = on_hand where false',
          'update orders.orders set status = status where false',
        ],
      },
      {
        as: 'order-worker',
        may: 'select 1 from inventory.products limit 1',
        mayNot: [
          'update read_models.order_summaries set status = status where false',
          'update notifications.emails set status = status where false',
        ],
      },
      {
        as: 'notifier',
        may: 'select 1 from notifications.emails limit 1',
        mayNot: [
          'update read_models.order_summaries set status = status where false',
          'select 1 from orders.orders',
        ],
      },
      {
        as: 'outbox-relay',
        may: 'select 1 from orders.outbox limit 1',
        mayNot: ['insert into orders.orders (id) select null where false', 'select 1 from payments.payments'],
      },
      {
        as: 'payment-gateway',
        may: 'select 1 from payment_gateway.charges limit 1',
        mayNot: ['select 1 from orders.orders', 'update payments.payments set status = status where false'],
      },
    ] as const;
    // Temporal's server has a role of its own, and no app role may even connect to its databases.
    const toTemporal = new URL(roles.forRole('api').DATABASE_URL!);
    toTemporal.pathname = '/temporal';
    const intruder = new PgClient({ connectionString: toTemporal.toString() });
    await expect(intruder.connect()).rejects.toMatchObject({ code: '42501' });
    await intruder.end().catch(() => undefined);
    const admin = new PgClient({ connectionString: config.postgres.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ usename: string }>(
        `select distinct usename from pg_stat_activity where datname in ('temporal', 'temporal_visibility')`,
      );
      expect(rows).toEqual([{ usename: 'temporal_server' }]);
    } finally {
      await admin.end();
    }
    for (const { as, may, mayNot } of cases) {
      const client = new PgClient({ connectionString: roles.forRole(as).DATABASE_URL });
      await client.connect();
      try {
        await client.query(may);
        for (const statement of mayNot)
          await expect(client.query(statement)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    }
  });

  test('the demo passes every saga path while a Kafka broker is killed mid-way', async () => {
    const demo = spawnForTest(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let demoOutput = '';
    demo.stdout!.on('data', (chunk) => (demoOutput += chunk));
    demo.stderr!.on('data', (chunk) => (demoOutput += chunk));
    const done = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    process.kill(serverPid(dataDir, 'kafka-2'), 'SIGKILL');
    const code = await done;
    expect({ code, tail: code === 0 ? '' : demoOutput.slice(-3000) }).toEqual({ code: 0, tail: '' });
    // The supervisor brought the broker back.
    await eventually(
      async () => output,
      (text) => /kafka-2 is back/.test(text),
      120_000,
    );
  }, 300_000);
});
