import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
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
  const home = path.join(options.dataDir, 'kafka');
  const logDir = path.join(home, 'data');
  fs.mkdirSync(home, { recursive: true });
  const propertiesFile = path.join(home, 'server.properties');
  fs.writeFileSync(propertiesFile, serverProperties(options.port, controllerPort, logDir));
  const log4jFile = path.join(home, 'log4j.properties');
  fs.writeFileSync(log4jFile, LOG4J);
  const java = (mainClass: string, ...args: string[]) => [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:TieredStopAtLevel=1',
    `-Dlog4j.configuration=file:${log4jFile}`,
    '-cp',
    `${kafkaLibDir()}/*`,
    mainClass,
    ...args,
  ];
  if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
    await runCommand(
      'java',
      java(
        'kafka.tools.StorageTool',
        'format',
        '-t',
        randomUUID().replace(/-/g, '').slice(0, 22),
        '-c',
        propertiesFile,
      ),
    );
  }
  const logFile = path.join(options.dataDir, 'logs', 'kafka.log');
  const broker = startProcess('kafka', 'java', java('kafka.Kafka', propertiesFile), {
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

export async function kafkaReady(brokers: string[]): Promise<void> {
  const admin = new Kafka({
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  }).admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

function serverProperties(port: number, controllerPort: number, logDir: string) {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${logDir}
num.partitions=3
auto.create.topics.enable=false
# A single node: internal topics must not ask for more replicas than exist.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
`;
}

const LOG4J = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
`;
