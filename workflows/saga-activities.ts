import {
  CancellationScope,
  proxyActivities,
  proxyLocalActivities,
  type ActivityFunction,
  type ActivityOptions,
} from '@temporalio/workflow';
import type {
  InventoryActivities,
  OpenAndPayActivities,
  OpenOrderActivities,
  OrderActivities,
  PaymentActivities,
} from '../activities';
import { FailureType } from '../contracts/failure-types';

/**
 * Database steps run as local activities: by the worker inside the workflow task, with no task queue
 * round trip and no scheduled/started/completed events, only a marker. Each is a single PostgreSQL
 * transaction of milliseconds, idempotent under re-execution, and retried until it succeeds: a
 * compensation is never given up.
 */
export const localDatabase = proxyLocalActivities<
  InventoryActivities & OrderActivities & OpenOrderActivities
>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
});

/** The PSP: `tok_slow` takes seconds; a decline is final, anything else is retried with the same idempotency key. */
const PSP: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    nonRetryableErrorTypes: [FailureType.PaymentDeclined],
  },
};
/**
 * The charge (alone, or inside `openAndPay` with the opening and PAID) as a local activity: from start
 * to PAID the order then takes one workflow task. The worker retries it (with timers past a minute); a
 * worker that dies mid-call leaves its task to time out and another one charges again with the same key.
 */
export const localPsp = proxyLocalActivities<PaymentActivities & OpenAndPayActivities>(PSP);
/** The refund, a regular activity: it may be retried for a long time while the PSP is down. */
export const psp = proxyActivities<PaymentActivities>(PSP);

interface Runnable<F extends ActivityFunction> {
  executeWithOptions(options: { summary: string }, args: Parameters<F>): Promise<Awaited<ReturnType<F>>>;
}

/**
 * Runs one activity with a one-line summary, which the Web UI shows on its events. Activities do not
 * heartbeat, so a cancelled one would keep running unseen in the worker: each step therefore completes
 * even while the workflow is being cancelled; cancellation lands on the waits.
 */
export function step<F extends ActivityFunction>(
  activity: Runnable<F>,
  summary: string,
  ...args: Parameters<F>
): Promise<Awaited<ReturnType<F>>> {
  return CancellationScope.nonCancellable(() => activity.executeWithOptions({ summary }, args));
}
