export { startEventConsumer, type EventConsumer, type EventConsumerOptions } from './consumer-group';
export type { ApplyEvents, ApplyOutcome, ConsumerStats, MessageSource } from './handle-message';
export { isTransientError } from './is-transient-error';
