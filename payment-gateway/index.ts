export { createGatewayApp, DEFAULT_SLOW_DELAY_MS, type GatewayAppOptions } from './gateway-app';
export { cardBehaviour, FLAKY_FAILURES, type CardBehaviour } from './card-behaviour';
export type { Charge, Refund } from './ledger';
export { ChargeRequest, RefundRequest } from './schemas';
