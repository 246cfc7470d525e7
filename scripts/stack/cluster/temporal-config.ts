import fs from 'node:fs';
import path from 'node:path';
import { FRONTEND_SERVER_NAME, INTERNODE_SERVER_NAME, type TemporalTlsFiles } from './temporal-tls';

/** The server's four roles, each run as its own process; stopped in the reverse of this order. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/**
 * Shards split workflow histories between history processes: each is owned by one process at a time and
 * is the unit of ownership and parallelism (its own task queues, timers and database range lock). The
 * server takes any count, but never a change after the first start (it compares with the stored one), so
 * this profile keeps at least 4: work runs on several shards at once, and a second history process could
 * take half. Not more, as every shard polls and ticks even when idle, which a 2-core box pays for.
 * Measured here (1.32.2, the four services idle for 60 s after start-up): 4 shards 3.1-3.8% of one core
 * in total (history 0.7-0.8%), 16 shards 4.6-4.8% (history 1.1-1.2%).
 */
export const HISTORY_SHARDS = 4;

export interface PostgresAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface ServicePorts {
  grpc: number;
  /** Ringpop gossip: the services find each other through the database and talk on these. */
  membership: number;
  /** Prometheus `/metrics`. */
  metrics: number;
}

export interface ClusterPorts {
  services: Record<TemporalService, ServicePorts>;
  /** The frontend's HTTP API (the same calls as gRPC, as JSON; Nexus callbacks). */
  frontendHttp: number;
  ui: number;
}

/**
 * The port map. The frontend's gRPC port and the UI's are given; the rest sit at fixed offsets from a
 * base (default: frontend port + 100, so 7333 beside 7233), mirroring Temporal's own 72xx/69xx layout:
 *   base+0       frontend HTTP API
 *   base+1..3    gRPC of history, matching, worker
 *   base+10..13  membership of frontend, history, matching, worker
 *   base+20..23  Prometheus metrics of frontend, history, matching, worker
 */
export function clusterPorts(
  frontendPort: number,
  uiPort: number,
  portBase = frontendPort + 100,
): ClusterPorts {
  const order: TemporalService[] = ['frontend', 'history', 'matching', 'worker'];
  const services = Object.fromEntries(
    order.map((service, index) => [
      service,
      {
        grpc: service === 'frontend' ? frontendPort : portBase + index,
        membership: portBase + 10 + index,
        metrics: portBase + 20 + index,
      },
    ]),
  ) as Record<TemporalService, ServicePorts>;
  const highest = portBase + 10 + order.length - 1;
  if (highest > MAX_MEMBERSHIP_PORT) {
    throw new Error(
      `Temporal's membership ports would reach ${highest}, above ${MAX_MEMBERSHIP_PORT}, which its PostgreSQL ` +
        `schema cannot store (a SMALLINT column): choose a port base of ${MAX_MEMBERSHIP_PORT - 13} or less`,
    );
  }
  return { services, frontendHttp: portBase, ui: uiPort };
}

/** cluster_membership.rpc_port is a SMALLINT in the PostgreSQL schema: a service on a higher port cannot join. */
const MAX_MEMBERSHIP_PORT = 32767;

/** Health-check names the services report SERVING under once they are up (history: once it owns its shards). */
export const HEALTH_CHECK_NAME: Record<TemporalService, string> = {
  frontend: 'temporal.api.workflowservice.v1.WorkflowService',
  history: 'temporal.api.workflowservice.v1.HistoryService',
  matching: 'temporal.api.workflowservice.v1.MatchingService',
  worker: 'temporal.api.workflowservice.v1.WorkerService',
};

export interface ConfigFiles {
  /** One server config per service: they differ only in where each serves its metrics. */
  server: Record<TemporalService, string>;
  /** The Web UI server's config folder and environment name (it reads `<dir>/<env>.yaml`). */
  uiDir: string;
  uiEnv: string;
}

const UI_ENV = 'cluster';

/**
 * Writes the server, dynamic and Web UI configs into `<dataDir>/temporal/config/`, after the module's
 * config/development-postgres12.yaml: default and visibility stores on PostgreSQL, no archival, no pprof.
 */
