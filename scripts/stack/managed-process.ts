import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import { trackChildGroup } from '../cli';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has exited; escalates to SIGKILL after the grace period. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  exited(): boolean;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  readonly exit: Promise<number | null>;
}

/**
 * Starts a long-running child with its output appended to a log file. A pid file lets the next run
 * stop a server left behind by a supervisor that was killed with SIGKILL.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: {
    logFile: string;
    pidFile: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    spawn?: SpawnOptions;
    stopSignal?: NodeJS.Signals;
  },
): ManagedProcess {
  killLeftover(options.pidFile);
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
    // Its own process group: Ctrl-C in the terminal reaches the supervisor only, which stops the
    // servers after the app processes have drained, in that order.
    detached: true,
    ...options.spawn,
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  fs.writeFileSync(options.pidFile, String(child.pid));
  const untrack = trackChildGroup(child.pid);
  let hasExited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      hasExited = true;
      untrack();
      fs.rmSync(options.pidFile, { force: true });
      resolve(code);
    }),
  );
  return {
    name,
    pid: child.pid,
    exited: () => hasExited,
    exit,
    async stop(signal = options.stopSignal ?? 'SIGTERM', graceMs = 15_000) {
      if (hasExited) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

export function killLeftover(pidFile: string) {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone: nothing to clean up.
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
