export { startEventConsumer, type EventConsumer, type EventConsumerOptions } from './consumer-group';
export type { ApplyEvents, ApplyOutcome, ConsumerObserver, ConsumerStats } from './handle-message';
export type { MessageSource } from './dead-letter';
export { isTransientError } from './is-transient-error';
export { createConsumerMetrics, type ConsumerMetrics } from './consumer-metrics';