export function writeClusterConfig(options: {
  dataDir: string;
  postgres: PostgresAddress;
  ports: ClusterPorts;
  codecEndpoint?: string;
  tls: TemporalTlsFiles;
}): ConfigFiles {
  const dir = path.join(options.dataDir, 'temporal', 'config');
  fs.mkdirSync(dir, { recursive: true });
  const dynamicConfig = path.join(dir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamicConfig, DYNAMIC_CONFIG);
  const server = Object.fromEntries(
    TEMPORAL_SERVICES.map((service) => {
      const file = path.join(dir, `${service}.yaml`);
      const text = serverConfig({
        ...options,
        dynamicConfig,
        metricsPort: options.ports.services[service].metrics,
      });
      // Readable by this user only: it holds the database password.
      fs.writeFileSync(file, text, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      return [service, file];
    }),
  ) as Record<TemporalService, string>;
  const uiDir = path.join(dir, 'ui');
  fs.mkdirSync(uiDir, { recursive: true });
  fs.writeFileSync(
    path.join(uiDir, `${UI_ENV}.yaml`),
    uiConfig(options.ports, options.tls, options.codecEndpoint),
  );
  return { server, uiDir, uiEnv: UI_ENV };
}

/** JSON strings are YAML double-quoted scalars: passwords and paths need no escaping of their own. */
const q = (value: string | number) => JSON.stringify(String(value));

function serverConfig(options: {
  postgres: PostgresAddress;
  ports: ClusterPorts;
  dynamicConfig: string;
  metricsPort: number;
  tls: TemporalTlsFiles;
}): string {
  const { postgres, ports, tls } = options;
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${q(database)}
        connectAddr: ${q(`${postgres.host}:${postgres.port}`)}
        connectProtocol: tcp
        user: ${q(postgres.user)}
        password: ${q(postgres.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const rpc = (service: TemporalService, extra = '') => `
  ${service}:
    rpc:
      grpcPort: ${ports.services[service].grpc}
      membershipPort: ${ports.services[service].membership}
      bindOnLocalHost: true${extra}`;
  return `# Written by scripts/stack/cluster/temporal-config.ts on every start; edits are overwritten.
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  pprof:
    port: 0
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: ${q(`127.0.0.1:${options.metricsPort}`)}
${tlsConfig(tls)}
services:${rpc('frontend', `\n      httpPort: ${ports.frontendHttp}`)}${rpc('history')}${rpc('matching')}${rpc('worker')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${q(`127.0.0.1:${ports.services.frontend.grpc}`)}
      httpAddress: ${q(`127.0.0.1:${ports.frontendHttp}`)}

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: ${q(options.dynamicConfig)}
  pollInterval: 10s
`;
}

/**
 * Mutual TLS everywhere: the frontend serves its certificate and takes only clients with one from the
 * CA; history, matching and the worker serve the internode certificate and take only callers with one
 * (the services present it to each other, ringpop's membership port too). Each service's own calls to
 * the frontend (the worker's system workflows most) present the system worker's certificate.
 */
function tlsConfig(tls: TemporalTlsFiles): string {
  const ca = q(tls.ca);
  const worker = tls.clients['temporal-system-worker'];
  // A door: the certificate it serves, a client certificate of the CA required, the name callers check.
  const door = (name: string, pair: { cert: string; key: string }, serverName: string) => `    ${name}:
      server:
        certFile: ${q(pair.cert)}
        keyFile: ${q(pair.key)}
        requireClientAuth: true
        clientCaFiles: [${ca}]
      client:
        serverName: ${q(serverName)}
        rootCaFiles: [${ca}]
`;
  return `  tls:
${door('internode', tls.internode, INTERNODE_SERVER_NAME)}${door('frontend', tls.frontend, FRONTEND_SERVER_NAME)}    systemWorker:
      certFile: ${q(worker.cert)}
      keyFile: ${q(worker.key)}
      client:
        serverName: ${q(FRONTEND_SERVER_NAME)}
        rootCaFiles: [${ca}]
    # Certificates expiring within 30 days are logged (the leaves last 825 days; nothing renews them).
    expirationChecks:
      warningWindow: 720h
      errorWindow: 168h
      checkInterval: 24h
`;
}

/**
 * Set explicitly although 1.32 defaults them on: the saga relies on both, and an upgrade that changed a
 * default should not change its behaviour silently.
 */
const DYNAMIC_CONFIG = `# Written by scripts/stack/cluster/temporal-config.ts on every start; edits are overwritten.
# A workflow task that schedules an activity gets the activity back in its reply when the worker has a
# free slot: no trip through matching (the dev profile sets the same).
system.enableActivityEagerExecution:
  - value: true
# Workflow updates (the API's synchronous order calls).
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
`;

function uiConfig(ports: ClusterPorts, tls: TemporalTlsFiles, codecEndpoint: string | undefined): string {
  const own = tls.clients['temporal-ui'];
  return `# Written by scripts/stack/cluster/temporal-config.ts on every start; edits are overwritten.
temporalGrpcAddress: ${q(`127.0.0.1:${ports.services.frontend.grpc}`)}
host: 127.0.0.1
port: ${ports.ui}
enableUi: true
defaultNamespace: default
# A window to look through: no terminate, cancel, signal, reset, update or start from the browser (the UI
# server refuses every non-GET API call but queries). Operators act through the CLI, with a certificate.
disableWriteActions: true
# Mutual TLS to the frontend with the UI's own certificate; without enableHostVerification the UI server
# would skip checking the frontend's.
tls:
  caFile: ${q(tls.ca)}
  certFile: ${q(own.cert)}
  keyFile: ${q(own.key)}
  serverName: ${q(FRONTEND_SERVER_NAME)}
  enableHostVerification: true
# The browser, not this server, calls the codec: the codec must allow this UI's origin (CORS).
codec:
  endpoint: ${q(codecEndpoint ?? '')}
  passAccessToken: false
  includeCredentials: false
`;
}
