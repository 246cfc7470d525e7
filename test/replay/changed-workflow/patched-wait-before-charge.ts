import { patched, sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * The pause of wait-before-charge.ts done right: behind `patched()`. A history recorded without the
 * marker replays the old path (no timer); new executions record the marker and pause.
 */
const CHARGING = ['chargePayment', 'openAndPay'];
const pauseBeforeCharge = async (activityType: string) => {
  if (CHARGING.includes(activityType) && patched('pause-before-charge')) await sleep('1s');
};
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        await pauseBeforeCharge(input.activityType);
        return next(input);
      },
      async scheduleLocalActivity(input, next) {
        await pauseBeforeCharge(input.activityType);
        return next(input);
      },
    },
  ],
});
