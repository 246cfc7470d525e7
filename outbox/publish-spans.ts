import { propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { contextFrom, CORRELATION_ATTRIBUTE, currentTracing, tracer } from '../platform/tracing';
import type { OutboxRow } from './outbox-rows';

/**
 * With tracing on: a producer span per row, child of the step that wrote the row (its `traceparent`),
 * whose own context replaces it in the message headers, so a consumer's span is the publish's child.
 * Returns the rows to send and a function that ends the spans once Kafka has answered.
 */
export function startPublishSpans(rows: OutboxRow[]): { rows: OutboxRow[]; end(error?: Error): void } {
  if (!currentTracing()) return { rows, end: () => {} };
  const spans: Span[] = [];
  const traced = rows.map((row) => {
    const parent = contextFrom(row.headers);
    if (!trace.getSpanContext(parent)) return row;
    const span = tracer().startSpan(
      `publish ${row.headers.eventType ?? row.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': row.topic,
          'messaging.message.id': row.headers.eventId ?? row.id,
          ...(row.headers.correlationId ? { [CORRELATION_ATTRIBUTE]: row.headers.correlationId } : {}),
        },
      },
      parent,
    );
    spans.push(span);
    const headers = { ...row.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    return { ...row, headers };
  });
  return {
    rows: traced,
    end(error) {
      for (const span of spans) {
        if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        span.end();
      }
    },
  };
}
