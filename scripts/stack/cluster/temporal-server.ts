import fs from 'node:fs';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';
import { ORDER_SEARCH_ATTRIBUTES } from '../../../contracts/search-attributes';
import {
  registerSearchAttributes,
  temporalConnectionOptions,
  type TemporalConnectionOptions,
} from '../../../platform/temporal';
import { startProcess, tail, type ManagedProcess } from '../managed-process';
import { takeOverObjects } from '../postgres-adopt';
import {
  temporalPostgresSchemaDir,
  temporalServerPath,
  temporalSqlToolPath,
  temporalUiServerPath,
} from '../paths';
import { assertPortFree } from '../port';
import { temporalHealthy } from '../temporal';
import { waitFor } from '../wait-for';
import { runWithEnv } from './temporal-build';
import {
  clusterPorts,
  HEALTH_CHECK_NAME,
  TEMPORAL_SERVICES,
  writeClusterConfig,
  type ClusterPorts,
  type PostgresAddress,
  type TemporalService,
} from './temporal-config';
import { clientTls, INTERNODE_SERVER_NAME, type TemporalTlsFiles } from './temporal-tls';

export { provisionTemporalServer } from './temporal-build';
export { clusterPorts, HISTORY_SHARDS, type ClusterPorts, type PostgresAddress } from './temporal-config';

const NAMESPACE = 'default';
/** How long closed workflows stay queryable (and visible in the UI) before the server deletes them. */
const RETENTION = '72h';
/** History joins the ring, takes its shards and then waits 5 s more before it reports SERVING. */
const SERVICE_START_TIMEOUT_MS = 120_000;
const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;

/**
 * Creates Temporal's two databases, owned by `postgres.user` (the server's own role), and brings their
 * schemas up to the built server's version as that role. Safe to run on every start: a database that
 * exists is kept (and handed to the role, with whatever an earlier run made there as the superuser), one
 * without a schema (an interrupted first run) gets it, and `update-schema` applies only the versions a
 * database lacks. Only the role and the superuser may connect to them.
 */
export async function prepareTemporalDatabases(
  postgres: PostgresAddress,
  superuser: PostgresAddress,
): Promise<void> {
  const env = {
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: postgres.host,
    SQL_PORT: String(postgres.port),
    SQL_USER: postgres.user,
    // Through the environment, not a flag: arguments are visible to every user in `ps`.
    SQL_PASSWORD: postgres.password,
  };
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const tool = (...args: string[]) =>
      runWithEnv(temporalSqlToolPath(), args, { ...env, SQL_DATABASE: database });
    await ownDatabase(superuser, database, postgres.user);
    if ((await schemaState(postgres, database)) !== 'versioned') await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', path.join(temporalPostgresSchemaDir(), schema, 'versioned'));
  }
}

async function connectTo(address: PostgresAddress, database: string): Promise<Client> {
  const client = new Client({ ...address, database, application_name: 'order-saga-temporal-setup' });
  await client.connect();
  return client;
}

