import type { Knex } from 'knex';
import { createInventoryActivities } from './inventory';
import { composeOpenAndPay } from './open-and-pay';
import { createOpenOrderActivities } from './open-order';
import { createOrderActivities } from './orders';
import type { PaymentGateway } from './payment-gateway-client';
import { createPaymentActivities } from './payments';

export interface ActivityDeps {
  db: Knex;
  gateway: PaymentGateway;
}

/** Everything the order worker registers; wired once in workers/order-worker.ts. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createInventoryActivities(deps),
    ...createPaymentActivities(deps),
    ...createOrderActivities(deps),
    ...createOpenOrderActivities(deps),
  };
}

export type OrderSagaActivities = ReturnType<typeof createActivities>;

/** What the worker registers: the steps, and the steps composed from them (see open-and-pay.ts). */
export function withComposedSteps(steps: OrderSagaActivities) {
  return { ...steps, ...composeOpenAndPay(steps) };
}
export * from './inventory';
export * from './orders';
export * from './open-order';
export * from './open-and-pay';
export * from './payments';
export * from './payment-gateway-client';
export * from './catalog';
