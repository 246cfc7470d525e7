import { ConfigError, developmentUnlessSet } from '../platform/config';

/**
 * Runs a command-line entry point of the local stack (in development unless NODE_ENV names another): readable
 * one-line errors instead of stack traces for expected failures.
 */
export function runCli(main: () => Promise<void>): void {
  developmentUnlessSet();
  main().catch((error: unknown) => {
    if (error instanceof InterruptedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(130);
    }
    if (
      error instanceof ConfigError ||
      error instanceof MissingToolError ||
      error instanceof UsageError ||
      error instanceof StartupError
    ) {
      process.stderr.write(`error: ${error.message}\n`);
    } else {
      process.stderr.write(
        `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  });
}

export class UsageError extends Error {}
/** The stack could not start (a port in use, a server that did not come up, a failed build); what started was stopped. */
export class StartupError extends Error {}
/** A tool the command needs is not installed (the message says how to get it). */
export class MissingToolError extends Error {}
/** A signal stopped the command while it started things; what it started was stopped. */
export class InterruptedError extends Error {}

let received: NodeJS.Signals | undefined;
let receivedAt = 0;
let watching = false;
const waiting: Array<(signal: NodeJS.Signals) => void> = [];
/** Process groups of the children (servers and app processes) that a forced exit must not leave behind. */
const childGroups = new Set<number>();

/** Registers a detached child, the leader of its own process group, until it exits. */
export function trackChildGroup(pid: number): () => void {
  childGroups.add(pid);
  return () => childGroups.delete(pid);
}

/**
 * A signal sent to a terminal's process group reaches this process more than once within milliseconds
 * (directly, and relayed by npm and tsx); only a signal this much later is a person asking again.
 */
const REPEAT_AFTER_MS = 1000;

/**
 * From the first call on, SIGINT and SIGTERM no longer end the process at once: they are recorded, so
 * that a supervisor still starting up can stop what it already started. A second signal, a second or
 * more later, forces the exit: every child group still running is killed first, so nothing is orphaned.
 */
export function watchSignals(): void {
  if (watching) return;
  watching = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      if (Date.now() - receivedAt < REPEAT_AFTER_MS) return;
      for (const group of childGroups) killGroup(group);
      process.exit(130);
    }
    received = signal;
    receivedAt = Date.now();
    waiting.splice(0).forEach((resolve) => resolve(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** True once SIGINT or SIGTERM has arrived. */
export const interrupted = (): boolean => received !== undefined;

/** Resolves on the first SIGINT or SIGTERM (at once if one already came). */
export function untilSignal(): Promise<NodeJS.Signals> {
  watchSignals();
  return received ? Promise.resolve(received) : new Promise((resolve) => waiting.push(resolve));
}

function killGroup(leader: number) {
  try {
    process.kill(-leader, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
