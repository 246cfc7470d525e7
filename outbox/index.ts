export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
export { SHARDS_PER_TABLE, OUTBOX_TABLES } from './outbox-shards';
