import type { StepResult } from './open-loop';

export interface KneeCriteria {
  /** Share of offered units that must complete (shed or failed ones count against it). */
  minCompletion: number;
  /** p99 of submission → done above this means the queue is growing, not keeping up. */
  maxP99Ms: number;
}

export interface RatePlan {
  /** Explicit rates, run in order; otherwise doubling from `from`, then bisection. */
  rates?: number[];
  from: number;
  max: number;
  /** Bisection steps between the last rate kept up with and the first that was not. */
  refine: number;
}

export interface Step {
  rate: number;
  keptUp: boolean;
  result: StepResult;
}

export function keepsUp(result: StepResult, criteria: KneeCriteria): boolean {
  return (
    result.completed >= criteria.minCompletion * result.offered && result.complete.p99 <= criteria.maxP99Ms
  );
}

/**
 * The knee: the highest rate at which the system kept up. Doubles until it does not (or halves until it
 * does), then bisects, so a knee near 40/s costs about seven steps instead of a fine sweep.
 */
export async function findKnee(
  runAt: (rate: number) => Promise<StepResult>,
  plan: RatePlan,
  criteria: KneeCriteria,
): Promise<{ knee: number; steps: Step[] }> {
  const steps: Step[] = [];
  const attempt = async (rate: number) => {
    const result = await runAt(rate);
    const step = { rate, keptUp: keepsUp(result, criteria), result };
    steps.push(step);
    return step.keptUp;
  };
  if (plan.rates) {
    for (const rate of plan.rates) await attempt(rate);
    return { knee: Math.max(0, ...steps.filter((s) => s.keptUp).map((s) => s.rate)), steps };
  }
  let passed = 0;
  let failed = Infinity;
  for (let rate = plan.from; rate <= plan.max; rate *= 2) {
    if (!(await attempt(rate))) {
      failed = rate;
      break;
    }
    passed = rate;
  }
  // Too fast a start for this machine: halve until it keeps up, so a slow machine still gets a knee.
  for (let rate = plan.from / 2; passed === 0 && rate >= plan.from / 16; rate /= 2) {
    if (await attempt(rate)) passed = rate;
    else failed = rate;
  }
  for (let i = 0; i < plan.refine && Number.isFinite(failed) && passed > 0; i++) {
    const mid = Math.round(((passed + failed) / 2) * 2) / 2;
    if (mid <= passed || mid >= failed) break;
    if (await attempt(mid)) passed = mid;
    else failed = mid;
  }
  return { knee: passed, steps };
}
