import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { trackChildGroup } from './cli';
import { PROJECT_ROOT } from './stack/paths';

export interface AppProcess {
  name: string;
  stop(): Promise<void>;
  exit: Promise<number | null>;
}

/** Runs one of the app's entry points as a child, its output prefixed with its name. */
export function startAppProcess(name: string, entry: string, env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Stopped by the supervisor in order (API first, servers last), not all at once by Ctrl-C.
    detached: true,
  });
  const prefix = `[${name}]`.padEnd(18);
  for (const stream of [child.stdout, child.stderr]) {
    readline
      .createInterface({ input: stream })
      .on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  const untrack = child.pid === undefined ? () => false : trackChildGroup(child.pid);
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      untrack();
      resolve(code);
    }),
  );
  return {
    name,
    exit,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
