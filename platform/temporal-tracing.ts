import { trace } from '@opentelemetry/api';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInboundCallsInterceptor, WorkerOptions } from '@temporalio/worker';
import { activeCorrelationId, CORRELATION_ATTRIBUTE, currentTracing } from './tracing';

const correlationOf = (arg: unknown): string | undefined => {
  const value = arg as { correlationId?: string; context?: { correlationId?: string } } | undefined;
  return value?.correlationId ?? value?.context?.correlationId;
};
const tagActiveSpan = (arg: unknown) => {
  const correlationId = correlationOf(arg);
  if (correlationId) trace.getActiveSpan()?.setAttribute(CORRELATION_ATTRIBUTE, correlationId);
};

/** Client interceptors when tracing is on: Temporal's span per call, carrying the correlation id. */
export function tracingClientInterceptors(): { workflow: WorkflowClientInterceptor[] } | undefined {
  if (!currentTracing()) return undefined;
  // Each call is made for a request: its span carries that request's correlation id.
  const tagged =
    <I, O>(call: (input: I, next: (input: I) => O) => O) =>
    (input: I, next: (input: I) => O) => {
      const correlationId = activeCorrelationId();
      if (correlationId) trace.getActiveSpan()?.setAttribute(CORRELATION_ATTRIBUTE, correlationId);
      return call(input, next);
    };
  const passOn = <I, O>(input: I, next: (input: I) => O) => next(input);
  const correlation: WorkflowClientInterceptor = {
    start: tagged(passOn),
    startUpdate: tagged(passOn),
    query: tagged(passOn),
    describe: tagged(passOn),
  };
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor(), correlation] };
}

/**
 * Worker options when tracing is on: a span per workflow and per activity (local ones too), with the
 * workflow's spans exported from the sandbox through a sink, and the correlation id on each.
 */
export function tracingWorkerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined {
  const tracing = currentTracing();
  if (!tracing) return undefined;
  const correlation: ActivityInboundCallsInterceptor = {
    execute: (input, next) => (tagActiveSpan(input.args[0]), next(input)),
  };
  return {
    interceptors: {
      workflowModules: [
        require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
        require.resolve('../workflows/tracing-interceptors'),
      ],
      activity: [
        (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) }),
        () => ({ inbound: correlation }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
