import { overloaded } from './problem';

export interface AdmissionOptions {
  /** Placements in progress at once; beyond it newcomers queue. */
  concurrency: number;
  /** How long a newcomer may queue before it is shed. */
  maxWaitMs: number;
  retryAfterS: number;
  /** True while the workers are behind: newcomers are shed at once. */
  saturated?: () => boolean;
}

/**
 * Admission control for order placement. When Temporal is saturated every start takes longer; without
 * a bound the API would hold ever more requests for ever longer (seconds at p50), and clients would
 * pile on. Here at most `concurrency` placements run at once, a newcomer waits at most `maxWaitMs` for
 * a turn, and otherwise it is refused with 503 and `Retry-After` before it has read or written
 * anything, so a shed request leaves no trace and may simply be sent again. The same happens at once
 * while `saturated()` says the workers are behind: starts are then quick, but the orders would queue
 * inside Temporal instead.
 */
export function createAdmission({ concurrency, maxWaitMs, retryAfterS, saturated }: AdmissionOptions) {
  let running = 0;
  let shed = 0;
  const queue: Array<{ admit: () => void; timer: NodeJS.Timeout }> = [];

  const release = () => {
    const next = queue.shift();
    if (!next) return void (running -= 1);
    clearTimeout(next.timer);
    next.admit();
  };

  const refuse = () => {
    shed += 1;
    return overloaded(
      `the order service is at capacity; nothing was recorded, retry in ${retryAfterS} s`,
      retryAfterS,
    );
  };

  async function admitted(): Promise<void> {
    if (saturated?.()) throw refuse();
    if (running < concurrency) return void (running += 1);
    await new Promise<void>((resolve, reject) => {
      const entry = {
        admit: resolve,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          reject(refuse());
        }, maxWaitMs),
      };
      queue.push(entry);
    });
  }

  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      await admitted();
      try {
        return await work();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: queue.length, shed }),
  };
}

export type Admission = ReturnType<typeof createAdmission>;
