import fs from 'node:fs';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type TLSConfig,
} from '@temporalio/client';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  type LogLevel,
} from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { ORDER_SEARCH_ATTRIBUTES } from '../contracts/search-attributes';
import { requirePayloadKeys, type Config } from './config';
import { encryptingDataConverter, type CodecOptions } from './payload-codec';
import { tracingClientInterceptors } from './temporal-tracing';
import { withTimeout } from './with-timeout';

/** The SDK's own logs (worker state changes, bundling) stay at warn unless one asks for debug. */
const SDK_LEVEL: Record<Config['logLevel'], LogLevel> = {
  debug: 'DEBUG',
  info: 'WARN',
  warn: 'WARN',
  error: 'ERROR',
  silent: 'ERROR',
};
let installed = false;

/**
 * The SDK's own logs follow LOG_LEVEL; it must be set before the first connection is made. With
 * `metricsAddress` the SDK serves its runtime metrics (task latencies, slots, sticky cache, activity
 * outcomes by type) there in Prometheus format, under /metrics.
 */
export function installTemporalRuntime(level: Config['logLevel'], metricsAddress?: string): void {
  if (installed) return;
  installed = true;
  try {
    // The core prints its own warnings (each failed workflow task, say); at error level they are noise.
    const core = SDK_LEVEL[level] === 'ERROR' ? 'ERROR' : 'WARN';
    Runtime.install({
      logger: new DefaultLogger(SDK_LEVEL[level]),
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core, other: 'ERROR' }) },
        ...(metricsAddress
          ? {
              metrics: {
                prometheus: {
                  bindAddress: metricsAddress,
                  countersTotalSuffix: true,
                  useSecondsForDurations: true,
                },
              },
            }
          : {}),
      },
    });
  } catch {
    // Already installed by an earlier connection in this process: keep that one.
  }
}

/**
 * A client call to Temporal that gives up after `ms`. The gRPC deadline and the abort signal end the call
 * and stop the client's retries of it (which would otherwise keep backing off, long after the caller has
 * moved on); the race bounds the answer even while a retry is still pending (measured: a start took 3.3 s
 * despite a 2 s deadline while the server was gone).
 */
export function boundedCall<T>(client: Client, ms: number, call: () => Promise<T>): Promise<T> {
  return withTimeout(
    client.withAbortSignal(AbortSignal.timeout(ms), () => client.withDeadline(Date.now() + ms, call)),
    ms,
    `Temporal did not answer within ${ms} ms`,
  );
}

/** Where a connection to Temporal goes, and how it proves itself: what every connection here is given. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
}

/**
 * The address, and with `temporal.tls` (TEMPORAL_TLS_*_FILE) mutual TLS: the CA that signed the
 * frontend's certificate, this process's own certificate and key. The files are read on each connect, so
 * a reconnecting process picks up renewed ones.
 */
export function temporalConnectionOptions(
  temporal: Pick<Config['temporal'], 'address' | 'tls'>,
): TemporalConnectionOptions {
  const { address, tls } = temporal;
  if (!tls) return { address };
  return {
    address,
    tls: {
      serverRootCACertificate: readPem('TEMPORAL_TLS_CA_FILE', tls.caFile),
      clientCertPair: {
        crt: readPem('TEMPORAL_TLS_CERT_FILE', tls.certFile),
        key: readPem('TEMPORAL_TLS_KEY_FILE', tls.keyFile),
      },
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    },
  };
}

function readPem(setting: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(
      `cannot read ${setting} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The longest a retry of the API's client waits (170 ms, then 290 ms, with 20 % jitter). */
const API_RETRY_SETTLE_MS = 600;

/**
 * The API's client: it retries a failed call twice, quickly, then lets the caller answer 503; a request
 * must not hang on the SDK's default ten attempts (about 20 s) while Temporal is away. `close()` lets the
 * pending retries run out first, as the SDK schedules them on timers that would call a closed channel.
 */
export async function connectApiClient(config: Config): Promise<{ client: Client; close(): Promise<void> }> {
  let closing = false;
  const retry = defaultGrpcRetryOptions({ maxAttempts: 3 });
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config.temporal),
    interceptors: [
      makeGrpcRetryInterceptor({
        delayFunction: retry.delayFunction,
        retryableDecider: (attempt, status) => !closing && retry.retryableDecider(attempt, status),
      }),
    ],
  });
  return {
    client: new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: dataConverterFor(config),
      interceptors: tracingClientInterceptors(),
    }),
    async close() {
      closing = true;
      await new Promise((resolve) => setTimeout(resolve, API_RETRY_SETTLE_MS));
      await connection.close();
    },
  };
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterFor(config),
    interceptors: tracingClientInterceptors(),
  });
}

/** Payloads encrypted with the configured keys; the same for every worker, client and replayer. */
export const dataConverterFor = (config: Config, options?: CodecOptions) =>
  encryptingDataConverter(requirePayloadKeys(config), options);

export async function connectWorker(config: Config): Promise<NativeConnection> {
  installTemporalRuntime(config.logLevel);
  return NativeConnection.connect(temporalConnectionOptions(config.temporal));
}

const INDEXED_TYPE = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

/** Registers the order search attributes that a server (e.g. one given by TEMPORAL_ADDRESS) lacks. */
export async function registerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<void> {
  // The time-skipping test server cannot list attributes; there, add them all.
  const existing = await connection.operatorService
    .listSearchAttributes({ namespace })
    .then(({ customAttributes }) => customAttributes ?? {})
    .catch(() => ({}));
  const missing = Object.entries(ORDER_SEARCH_ATTRIBUTES).filter(([name]) => !(name in existing));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_TYPE[type]])),
  });
}
