import {
  CancellationScope,
  proxyActivities,
  proxyLocalActivities,
  type ActivityFunction,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type {
  InventoryActivities,
  OpenAndPayActivities,
  OpenOrderActivities,
  OrderActivities,
  PaymentActivities,
} from '../activities';
import { FailureType } from '../contracts/failure-types';

/** Database work is retried until it succeeds: a compensation is never given up. */
const DATABASE: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
};
/**
 * The same work as local activities: run by the worker inside the workflow task, with no task queue
 * round trip and no scheduled/started/completed events, only a marker. Each one is a single PostgreSQL
 * transaction of milliseconds, idempotent under re-execution, which is what local activities suit.
 */
const LOCAL_DATABASE: LocalActivityOptions = DATABASE;
/** The PSP: `tok_slow` takes seconds; a decline is final, anything else is retried with the same idempotency key. */
const PSP: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    nonRetryableErrorTypes: [FailureType.PaymentDeclined],
  },
};

/** The saga's first shape: every step a regular activity. Executions started before the patch replay it. */
export const regularSteps = {
  stock: proxyActivities<InventoryActivities>(DATABASE),
  records: proxyActivities<OrderActivities>(DATABASE),
};
export const localSteps = {
  stock: proxyLocalActivities<InventoryActivities>(LOCAL_DATABASE),
  records: proxyLocalActivities<OrderActivities>(LOCAL_DATABASE),
  opening: proxyLocalActivities<OpenOrderActivities>(LOCAL_DATABASE),
};
/** Opens, charges and records PAID in one local activity; the PSP's timeout and retries, as the charge's. */
export const localOpenAndPay = proxyLocalActivities<OpenAndPayActivities>(PSP);
export const payments = proxyActivities<PaymentActivities>(PSP);
/**
 * The charge as a local activity: from start to PAID the order then takes one workflow task. The same
 * retry policy applies (the worker retries, with timers past a minute); a worker that dies mid-call
 * leaves its task to time out and another worker charges again with the same idempotency key.
 */
export const localPayments = proxyLocalActivities<PaymentActivities>(PSP);

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