/** `database` exists, is `owner`'s with everything in it, and takes connections from `owner` only. */
async function ownDatabase(superuser: PostgresAddress, database: string, owner: string) {
  const admin = await connectTo(superuser, 'postgres');
  try {
    const name = admin.escapeIdentifier(database);
    const role = admin.escapeIdentifier(owner);
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${name} owner ${role}`);
    else await admin.query(`alter database ${name} owner to ${role}`);
    await admin.query(`revoke all on database ${name} from public`);
    await admin.query(`grant connect, temporary on database ${name} to ${role}`);
  } finally {
    await admin.end();
  }
  const inside = await connectTo(superuser, database);
  try {
    await takeOverObjects(inside, owner);
  } finally {
    await inside.end();
  }
}

async function schemaState(postgres: PostgresAddress, database: string) {
  const client = await connectTo(postgres, database);
  try {
    const table = await client.query(`select to_regclass('schema_version') is not null as versioned`);
    return (table.rows[0] as { versioned: boolean }).versioned ? 'versioned' : 'empty';
  } finally {
    await client.end();
  }
}

export interface TemporalClusterOptions {
  dataDir: string;
  /** Temporal's own role (ensureTemporalServerRole): the server connects as it, never as the superuser. */
  postgres: PostgresAddress;
  /** The superuser, to create the databases the role then owns. */
  superuser: PostgresAddress;
  /** gRPC port of the frontend, the one clients use (7233 in the default profile). */
  frontendPort: number;
  /** The Web UI (8233 in the default profile). */
  uiPort: number;
  /** Where the internal ports start (see clusterPorts); default frontendPort + 100. */
  portBase?: number;
  /** The remote codec the Web UI calls to show encrypted payloads decrypted (the API's operator port). */
  codecEndpoint?: string;
  /** The CA and certificates of mutual TLS (ensureTemporalTls): every door of the cluster asks for one. */
  tls: TemporalTlsFiles;
  /** Stops waiting for readiness when start-up is interrupted. */
  interrupted?: () => boolean;
}

/** One process of the cluster, and how to start it again on the same config and ports once it is gone. */
export interface ClusterProcess {
  readonly name: string;
  current: ManagedProcess;
  restart(): Promise<ManagedProcess>;
}

interface ProcessSpec {
  name: string;
  logFile: string;
  launch(): Promise<ManagedProcess>;
  /** Resolves once the process serves; `child` is watched so a crash ends the wait at once. */
  ready(child: ManagedProcess): Promise<void>;
}

/**
 * Runs Temporal the way production does, on one box: history, matching, frontend and worker as separate
 * processes on PostgreSQL (default and visibility stores), then the Web UI server. Creates the `default`
 * namespace and the order search attributes if missing. Each returned process can be restarted alone.
 * Prepares the databases first (prepareTemporalDatabases), so that a first start needs nothing else.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<ClusterProcess[]> {
  const ports = clusterPorts(options.frontendPort, options.uiPort, options.portBase);
  const { host, port } = options.postgres;
  await prepareTemporalDatabases(options.postgres, options.superuser).catch((error: unknown) => {
    throw new Error(`preparing Temporal's databases on ${host}:${port}: ${(error as Error).message}`);
  });
  const files = writeClusterConfig({ ...options, ports });
  fs.mkdirSync(path.join(options.dataDir, 'logs'), { recursive: true });
  const interrupted = () => options.interrupted?.() ?? false;
  const frontend = operatorConnection(options.tls, `127.0.0.1:${options.frontendPort}`);
  const specs = TEMPORAL_SERVICES.map((service) =>
    serviceSpec(service, options.dataDir, files.server[service], ports, options.tls, interrupted),
  );
  const ui = uiSpec(options.dataDir, files.uiDir, files.uiEnv, ports.ui, interrupted);

  const started: ClusterProcess[] = [];
  try {
    const startTogether = async (group: ProcessSpec[]) => {
      const launched: Array<[ProcessSpec, ManagedProcess]> = [];
      for (const spec of group) {
        const child = await spec.launch();
        launched.push([spec, child]);
        started.push(slot(spec, child));
      }
      await Promise.all(
        launched.map(([spec, child]) =>
          spec.ready(child).catch((error: unknown) => {
            throw withLog(error, spec.logFile);
          }),
        ),
      );
    };
    // The first process on a new database writes the cluster's metadata; several at once race for it and
    // the losers exit ("SaveClusterMetadata encountered version mismatch"). So the frontend comes up
    // alone, then the other three together: waiting for each in turn would add up their start-up times.
    await startTogether(specs.filter((spec) => spec.name === 'temporal-frontend'));
    await startTogether(specs.filter((spec) => spec.name !== 'temporal-frontend'));
    await setUpNamespace(frontend, interrupted).catch((error: unknown) => {
      throw withLog(error, logFileOf(options.dataDir, 'temporal-frontend'));
    });
    started.push(slot(ui, await startChecked(ui)));
  } catch (error) {
    await stopTemporalCluster(started);
    throw error;
  }
  // History first and the UI last, so that stopping in reverse order stops the UI and the frontend (the
  // doors) before what they call.
  const order = [...TEMPORAL_SERVICES.map((service) => `temporal-${service}`), ui.name];
  return started.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** Stops the processes in reverse order: the UI first, history last. */
export async function stopTemporalCluster(processes: ClusterProcess[]): Promise<void> {
  for (const entry of [...processes].reverse()) await entry.current.stop();
}

function slot(spec: ProcessSpec, first: ManagedProcess): ClusterProcess {
  const entry: ClusterProcess = {
    name: spec.name,
    current: first,
    async restart() {
      if (!entry.current.exited()) await entry.current.stop();
      entry.current = await startChecked(spec);
      return entry.current;
    },
  };
  return entry;
}

async function startChecked(spec: ProcessSpec): Promise<ManagedProcess> {
  const child = await spec.launch();
  try {
    await spec.ready(child);
  } catch (error) {
    await child.stop('SIGKILL');
    throw withLog(error, spec.logFile);
  }
  return child;
}

function serviceSpec(
  service: TemporalService,
  dataDir: string,
  configFile: string,
  ports: ClusterPorts,
  tls: TemporalTlsFiles,
  interrupted: () => boolean,
): ProcessSpec {
  const name = `temporal-${service}`;
  const logFile = logFileOf(dataDir, name);
  const own = ports.services[service];
  const address = `127.0.0.1:${own.grpc}`;
  const target =
    service === 'frontend' ? operatorConnection(tls, address) : internodeConnection(tls, address);
  return {
    name,
    logFile,
    async launch() {
      await assertPortFree(own.grpc, `Temporal ${service} (gRPC)`);
      await assertPortFree(own.membership, `Temporal ${service} (membership)`);
      await assertPortFree(own.metrics, `Temporal ${service} (metrics)`);
      if (service === 'frontend') await assertPortFree(ports.frontendHttp, 'Temporal frontend (HTTP API)');
      // No authorizer: the ports are bound to loopback, as the dev server's are.
      const args = ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service];
      return startProcess(name, temporalServerPath(), args, {
        logFile,
        pidFile: path.join(dataDir, `${name}.pid`),
      });
    },
    async ready(child) {
      const options = { timeoutMs: SERVICE_START_TIMEOUT_MS, aborted: () => child.exited() || interrupted() };
      // The health check `temporal operator cluster health` makes of the frontend, asked of each service.
      await waitFor(`Temporal ${service}`, () => serving(target, HEALTH_CHECK_NAME[service]), options);
      if (service === 'frontend') await waitFor('Temporal frontend', () => temporalHealthy(target), options);
    },
  };
}

