import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * The deliberate change: the real OrderSaga, but it pauses before every charge (as if someone had added
 * "give the fraud check a second" to the paid path without `patched()`). As an interceptor it changes
 * one step of the current workflow code, so this control never drifts from the code it guards.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        if (input.activityType === 'chargePayment') await sleep('1s');
        return next(input);
      },
      async scheduleLocalActivity(input, next) {
        if (input.activityType === 'chargePayment') await sleep('1s');
        return next(input);
      },
    },
  ],
});
