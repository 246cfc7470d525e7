import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess, tail } from '../scripts/stack/managed-process';
import { temporalCliPath } from '../scripts/stack/paths';
import { assertPortFree } from '../scripts/stack/port';
import { temporalHealthy } from '../scripts/stack/temporal';
import { waitFor } from '../scripts/stack/wait-for';

/**
 * A default Temporal dev server of the bench's own: a file store, no pragmas, no flags beyond ports. It
 * measures the machine, so it must never follow the product's server settings.
 */
export async function startYardstickServer(port: number) {
  await assertPortFree(port, 'the yardstick Temporal server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-yardstick-'));
  const logFile = path.join(dir, 'temporal.log');
  const server = startProcess(
    'temporal (yardstick)',
    temporalCliPath(),
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--log-level',
      'warn',
      '--db-filename',
      path.join(dir, 'temporal.sqlite'),
    ],
    { logFile, pidFile: path.join(dir, 'temporal.pid') },
  );
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('the yardstick Temporal server', () => temporalHealthy(address), {
      aborted: () => server.exited(),
    });
  } catch (error) {
    const log = tail(logFile);
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { address, pid: server.pid, stop };
}
