export interface WakeSignal {
  /** Ends the current wait, or the next one if nobody is waiting, so a wake-up is never lost. */
  wake(): void;
  /** Resolves after `ms`, or earlier on wake(); true when woken. */
  wait(ms: number): Promise<boolean>;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    wake() {
      pending = true;
      release?.();
    },
    async wait(ms) {
      let woken = pending;
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(0, ms));
          function done() {
            clearTimeout(timer);
            release = undefined;
            resolve();
          }
          release = () => {
            woken = true;
            done();
          };
        });
      }
      pending = false;
      return woken;
    },
  };
}
