import { createWakeSignal } from '../platform/wake-signal';
import { say } from './stack/progress';

/** A run this long counts as healthy: the next crash starts the backoff over. */
const HEALTHY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
/** A process that dies sooner than this after it started (or never gets ready) crashed at start-up. */
const START_UP_MS = 10_000;
/** Crashes at start-up in a row after which restarting is pointless: the stack stops instead. */
const MAX_START_UP_CRASHES = 5;

export interface Supervised {
  /** Resolves with the exit code once the process has exited. */
  readonly exit: Promise<number | null>;
}

/** One supervised process: the live one, and how to start its replacement (resolves once it is ready). */
export interface Slot<T extends Supervised = Supervised> {
  readonly name: string;
  current: T;
  restart(): Promise<T>;
}

/**
 * Restarts every process in `slots` (servers and app processes alike) whenever one exits on its own,
 * with exponential backoff (1 s, 2 s, … 30 s), like a compose `restart: unless-stopped` policy. Each slot
 * always holds its live process, so whoever stops the stack stops the live ones, after `stop()`. A
 * process that keeps crashing at start-up is given up on: `onGiveUp` is told why, once.
 */
export function keepRunning(slots: Slot[], onGiveUp: (reason: string) => void) {
  let stopping = false;
  const stopped = createWakeSignal();

  async function watch(slot: Slot) {
    let failures = 0;
    let startUpCrashes = 0;
    let startedAt = Date.now();
    let running = true;
    while (!stopping) {
      let why: string;
      if (running) {
        const code = await slot.current.exit;
        if (stopping) return;
        const ranMs = Date.now() - startedAt;
        failures = ranMs >= HEALTHY_AFTER_MS ? 1 : failures + 1;
        startUpCrashes = ranMs < START_UP_MS ? startUpCrashes + 1 : 0;
        why = `exited (code ${code})`;
      } else {
        failures += 1;
        startUpCrashes += 1;
        why = 'did not start';
      }
      if (startUpCrashes >= MAX_START_UP_CRASHES) {
        const reason = `${slot.name} keeps crashing at start-up (${startUpCrashes} times in a row)`;
        say(`${reason}; stopping everything`);
        return onGiveUp(reason);
      }
      const delayMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
      say(`${slot.name} ${why}; restarting in ${delayMs / 1000} s`);
      await stopped.wait(delayMs);
      if (stopping) return;
      startedAt = Date.now();
      try {
        slot.current = await slot.restart();
        running = true;
        say(`${slot.name} is back (${((Date.now() - startedAt) / 1000).toFixed(1)} s to start)`);
      } catch (error) {
        running = false;
        say(`${slot.name} could not start: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }

  for (const slot of slots) void watch(slot);
  return {
    /** From now on an exit is final; a restart waiting out its backoff is called off. */
    stop() {
      stopping = true;
      stopped.wake();
    },
  };
}
