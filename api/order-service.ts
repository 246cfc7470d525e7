import { WorkflowNotFoundError, WorkflowUpdateStage, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Knex } from 'knex';
import type { OrderLine, OrderStatus, OrderView } from '../contracts/order';
import type { Config } from '../platform/config';
import { listOrderSummaries, listSellerOrders } from '../projections';
import { boundedCall } from '../platform/temporal';
import {
  cancelOrder,
  fulfillOrder,
  getOrder,
  submitPayment,
  workflowIdFor,
  type CommandMeta,
  type ShipCommand,
} from '../workflows/definitions';
import type { Principal } from './auth';
import { createAdmission } from './admission';
import { createPlaceOrder, type RequestMeta } from './place-order';
import { conflict, notFound, unavailable } from './problem';
import { sellerSummaryOf, sellerViewOf } from './seller-view';
import { toHttpProblem } from './temporal-errors';

export type { RequestMeta } from './place-order';

export interface OrderListFilter {
  status?: OrderStatus;
  limit: number;
  shipped?: boolean;
  customerId?: string;
  from?: string;
  to?: string;
}

export interface OrderServiceObserver {
  started(): void;
  update(name: string, outcome: 'done' | 'in_progress' | 'refused' | 'closed' | 'failed'): void;
}

/**
 * An update answers within this long: with its result when the saga has acted by then, otherwise with
 * 202 and the order as it is now, the work going on in the background.
 */
