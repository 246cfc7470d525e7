import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * The deliberate change: the real OrderSaga, but it pauses before every charge (as if someone had added
 * "give the fraud check a second" to the paid path without `patched()`). As an interceptor it changes
 * one step of the current workflow code, so this control never drifts from the code it guards. An order
 * placed with its payment charges inside `openAndPay`, so the pause comes before that step too.
 */
const CHARGING = ['chargePayment', 'openAndPay'];
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        if (CHARGING.includes(input.activityType)) await sleep('1s');
        return next(input);
      },
      async scheduleLocalActivity(input, next) {
        if (CHARGING.includes(input.activityType)) await sleep('1s');
        return next(input);
      },
    },
  ],
});
