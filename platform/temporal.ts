import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import type { Config } from './config';

const SDK_LEVEL: Record<Config['logLevel'], LogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', silent: 'ERROR' };
let installed = false;

/** The SDK's own logs follow LOG_LEVEL; it must be set before the first connection is made. */
export function installTemporalRuntime(level: Config['logLevel']): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger(SDK_LEVEL[level]) });
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
