import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { DomainEvent } from '../../contracts/events';
import { contextFrom, CORRELATION_ATTRIBUTE, currentTracing, tracer } from '../tracing';

const headersOf = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(message.headers ?? {}).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(Array.isArray(value) ? value[0] : value)]],
    ),
  );

/**
 * With tracing on: a consumer span per event, child of its publish span (the message's `traceparent`),
 * open while the event is applied; `end` closes them once the transaction has committed (or failed).
 */
export function startApplySpans(
  consumer: string,
  items: Array<{ message: KafkaMessage; event: DomainEvent }>,
): { end(error?: unknown): void } {
  if (!currentTracing()) return { end: () => {} };
  const spans: Span[] = items.flatMap(({ message, event }) => {
    const parent = contextFrom(headersOf(message));
    if (!trace.getSpanContext(parent)) return [];
    return [
      tracer().startSpan(
        `${consumer} apply ${event.type}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.message.id': event.eventId,
            [CORRELATION_ATTRIBUTE]: event.correlationId,
          },
        },
        parent,
      ),
    ];
  });
  return {
    end(error) {
      for (const span of spans) {
        if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.end();
      }
    },
  };
}