function uiSpec(
  dataDir: string,
  configDir: string,
  env: string,
  port: number,
  interrupted: () => boolean,
): ProcessSpec {
  const name = 'temporal-ui';
  const logFile = logFileOf(dataDir, name);
  return {
    name,
    logFile,
    async launch() {
      await assertPortFree(port, 'the Temporal Web UI');
      const args = ['--root', '/', '--config', configDir, '--env', env, 'start'];
      return startProcess(name, temporalUiServerPath(), args, {
        logFile,
        pidFile: path.join(dataDir, `${name}.pid`),
      });
    },
    async ready(child) {
      await waitFor('the Temporal Web UI', () => answers200(`http://127.0.0.1:${port}/`), {
        aborted: () => child.exited() || interrupted(),
      });
    },
  };
}

/** The frontend as the operator reaches it: with the operator's client certificate. */
function operatorConnection(tls: TemporalTlsFiles, address: string): TemporalConnectionOptions {
  return temporalConnectionOptions({ address, tls: clientTls(tls, 'operator') });
}

/** History, matching or the worker as the other services reach them: with the internode certificate. */
function internodeConnection(tls: TemporalTlsFiles, address: string): TemporalConnectionOptions {
  const { cert, key } = tls.internode;
  return temporalConnectionOptions({
    address,
    tls: { caFile: tls.ca, certFile: cert, keyFile: key, serverName: INTERNODE_SERVER_NAME },
  });
}

/** gRPC health check of one service (grpc.health.v1), the same one the CLI and load balancers use. */
async function serving(target: TemporalConnectionOptions, service: string): Promise<void> {
  const connection = Connection.lazy({ ...target, connectTimeout: 1000 });
  try {
    const { status } = await connection.withDeadline(Date.now() + 2000, () =>
      connection.healthService.check({ service }),
    );
    // 1 is SERVING; history reports NOT_SERVING (2) until it owns its shards.
    if (status !== 1) throw new Error(`${service} is not serving yet (status ${status})`);
  } finally {
    await connection.close();
  }
}

async function answers200(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
}

/** The `default` namespace and the order search attributes, each created only if missing. */
async function setUpNamespace(target: TemporalConnectionOptions, interrupted: () => boolean): Promise<void> {
  const connection = await Connection.connect({ ...target, connectTimeout: 5000 });
  try {
    const exists = await connection.workflowService.describeNamespace({ namespace: NAMESPACE }).then(
      () => true,
      (error: unknown) => {
        if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) return false;
        throw error;
      },
    );
    if (!exists) {
      await connection.workflowService
        .registerNamespace({
          namespace: NAMESPACE,
          workflowExecutionRetentionPeriod: msToTs(RETENTION),
        })
        .catch((error: unknown) => {
          if (!(isGrpcServiceError(error) && error.code === GRPC_ALREADY_EXISTS)) throw error;
        });
    }
    // A new namespace reaches the services' namespace caches within a few seconds; until then the
    // operator API answers "namespace not found". Done once the attributes are listed.
    await waitFor(
      'the order search attributes',
      async () => {
        await registerSearchAttributes(connection, NAMESPACE);
        const { customAttributes } = await connection.operatorService.listSearchAttributes({
          namespace: NAMESPACE,
        });
        const missing = Object.keys(ORDER_SEARCH_ATTRIBUTES).filter(
          (name) => !(name in (customAttributes ?? {})),
        );
        if (missing.length > 0) throw new Error(`not listed yet: ${missing.join(', ')}`);
      },
      { timeoutMs: 30_000, aborted: interrupted },
    );
  } finally {
    await connection.close();
  }
}

const logFileOf = (dataDir: string, name: string) => path.join(dataDir, 'logs', `${name}.log`);

function withLog(error: unknown, logFile: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- ${logFile} ---\n${readableTail(logFile)}`);
}

/** The server logs one JSON object a line, each with a Go stack trace: show level, message and error only. */
function readableTail(logFile: string): string {
  return tail(logFile, 12)
    .split('\n')
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
        return entry.msg ? `${entry.level ?? ''} ${entry.msg}${entry.error ? `: ${entry.error}` : ''}` : line;
      } catch {
        return line;
      }
    })
    .join('\n');
}
