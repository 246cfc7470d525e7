import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { OrderStatus, OrderView } from '../contracts/order';
import type { Config } from '../platform/config';
import { listOrderSummaries } from '../projections';
import { cancelOrder, fulfillOrder, getOrder, submitPayment, workflowIdFor } from '../workflows/definitions';
import type { Principal } from './auth';
import { createAdmission } from './admission';
import { createPlaceOrder, type RequestMeta } from './place-order';
import { conflict, notFound, unavailable } from './problem';
import { toHttpProblem } from './temporal-errors';

export type { RequestMeta } from './place-order';

/** What the HTTP API does with orders: each call checks who may act, then talks to the order's saga. */
export function createOrderService({
  db,
  client,
  config,
  backlogAgeMs,
  temporalReachable = () => true,
}: {
  db: Knex;
  client: Client;
  config: Config;
  /** How long new orders have waited for a worker; past `config.admission.maxBacklogAgeMs` they are shed. */
  backlogAgeMs?: () => number;
  /** False once Temporal stopped answering: new orders are refused at once, before anything is written. */
  temporalReachable?: () => boolean;
}) {
  const handleFor = (orderId: string) => client.workflow.getHandle(workflowIdFor(orderId));
  const placeOrder = createPlaceOrder({ db, client, config });
  const admission = createAdmission({
    ...config.admission,
    retryAfterS: 1,
    saturated: () => (backlogAgeMs?.() ?? 0) > config.admission.maxBacklogAgeMs,
  });

  /** Passes for the order's owner and for the given roles; anyone else learns nothing, not even that it exists. */
  async function authorise(principal: Principal, orderId: string, roles: Principal['role'][]) {
    const submission = /^[0-9a-f-]{36}$/i.test(orderId)
      ? await db('orders.submissions').where({ order_id: orderId }).first()
      : undefined;
    const owner = submission?.customer_id === principal.subject;
    if (!submission || (!owner && !roles.includes(principal.role)))
      throw notFound(`order ${orderId} was not found`);
  }

  /** Runs an update; on a closed workflow Temporal answers "not found", which to a client is a conflict. */
  async function update(orderId: string, run: () => Promise<OrderView>): Promise<OrderView> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw toHttpProblem(error, orderId);
      const current = await handleFor(orderId)
        .query(getOrder)
        .catch(() => undefined);
      throw conflict(`order ${orderId} is ${current?.status ?? 'closed'}; it can no longer change`);
    }
  }

  return {
    placeOrder: (...args: Parameters<typeof placeOrder>) => {
      if (!temporalReachable())
        throw unavailable(
          'Temporal, which runs every order, is unreachable; nothing was recorded, retry later',
        );
      return admission.run(() => placeOrder(...args));
    },

    async getOrder(principal: Principal, orderId: string): Promise<OrderView> {
      await authorise(principal, orderId, ['SELLER', 'ADMIN']);
      return handleFor(orderId)
        .query(getOrder)
        .catch((error) => Promise.reject(toHttpProblem(error, orderId)));
    },

    listOrders(principal: Principal, status: OrderStatus | undefined, limit: number) {
      const customerId = principal.role === 'ADMIN' ? undefined : principal.subject;
      return listOrderSummaries(db, { customerId, status, limit });
    },

    async pay(principal: Principal, orderId: string, token: string, meta: RequestMeta) {
      await authorise(principal, orderId, []);
      return update(orderId, () =>
        handleFor(orderId).executeUpdate(submitPayment, { args: [{ token, ...meta }] }),
      );
    },

    async cancel(principal: Principal, orderId: string, meta: RequestMeta) {
      await authorise(principal, orderId, ['ADMIN']);
      return update(orderId, () => handleFor(orderId).executeUpdate(cancelOrder, { args: [meta] }));
    },

    async fulfil(principal: Principal, orderId: string, meta: RequestMeta) {
      await authorise(principal, orderId, ['SELLER', 'ADMIN']);
      return update(orderId, () => handleFor(orderId).executeUpdate(fulfillOrder, { args: [meta] }));
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
