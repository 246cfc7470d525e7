import { ConfigError } from '../platform/config';
import { InterruptedError } from './stack/index';
import { MissingToolError } from './stack/run-command';

/** Runs a command-line entry point: readable one-line errors instead of stack traces for expected failures. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof InterruptedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(130);
    }
    if (error instanceof ConfigError || error instanceof MissingToolError || error instanceof UsageError) {
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

let received: NodeJS.Signals | undefined;
let watching = false;
const waiting: Array<(signal: NodeJS.Signals) => void> = [];

/**
 * From the first call on, SIGINT and SIGTERM no longer end the process at once: they are recorded, so
 * that a supervisor still starting up can stop what it already started. A second signal forces the exit.
 */
export function watchSignals(): void {
  if (watching) return;
  watching = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(130);
    received = signal;
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
