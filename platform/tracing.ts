import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The attribute every span of an order carries: the order's correlation id. */
export const CORRELATION_ATTRIBUTE = 'correlation.id';
/** The request's correlation id in the trace context, where spans started for the request find it. */
export const CORRELATION_KEY = createContextKey(CORRELATION_ATTRIBUTE);
/** The correlation id of the traced request in progress (tracing on only). */
export const activeCorrelationId = (): string | undefined =>
  context.active().getValue(CORRELATION_KEY) as string | undefined;

export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** Tracing is on when an OTLP endpoint is configured (the standard variables) or a test installs an exporter. */
export const tracingWanted = (env: NodeJS.ProcessEnv = process.env) =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
  env.OTEL_SDK_DISABLED !== 'true';

/** The process's tracing, once started; undefined when it is off (then nothing is traced, at no cost). */
export const currentTracing = (): Tracing | undefined => active;

/**
 * Starts OpenTelemetry tracing for this process: a tracer provider with W3C trace-context propagation,
 * exporting over OTLP (http/protobuf; the OTEL_* variables apply), or to the given exporter (tests).
 * Does nothing when tracing is not wanted, so the API's tracer stays a no-op.
 */
export function startTracing(serviceName: string, exporter?: SpanExporter): Tracing | undefined {
  if (active) return active;
  if (!exporter && !tracingWanted()) return undefined;
  const resource = new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName });
  const spanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  active = {
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
      active = undefined;
    },
  };
  return active;
}

export const tracer = () => trace.getTracer('order-saga');

/** The trace context carried by headers (an outbox row's, a Kafka message's). */
export const contextFrom = (headers: Record<string, unknown>): Context =>
  propagation.extract(ROOT_CONTEXT, headers);

/** Adds the active trace context to `headers` (nothing when tracing is off). */
export function injectTraceContext(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/** Runs `work` in a span that ends with it, recording a failure. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
