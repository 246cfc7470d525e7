import fs from 'node:fs';
import path from 'node:path';
import {
  describeKafkaCluster,
  formatStorage,
  kafkaJava,
  newClusterId,
  writeNodeFiles,
  type KafkaJava,
  type KafkaNodeFiles,
} from '../kafka';
import { startProcess, tail, type ManagedProcess } from '../managed-process';
import { assertPortFree } from '../port';
import { waitFor } from '../wait-for';
import { createKafka, type KafkaSasl } from '../../../platform/kafka';
import { applyKafkaAcls, kafkaGrants } from './kafka-acls';
import {
  ensureKafkaUsers,
  KAFKA_ADMIN,
  kafkaSasl,
  kafkaSecretsFile,
  prepareKafkaPasswords,
  scramFormatArgs,
  type KafkaPasswords,
} from './kafka-users';

export interface KafkaClusterOptions {
  dataDir: string;
  /** The client listener of each node, node 1 first; three of them. */
  brokerPorts: number[];
  /** The controller listener of each node (the quorum's votes), in the same order; three of them. */
  controllerPorts: number[];
  /** The notifier's consumer group (NOTIFIER_GROUP): its user may join that one. */
  notifierGroup: string;
  /** Stops waiting for readiness when start-up is interrupted. */
  interrupted?: () => boolean;
}

/** One node of the cluster, as a supervisor keeps it (scripts/keep-running.ts' Slot). */
export interface KafkaClusterNode {
  readonly name: string;
  current: ManagedProcess;
  /** Starts the node again on its data; resolves once the cluster counts it as a broker again. */
  restart(): Promise<ManagedProcess>;
}

const NODES = 3;
/** Three JVMs on a small machine: each needs about 512 MB of heap for a development load. */
const HEAP = { initialHeap: '128m', maxHeap: '512m' };
const READY_TIMEOUT_MS = 120_000;
const CLUSTER_ID_FILE = 'kafka-cluster.id';
/** How long the last node running gets to stop (see launch) before it is killed. */
const LONE_NODE_GRACE_MS = 2000;

interface NodeSpec {
  name: string;
  nodeId: number;
  port: number;
  controllerPort: number;
  files: KafkaNodeFiles;
  java: KafkaJava;
  logFile: string;
  pidFile: string;
}

/**
 * Runs a three-node KRaft Kafka cluster, every node both broker and controller, with replication factor 3
 * and two in-sync replicas required for acks=all writes: one node may be down without losing a write or
 * refusing one. The nodes start together (the quorum needs two of its three voters) and the promise
 * resolves once every node answers and counts three brokers.
 *
 * Every connection signs in (kafka-users.ts: `admin` and one user per app role, passwords in
 * `<dataDir>/secrets/kafka.json`) and each app user may do only what its role's code does (kafka-acls.ts).
 */
