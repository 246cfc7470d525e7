import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './activities';
import { BARE_STEPS } from './shape';

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '10s' });

/** Temporal alone: five regular no-op activities in sequence. */
export async function bareWorkflow(id: string): Promise<void> {
  for (let step = 1; step <= BARE_STEPS; step++) await noop(id, step);
}
