export { startEventConsumer, type EventConsumer, type EventConsumerOptions } from './consumer-group';
export type {
  ApplyEvents,
  ApplyOutcome,
  ConsumerObserver,
  ConsumerStats,
  MessageSource,
} from './handle-message';
export { isTransientError } from './is-transient-error';
export { createConsumerMetrics, type ConsumerMetrics } from './consumer-metrics';
