import { BARE_STEPS } from './shape';

/** The last step tells the bench when the workflow's work is done (the worker runs in the bench). */
export function createBareActivities(onDone: (id: string) => void) {
  return {
    async noop(id: string, step: number): Promise<void> {
      if (step === BARE_STEPS) onDone(id);
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
