import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Process groups spawned by this test file and not yet ended. */
const running = new Set<ChildProcess>();

/**
 * Spawns a process in a process group of its own and remembers it until it exits, so that however the
 * test ends (an assertion, a timeout that never reaches its `finally`, the jest worker exiting) the group
 * is ended with it: `endSpawned` runs after every test file (test/support/end-spawned.ts), and a worker
 * that exits kills what is left. A process left running would hold jest's output pipes open, and the
 * run would never end.
 */
export function spawnForTest(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
};

/**
 * Asks each group left running to stop (SIGTERM). Whatever is still there after `graceMs` is asked
 * again: a supervisor (`npm start`) takes a second signal as "now", and kills the servers it runs in
 * process groups of their own, which a SIGKILL of its group would leave behind. Then SIGKILL.
 */
export async function endSpawned(graceMs = 20_000): Promise<number> {
  const left = [...running];
  if (left.length === 0) return 0;
  const waitFor = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  };
  for (const child of left) signalGroup(child, 'SIGTERM');
  await waitFor(graceMs);
  for (const child of left) if (running.has(child)) signalGroup(child, 'SIGTERM');
  await waitFor(3000);
  // A supervisor's children may outlive it by a moment: the whole group goes, not only its leader.
  for (const child of left) signalGroup(child, 'SIGKILL');
  running.clear();
  return left.length;
}

process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});
