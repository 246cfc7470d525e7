import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  type LogLevel,
} from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { ORDER_SEARCH_ATTRIBUTES } from '../contracts/search-attributes';
import type { Config } from './config';

const SDK_LEVEL: Record<Config['logLevel'], LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  silent: 'ERROR',
};
let installed = false;

/** The SDK's own logs follow LOG_LEVEL; it must be set before the first connection is made. */
export function installTemporalRuntime(level: Config['logLevel']): void {
  if (installed) return;
  installed = true;
  try {
    // The core prints its own warnings (each failed workflow task, say); at error level they are noise.
    const core = SDK_LEVEL[level] === 'ERROR' ? 'ERROR' : 'WARN';
    Runtime.install({
      logger: new DefaultLogger(SDK_LEVEL[level]),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core, other: 'ERROR' }) } },
    });
  } catch {
    // Already installed by an earlier connection in this process: keep that one.
  }
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

export async function connectWorker(config: Config): Promise<NativeConnection> {
  installTemporalRuntime(config.logLevel);
  return NativeConnection.connect({ address: config.temporal.address });
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
