import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSasl } from '../../platform/kafka';
import { startProcess, tail, type ManagedProcess } from './managed-process';
import { kafkaLibDir } from './paths';
import { assertPortFree } from './port';
import { runCommand } from './run-command';
import { waitFor } from './wait-for';

export interface KafkaOptions {
  /** Stops waiting for readiness when start-up is interrupted. */
  interrupted?: () => boolean;
  dataDir: string;
  port: number;
}

/** Runs a single-node KRaft Kafka broker from the jars fetched into `.tools/`. */
export async function startKafka(options: KafkaOptions): Promise<ManagedProcess> {
  const controllerPort = options.port + 1;
  await assertPortFree(options.port, 'Kafka');
  await assertPortFree(controllerPort, 'the Kafka controller');
  const node = writeNodeFiles(path.join(options.dataDir, 'kafka'), {
    nodeId: 1,
    port: options.port,
    controllerPort,
    voters: `1@127.0.0.1:${controllerPort}`,
    // A single node: internal topics must not ask for more replicas than exist.
    replication: { factor: 1, minInsync: 1 },
  });
  const java = kafkaJava(node.log4jFile, { initialHeap: '256m', maxHeap: '768m' });
  await formatStorage(java, node, newClusterId());
  const logFile = path.join(options.dataDir, 'logs', 'kafka.log');
  const broker = startProcess('kafka', 'java', java('kafka.Kafka', node.propertiesFile), {
    logFile,
    pidFile: path.join(options.dataDir, 'kafka.pid'),
  });
  try {
    await waitFor('Kafka', () => kafkaReady([`127.0.0.1:${options.port}`]), {
      timeoutMs: 90_000,
      aborted: () => broker.exited() || (options.interrupted?.() ?? false),
    });
  } catch (error) {
    await broker.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  return broker;
}

export async function kafkaReady(brokers: string[], sasl?: KafkaSasl): Promise<void> {
  await describeKafkaCluster(brokers, sasl);
}

/** The cluster as the given brokers describe it, asked once, without retries: a readiness probe. */
export async function describeKafkaCluster(brokers: string[], sasl?: KafkaSasl) {
  const admin = new Kafka({
    brokers,
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  }).admin();
  await admin.connect();
  try {
    return await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/** What one KRaft node (`process.roles=broker,controller`) needs to know about itself and its quorum. */
export interface KafkaNodeSettings {
  nodeId: number;
  port: number;
  controllerPort: number;
  /** `controller.quorum.voters`: `1@127.0.0.1:9093` or `1@...,2@...,3@...`. */
  voters: string;
  /** Replicas of new topics and of the internal ones, and the in-sync replicas a write with acks=all needs. */
  replication: { factor: number; minInsync: number };
  /**
   * Listeners that require a user (the cluster profile): SCRAM-SHA-512 for clients and between brokers,
   * PLAIN between brokers and controllers (KRaft's controllers take no SCRAM), ACLs enforced, `admin` the
   * only super user. Unset: PLAINTEXT, no users, no ACLs.
   */
  sasl?: { adminPassword: string };
}

export interface KafkaNodeFiles {
  propertiesFile: string;
  log4jFile: string;
  /** `log.dirs`: formatted once, then reused by every start. */
  logDir: string;
}

/** Writes a node's server.properties and log4j.properties under `home` (its data in `home/data`). */
export function writeNodeFiles(home: string, settings: KafkaNodeSettings): KafkaNodeFiles {
  const logDir = path.join(home, 'data');
  fs.mkdirSync(home, { recursive: true });
  const propertiesFile = path.join(home, 'server.properties');
  // It may hold the administrator's password (the listeners' JAAS settings): the owner's alone.
  fs.writeFileSync(propertiesFile, serverProperties(settings, logDir), { mode: 0o600 });
  fs.chmodSync(propertiesFile, 0o600);
  const log4jFile = path.join(home, 'log4j.properties');
  fs.writeFileSync(log4jFile, LOG4J);
  return { propertiesFile, log4jFile, logDir };
}

export type KafkaJava = (mainClass: string, ...args: string[]) => string[];

/** The JVM arguments for one of the Kafka jars' main classes (the broker, the storage tool). */
export function kafkaJava(
  log4jFile: string,
  { initialHeap, maxHeap }: { initialHeap: string; maxHeap: string },
): KafkaJava {
  return (mainClass, ...args) => [
    `-Xms${initialHeap}`,
    `-Xmx${maxHeap}`,
    '-XX:+UseG1GC',
    '-XX:TieredStopAtLevel=1',
    `-Dlog4j.configuration=file:${log4jFile}`,
    '-cp',
    `${kafkaLibDir()}/*`,
    mainClass,
    ...args,
  ];
}

/** A KRaft cluster id: 22 characters, as `kafka-storage random-uuid` prints. */
export function newClusterId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 22);
}

/**
 * Formats a node's storage with `clusterId` unless it already holds a formatted log directory.
 * `extraArgs` go to the storage tool's `format` (`--add-scram ...`: users that exist from the start).
 */
export async function formatStorage(
  java: KafkaJava,
  node: KafkaNodeFiles,
  clusterId: string,
  extraArgs: string[] = [],
): Promise<void> {
  if (fs.existsSync(path.join(node.logDir, 'meta.properties'))) return;
  await runCommand(
    'java',
    java('kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', node.propertiesFile, ...extraArgs),
  );
}

function serverProperties(node: KafkaNodeSettings, logDir: string) {
  const { factor, minInsync } = node.replication;
  return `process.roles=broker,controller
node.id=${node.nodeId}
controller.quorum.voters=${node.voters}
${node.sasl ? saslListeners(node, node.sasl.adminPassword) : plaintextListeners(node)}
log.dirs=${logDir}
num.partitions=3
auto.create.topics.enable=false
default.replication.factor=${factor}
min.insync.replicas=${minInsync}
unclean.leader.election.enable=false
# Without enough replicas for the internal topics, consumer groups never find a coordinator.
offsets.topic.replication.factor=${factor}
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=${factor}
transaction.state.log.min.isr=${minInsync}
group.initial.rebalance.delay.ms=0
`;
}

const LOG4J = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
`;

function plaintextListeners(node: KafkaNodeSettings) {
  return `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT`;
}

/**
 * The CLIENT listener takes SCRAM-SHA-512 users (kept in the cluster's metadata); the brokers talk to
 * each other there as `admin`. The CONTROLLER listener takes PLAIN with `admin` its only user, declared
 * in this file: no one reaches the quorum without the administrator's password.
 */
function saslListeners(node: KafkaNodeSettings, adminPassword: string) {
  const admin = `username="admin" password="${adminPassword}"`;
  return `listeners=CLIENT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}
advertised.listeners=CLIENT://127.0.0.1:${node.port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required ${admin};
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${admin} user_admin="${adminPassword}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin`;
}