export async function startKafkaCluster(options: KafkaClusterOptions): Promise<KafkaClusterNode[]> {
  const { dataDir, brokerPorts, controllerPorts, notifierGroup, interrupted = () => false } = options;
  if (brokerPorts.length !== NODES || controllerPorts.length !== NODES)
    throw new Error(`a Kafka cluster takes ${NODES} broker ports and ${NODES} controller ports`);
  const ports = [...brokerPorts, ...controllerPorts];
  if (new Set(ports).size !== ports.length)
    throw new Error(`the Kafka cluster's ports must all differ: ${ports.join(', ')}`);
  for (const [i, port] of brokerPorts.entries()) await assertPortFree(port, `Kafka node ${i + 1}`);
  for (const [i, port] of controllerPorts.entries())
    await assertPortFree(port, `the controller of Kafka node ${i + 1}`);

  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const { passwords, created } = prepareKafkaPasswords(dataDir);
  const admin = kafkaSasl(passwords, KAFKA_ADMIN);
  const voters = controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
  const nodes: NodeSpec[] = brokerPorts.map((port, i) => {
    const nodeId = i + 1;
    const name = `kafka-${nodeId}`;
    const controllerPort = controllerPorts[i]!;
    const files = writeNodeFiles(path.join(dataDir, name), {
      nodeId,
      port,
      controllerPort,
      voters,
      replication: { factor: NODES, minInsync: NODES - 1 },
      sasl: { adminPassword: admin.password },
    });
    return {
      name,
      nodeId,
      port,
      controllerPort,
      files,
      java: kafkaJava(files.log4jFile, HEAP),
      logFile: path.join(dataDir, 'logs', `${name}.log`),
      pidFile: path.join(dataDir, `${name}.pid`),
    };
  });
  const clusterId = clusterIdFor(dataDir, nodes);
  const formatted = nodes.find((node) => formattedClusterId(node.files));
  if (created && formatted)
    throw new Error(
      `the Kafka data of ${formatted.name} has users other than those of the new ${kafkaSecretsFile(dataDir)}, ` +
        `or none; remove ${path.join(dataDir, 'kafka-*')} and ${path.join(dataDir, CLUSTER_ID_FILE)} to start the cluster afresh`,
    );
  // Every user exists from the start: the brokers sign in to each other as `admin`.
  const users = scramFormatArgs(passwords);
  await Promise.all(
    nodes.map((node) =>
      formatStorage(node.java, node.files, clusterId, users).catch((error: Error) => {
        throw new Error(`formatting the storage of ${node.name} failed: ${error.message}`);
      }),
    ),
  );

  /** Every node's process, latest first start or restart. */
  const started: ManagedProcess[] = [];
  const launch = (node: NodeSpec, index: number): ManagedProcess => {
    const child = startProcess(node.name, 'java', node.java('kafka.Kafka', node.files.propertiesFile), {
      logFile: node.logFile,
      pidFile: node.pidFile,
    });
    const othersRunning = () => started.some((other, j) => j !== index && !other.exited());
    started[index] = {
      ...child,
      // A node's graceful stop first hands its partitions over through the controller quorum; the last
      // node running has no quorum left and would wait there for minutes, so it gets a short grace.
      stop: (signal, graceMs) =>
        child.stop(
          signal,
          othersRunning() ? graceMs : Math.min(graceMs ?? LONE_NODE_GRACE_MS, LONE_NODE_GRACE_MS),
        ),
    };
    return started[index];
  };
  const lastErrors = new Map<string, string>();
  try {
    nodes.forEach(launch);
    await waitFor(
      'the Kafka cluster',
      async () => {
        await Promise.all(
          nodes.map(async (node) => {
            try {
              await nodeInCluster(node, nodes, admin);
              lastErrors.delete(node.name);
            } catch (error) {
              lastErrors.set(node.name, (error as Error).message);
              throw error;
            }
          }),
        );
      },
      {
        timeoutMs: READY_TIMEOUT_MS,
        aborted: () => started.some((p) => p.exited()) || interrupted(),
      },
    );
  } catch (error) {
    const exited = interrupted() ? -1 : started.findIndex((p) => p.exited());
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    const failing =
      nodes[exited] ?? nodes.find((node) => lastErrors.has(node.name)) ?? nodes[started.length] ?? nodes[0]!;
    const detail = lastErrors.get(failing.name);
    const why =
      exited >= 0
        ? `Kafka cluster: ${failing.name} (port ${failing.port}) exited during start-up${portHint(failing)}`
        : `${(error as Error).message.split('\n')[0]}${detail ? ` (${failing.name}, port ${failing.port}: ${detail})` : ''}`;
    throw new Error(`${why}\n--- ${failing.logFile} ---\n${tail(failing.logFile)}`);
  }
  try {
    await grantAccess({
      dataDir,
      broker: `127.0.0.1:${nodes[0]!.port}`,
      passwords,
      notifierGroup,
      java: nodes[0]!.java,
    });
  } catch (error) {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    throw new Error(`Kafka cluster: setting its users and ACLs failed: ${(error as Error).message}`);
  }

  return nodes.map((node, i) => {
    const slot: KafkaClusterNode = {
      name: node.name,
      current: started[i]!,
      async restart() {
        await slot.current.stop();
        await assertPortFree(node.port, `Kafka node ${node.nodeId}`);
        await assertPortFree(node.controllerPort, `the controller of Kafka node ${node.nodeId}`);
        await formatStorage(node.java, node.files, clusterId, users);
        const fresh = launch(node, i);
        try {
          // Back in the cluster: it and every other node running count it among the brokers.
          const running = () => nodes.filter((other, j) => other === node || !started[j]!.exited());
          await waitFor(
            node.name,
            () => Promise.all(running().map((other) => nodeInCluster(other, [node], admin))),
            {
              timeoutMs: READY_TIMEOUT_MS,
              aborted: () => fresh.exited() || interrupted(),
            },
          );
        } catch (error) {
          const exited = fresh.exited() && !interrupted();
          await fresh.stop('SIGKILL');
          const why = exited
            ? `Kafka node ${node.name} (port ${node.port}) exited while restarting${portHint(node)}`
            : (error as Error).message.split('\n')[0];
          throw new Error(`${why}\n--- ${node.logFile} ---\n${tail(node.logFile)}`);
        }
        slot.current = fresh;
        return fresh;
      },
    };
    return slot;
  });
}

