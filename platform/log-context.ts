import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import { activeCorrelationId } from './tracing';

/** The correlation id of the work in progress (an HTTP request, an event being applied). */
const correlation = new AsyncLocalStorage<{ correlationId: string }>();

/** Runs `work` with its log lines carrying `correlationId`. */
export const withCorrelation = <T>(correlationId: string, work: () => T): T =>
  correlation.run({ correlationId }, work);

/** The fields every log line gets from where it is written: correlation id, trace and span ids. */
export function logContext(): Record<string, string> {
  const fields: Record<string, string> = {};
  const correlationId = correlation.getStore()?.correlationId ?? activeCorrelationId();
  if (correlationId) fields.correlationId = correlationId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && span.traceId !== '00000000000000000000000000000000') {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}
