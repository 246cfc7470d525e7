import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ORDER_SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import type { TemporalConnectionOptions } from '../../platform/temporal';
import { startProcess, tail, type ManagedProcess } from './managed-process';
import { temporalCliPath } from './paths';
import { assertPortFree } from './port';
import { waitFor } from './wait-for';

export interface TemporalOptions {
  /** Stops waiting for readiness when start-up is interrupted. */
  interrupted?: () => boolean;
  dataDir: string;
  port: number;
  uiPort: number;
  persistent: boolean;
  /** The remote codec the Web UI calls to show encrypted payloads decrypted (the API's operator port). */
  codecEndpoint?: string;
}

/**
 * Write-ahead log instead of the default rollback journal: a commit appends to one file instead of
 * rewriting pages and syncing twice. `synchronous=normal` syncs the log at checkpoints, not at each
 * commit: a crash of the server process loses nothing; a power cut or kernel crash can roll back the
 * last moments of workflow history (the database file stays consistent). Measured in the README.
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** Runs the Temporal dev server (frontend + Web UI) with the order search attributes registered. */
export async function startTemporal(options: TemporalOptions): Promise<ManagedProcess> {
  await assertPortFree(options.port, 'Temporal');
  await assertPortFree(options.uiPort, 'the Temporal Web UI');
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--log-level',
    'warn',
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    ...Object.entries(ORDER_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
      '--search-attribute',
      `${name}=${type}`,
    ]),
    ...(options.persistent ? ['--db-filename', path.join(options.dataDir, 'temporal.sqlite')] : []),
    ...(options.persistent ? SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]) : []),
    // A workflow task that schedules an activity gets the activity back in its reply when the worker has
    // a free slot (the SDK asks for it): no trip through matching. Off by default in the server.
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
  ];
  const logFile = path.join(options.dataDir, 'logs', 'temporal.log');
  const server = startProcess('temporal', temporalCliPath(), args, {
    logFile,
    pidFile: path.join(options.dataDir, 'temporal.pid'),
  });
  try {
    await waitFor('Temporal', () => temporalHealthy(`127.0.0.1:${options.port}`), {
      aborted: () => server.exited() || (options.interrupted?.() ?? false),
    });
  } catch (error) {
    await server.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  return server;
}

/** Answers once the frontend serves; `target` is an address, or one with TLS (temporalConnectionOptions). */
export async function temporalHealthy(target: string | TemporalConnectionOptions): Promise<void> {
  const options = typeof target === 'string' ? { address: target } : target;
  const connection = await Connection.connect({ ...options, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}