/**
 * Asks `node` itself for the cluster's brokers; succeeds once it answers and lists every one of
 * `expected` (a broker is listed once it has caught up with the metadata and is no longer fenced, which
 * each node learns from the metadata log on its own: they may disagree for a moment).
 */
async function nodeInCluster(node: NodeSpec, expected: NodeSpec[], admin: KafkaSasl): Promise<void> {
  const { brokers } = await describeKafkaCluster([`127.0.0.1:${node.port}`], admin);
  const ids = new Set(brokers.map((b) => b.nodeId));
  const missing = expected.filter((e) => !ids.has(e.nodeId)).map((e) => e.name);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not among the brokers yet`);
}

/** The app users (created when missing) and their ACLs, set by the administrator on a running cluster. */
async function grantAccess({
  dataDir,
  broker,
  passwords,
  notifierGroup,
  java,
}: {
  dataDir: string;
  broker: string;
  passwords: KafkaPasswords;
  notifierGroup: string;
  java: KafkaJava;
}): Promise<void> {
  await ensureKafkaUsers({ dataDir, broker, passwords, java });
  const client = createKafka(
    { brokers: [broker], sasl: kafkaSasl(passwords, KAFKA_ADMIN) },
    'kafka-cluster-setup',
  ).admin();
  await client.connect();
  try {
    await applyKafkaAcls(client, kafkaGrants({ notifierGroup }));
  } finally {
    await client.disconnect();
  }
}

/**
 * The cluster id every node's storage is formatted with: kept in the data directory so that a restart
 * on the same data reuses it, and checked against the nodes already formatted.
 */
function clusterIdFor(dataDir: string, nodes: NodeSpec[]): string {
  const idFile = path.join(dataDir, CLUSTER_ID_FILE);
  const formatted = nodes.flatMap((node) => {
    const id = formattedClusterId(node.files);
    return id ? [{ node, id }] : [];
  });
  const id = fs.existsSync(idFile)
    ? fs.readFileSync(idFile, 'utf8').trim()
    : (formatted[0]?.id ?? newClusterId());
  const stranger = formatted.find((f) => f.id !== id);
  if (stranger)
    throw new Error(
      `the data of ${stranger.node.name} belongs to Kafka cluster ${stranger.id}, not ${id} (${idFile}); ` +
        `remove ${path.join(dataDir, 'kafka-*')} and ${idFile} to start the cluster afresh`,
    );
  fs.writeFileSync(idFile, `${id}\n`);
  return id;
}

function formattedClusterId(files: KafkaNodeFiles): string | undefined {
  const metaFile = path.join(files.logDir, 'meta.properties');
  if (!fs.existsSync(metaFile)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(fs.readFileSync(metaFile, 'utf8'))?.[1]?.trim();
}

/**
 * Why a node could not bind its port, when that port lies in the kernel's range for outgoing connections:
 * any connection on the machine (the nodes' own, to each other and to themselves) may take it first.
 */
function portHint(node: NodeSpec): string {
  const port = Number(/failed to bind to [^:\s]+:(\d+)/.exec(tail(node.logFile, 200))?.[1]);
  if (!port) return '';
  try {
    const [low = 0, high = 0] = fs
      .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (port < low || port > high) return `: port ${port} is in use`;
    return `: port ${port} is in use; it lies in the kernel's range for outgoing connections (${low}-${high}), where any connection may take it, so choose ports below ${low}`;
  } catch {
    return `: port ${port} is in use`;
  }
}
