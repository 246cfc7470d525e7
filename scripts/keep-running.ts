import { createWakeSignal } from '../platform/wake-signal';
import { startAppProcess, type AppProcess } from './app-process';
import { say } from './stack/progress';

/** A run this long counts as healthy: the next crash starts the backoff over. */
const HEALTHY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Restarts the app processes in `apps` whenever one exits on its own, with exponential backoff
 * (1 s, 2 s, … 30 s), like a compose `restart: unless-stopped` policy. The array always holds the
 * current process of each slot, so whoever stops the stack stops the live ones, after `stop()`.
 */
export function keepRunning(
  apps: AppProcess[],
  entries: ReadonlyArray<readonly [string, string]>,
  env: NodeJS.ProcessEnv,
) {
  let stopping = false;
  const stopped = createWakeSignal();

  async function watch(slot: number) {
    const [name, entry] = entries[slot]!;
    let failures = 0;
    while (!stopping) {
      const startedAt = Date.now();
      const code = await apps[slot]!.exited;
      if (stopping) return;
      failures = Date.now() - startedAt >= HEALTHY_AFTER_MS ? 1 : failures + 1;
      const delayMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
      say(`${name} exited (code ${code}); restarting in ${delayMs / 1000} s`);
      await stopped.wait(delayMs);
      if (stopping) return;
      apps[slot] = startAppProcess(name, entry, env);
    }
  }

  for (let slot = 0; slot < apps.length; slot++) void watch(slot);
  return {
    /** From now on an exit is final; a restart waiting out its backoff is called off. */
    stop() {
      stopping = true;
      stopped.wake();
    },
  };
}
