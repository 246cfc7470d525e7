import { z } from 'zod';
import { ORDER_STATUSES } from './order';

/** What `GET /admin/overview` answers: the order flow at a glance, from the read models. */
export const Overview = z.object({
  countsByStatus: z.record(z.enum(ORDER_STATUSES), z.number().int()),
  /** Orders placed per minute over the last `minutes` minutes, oldest first, empty minutes included. */
  placedPerMinute: z.array(z.object({ minute: z.iso.datetime({ offset: true }), placed: z.number().int() })),
  /** Where an order's workflow opens in the Temporal Web UI: `{url}/namespaces/{namespace}/workflows/order-{id}`. */
  temporalUi: z.object({ url: z.string(), namespace: z.string(), workflowIdPrefix: z.string() }),
});
export type Overview = z.infer<typeof Overview>;

/** One process whose /metrics the pipeline view read. */
const Source = z.object({
  process: z.string(),
  url: z.string(),
  up: z.boolean(),
  error: z.string().optional(),
});

/** What `GET /admin/pipeline` answers: the event pipeline's health, read from the services' own metrics. */
export const Pipeline = z.object({
  sources: z.array(Source),
  outboxBacklog: z.array(z.object({ table: z.string(), rows: z.number().int() })),
  /** Commit → Kafka ack, in ms: the mean since the previous read (within a minute), else over the relay's life. */
  publishLagMs: z.number().optional(),
  publishErrors: z.number().int().optional(),
  /** Messages the projector's group is behind the partitions' ends, summed. */
  projectorLagMessages: z.number().int().optional(),
  /** Event → read model, in ms, averaged like publishLagMs. */
  projectorEventLagMs: z.number().optional(),
  deadLettered: z.number().int().optional(),
  emailsFailed: z.number().int().optional(),
});
export type Pipeline = z.infer<typeof Pipeline>;

/** A failure drill on the payment gateway mock (see payment-gateway/drill.ts). */
export const StartDrill = z.strictObject({
  mode: z.enum(['fail', 'slow', 'off']),
  seconds: z.number().int().min(1).max(600).optional(),
  delayMs: z.number().int().min(100).max(20_000).optional(),
});
export const DrillState = z.object({
  mode: z.enum(['fail', 'slow', 'off']),
  until: z.iso.datetime({ offset: true }).optional(),
  delayMs: z.number().int().optional(),
});
export type DrillState = z.infer<typeof DrillState>;
