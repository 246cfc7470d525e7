import { trace } from '@opentelemetry/api';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Workflow interceptors bundled after Temporal's OpenTelemetry ones (only when tracing is on): they put
 * the order's correlation id on the spans those create, from the workflow input and the activity inputs.
 */
const correlationOf = (arg: unknown): string | undefined => {
  const value = arg as { correlationId?: string; context?: { correlationId?: string } } | undefined;
  return value?.correlationId ?? value?.context?.correlationId;
};
const tag = (args: unknown[]) => {
  const correlationId = correlationOf(args[0]);
  if (correlationId) trace.getActiveSpan()?.setAttribute('correlation.id', correlationId);
};

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute(input, next) {
        tag(input.args);
        return next(input);
      },
      handleUpdate(input, next) {
        tag(input.args);
        return next(input);
      },
      validateUpdate(input, next) {
        tag(input.args);
        next(input);
      },
    },
  ],
  outbound: [
    {
      scheduleActivity(input, next) {
        tag(input.args);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        tag(input.args);
        return next(input);
      },
    },
  ],
});