const UPDATE_ANSWER_WITHIN_MS = 3000;
/** How long `GET /orders/:id` waits for the saga's own answer before reading the recorded state. */
const GET_ANSWER_WITHIN_MS = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the HTTP API does with orders: each call checks who may act, then talks to the order's saga. */
export function createOrderService({
  db,
  client,
  eagerStarter,
  config,
  backlogAgeMs,
  temporalReachable = () => true,
  observer,
}: {
  db: Knex;
  client: Client;
  /** A client on the connection of this process's own order worker: sagas start eagerly through it. */
  eagerStarter?: Client;
  config: Config;
  /** How long new orders have waited for a worker; past `config.admission.maxBacklogAgeMs` they are shed. */
  backlogAgeMs?: () => number;
  /** False once Temporal stopped answering: new orders are refused at once, before anything is written. */
  temporalReachable?: () => boolean;
  /** Told of each saga started and each update's outcome (the API's metrics). */
  observer?: OrderServiceObserver;
}) {
  const handleFor = (orderId: string) => client.workflow.getHandle(workflowIdFor(orderId));
  const placeOrder = createPlaceOrder({ db, client, eagerStarter, config });
  const admission = createAdmission({
    ...config.admission,
    retryAfterS: 1,
    saturated: () => (backlogAgeMs?.() ?? 0) > config.admission.maxBacklogAgeMs,
  });

  /**
   * Passes for the order's owner, for an ADMIN where allowed, and for a SELLER (where allowed) whose
   * products are in the order; returns that seller's product ids. Anyone else learns nothing, not even
   * that the order exists.
   */
  async function authorise(
    principal: Principal,
    orderId: string,
    allowed: { admin?: boolean; seller?: boolean },
  ): Promise<{ sellerProductIds?: string[] }> {
    const hidden = () => notFound(`order ${orderId} was not found`);
    const submission = UUID.test(orderId)
      ? await db('orders.submissions').where({ order_id: orderId }).first()
      : undefined;
    if (!submission) throw hidden();
    if (submission.customer_id === principal.subject && principal.role === 'USER') return {};
    if (principal.role === 'ADMIN' && allowed.admin) return {};
    if (principal.role === 'SELLER' && allowed.seller) {
      const sellerProductIds = await productsOfSellerIn(orderId, principal.subject);
      if (sellerProductIds.length > 0) return { sellerProductIds };
    }
    throw hidden();
  }

  /** The order's products that this seller owns: the catalog, not the order, says who owns a product. */
  async function productsOfSellerIn(orderId: string, sellerId: string): Promise<string[]> {
    const order = await db('orders.orders').where({ id: orderId }).first('items');
    if (!order) return [];
    const productIds = (order.items as OrderLine[]).map((line) => line.productId);
    return db('inventory.products')
      .whereIn('id', productIds)
      .where({ seller_id: sellerId })
      .orderBy('id')
      .pluck('id');
  }

  /**
   * Sends an update and answers within about UPDATE_ANSWER_WITHIN_MS: with its result when the saga has
   * acted on it by then (`done`), otherwise with the order as it is now while the work goes on (a refund
   * the PSP is slow to make; a charge being retried, during which the workflow cannot even confirm it
   * took the update). On a closed workflow Temporal answers "not found": to a client, a conflict.
   */
  async function update<A extends [CommandMeta | ({ token: string } & CommandMeta) | ShipCommand]>(
    orderId: string,
    definition: UpdateDefinition<OrderView, A>,
    args: A,
  ): Promise<{ order: OrderView; done: boolean }> {
    const name = definition.name;
    try {
      const finished = handleFor(orderId)
        .startUpdate(definition, { args, waitForStage: WorkflowUpdateStage.ACCEPTED })
        .then((handle) => handle.result())
        .then((order) => ({ order, done: true }));
      const answer = await Promise.race([
        finished,
        new Promise<undefined>((resolve) =>
          setTimeout(() => resolve(undefined), UPDATE_ANSWER_WITHIN_MS).unref(),
        ),
      ]);
      if (answer) {
        observer?.update(name, 'done');
        return answer;
      }
      // Answered already: a later refusal or failure only shows in the order's state.
      finished.catch(() => undefined);
      observer?.update(name, 'in_progress');
      return { order: await currentView(orderId), done: false };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) {
        const problem = toHttpProblem(error, orderId);
        observer?.update(name, problem.status === 409 ? 'refused' : 'failed');
        throw problem;
      }
      observer?.update(name, 'closed');
      // Bounded: a closed saga answers a query only through a worker's replay, and none may be polling.
      const current = await currentView(orderId).catch(() => undefined);
      throw conflict(`order ${orderId} is ${current?.status ?? 'closed'}; it can no longer change`);
    }
  }

  /**
   * The order as it is now: from its saga when it answers within `withinMs`, else from the order table
   * and the timeline read model. A saga answers no query while its workflow task runs, which a charge
   * retried through a PSP outage keeps doing for seconds at a time; the order is still shown meanwhile.
   */
  async function currentView(
    orderId: string,
    { withinMs = 1000, waitWhenUnrecorded = false } = {},
  ): Promise<OrderView> {
    try {
      return await boundedCall(client, withinMs, () => handleFor(orderId).query(getOrder));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw toHttpProblem(error, orderId);
      const row = await db('orders.orders').where({ id: orderId }).first();
      if (!row && waitWhenUnrecorded)
        // Not even recorded yet (its first step is under way): only the saga can say; wait for it.
        return handleFor(orderId)
          .query(getOrder)
          .catch((failure) => Promise.reject(toHttpProblem(failure, orderId)));
      if (!row) throw unavailable('the order is busy and cannot be read now; GET it again shortly', 2);
      const timeline: Array<{ occurred_at: Date; status: OrderStatus; event_type: string }> = await db(
        'read_models.order_timeline',
      )
        .where({ order_id: orderId })
        .whereNotNull('status')
        .orderBy('occurred_at');
      return {
        id: row.id,
        customerId: row.customer_id,
        status: row.status,
        ...(row.reason ? { reason: row.reason } : {}),
        items: row.items,
        totalCents: Number(row.total_cents),
        currency: row.currency,
        createdAt: new Date(row.created_at).toISOString(),
        updatedAt: new Date(row.updated_at).toISOString(),
        timeline: timeline.map((entry) => ({
          at: new Date(entry.occurred_at).toISOString(),
          status: entry.status,
          note: entry.event_type,
        })),
        step: 'busy (a step is under way or being retried); this is the last recorded state',
      };
    }
  }

  return {
    placeOrder: (...args: Parameters<typeof placeOrder>) => {
      if (!temporalReachable())
        throw unavailable(
          'Temporal, which runs every order, is unreachable; nothing was recorded, retry later',
        );
      return admission.run(async () => {
        const placed = await placeOrder(...args);
        if (placed.created) observer?.started();
        return placed;
      });
    },

    /** The whole order, or (SELLER) that seller's part of it. */
    async getOrder(principal: Principal, orderId: string) {
      const { sellerProductIds } = await authorise(principal, orderId, { admin: true, seller: true });
      const order = await currentView(orderId, { withinMs: GET_ANSWER_WITHIN_MS, waitWhenUnrecorded: true });
      return sellerProductIds
        ? sellerViewOf(order, { sellerId: principal.subject, productIds: sellerProductIds })
        : order;
    },

    /**
     * A customer's own orders, a seller's orders with their products, or (ADMIN) every order, which an
     * ADMIN may narrow to one customer. Every role may narrow by status and by when the order was placed.
     */
    async listOrders(principal: Principal, filter: OrderListFilter) {
      const { status, limit } = filter;
      const when = {
        ...(filter.from ? { createdFrom: new Date(filter.from) } : {}),
        ...(filter.to ? { createdBefore: new Date(filter.to) } : {}),
      };
      if (principal.role === 'SELLER') {
        const sellerId = principal.subject;
        const rows = await listSellerOrders(db, {
          sellerId,
          ...(filter.shipped === undefined ? {} : { sellerShipped: filter.shipped }),
          status,
          limit,
          ...when,
        });
        // The seller's part only: its last change is its last status or its own shipment, the later.
        return {
          items: rows.map(({ order, productIds, shippedAt }) =>
            sellerSummaryOf(
              order,
              { sellerId, productIds },
              shippedAt && shippedAt > order.updatedAt ? shippedAt : order.updatedAt,
            ),
          ),
        };
      }
      const customerId = principal.role === 'ADMIN' ? filter.customerId : principal.subject;
      return listOrderSummaries(db, { customerId, status, limit, ...when });
    },

    async pay(principal: Principal, orderId: string, token: string, meta: RequestMeta) {
      await authorise(principal, orderId, {});
      return update(orderId, submitPayment, [{ token, ...meta }]);
    },

    async cancel(principal: Principal, orderId: string, meta: RequestMeta) {
      await authorise(principal, orderId, { admin: true });
      return update(orderId, cancelOrder, [meta]);
    },

    /** A SELLER ships their own lines of the order; an ADMIN ships every line not yet shipped. */
    async fulfil(principal: Principal, orderId: string, meta: RequestMeta) {
      const { sellerProductIds } = await authorise(principal, orderId, { admin: true, seller: true });
      if (!sellerProductIds) return update(orderId, fulfillOrder, [meta]);
      const part = { sellerId: principal.subject, productIds: sellerProductIds };
      const { order, done } = await update(orderId, fulfillOrder, [{ ...meta, ...part }]);
      return { order: sellerViewOf(order, part), done };
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
