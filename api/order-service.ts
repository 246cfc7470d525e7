import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { OrderLine, OrderStatus, OrderView, PlaceOrder } from '../contracts/order';
import type { Config } from '../platform/config';
import { deterministicUuid } from '../platform/ids';
import { listOrderSummaries } from '../projections';
import { orderSaga } from '../workflows';
import {
  cancelOrder,
  CustomerIdKey,
  fulfillOrder,
  getOrder,
  OrderStatusKey,
  OrderTotalCentsKey,
  submitPayment,
  workflowIdFor,
  type OrderSagaInput,
} from '../workflows/definitions';
import type { Principal } from './auth';
import { badRequest, conflict, notFound, unavailable, unprocessable } from './problem';
import { toHttpProblem } from './temporal-errors';

export interface RequestMeta {
  requestId: string;
  correlationId: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function createOrderService({ db, client, config }: { db: Knex; client: Client; config: Config }) {
  const handleFor = (orderId: string) => client.workflow.getHandle(workflowIdFor(orderId));

  /** The order id, if the caller may see the order: its owner, or a SELLER/ADMIN. */
  async function authorise(principal: Principal, orderId: string, roles: Principal['role'][]) {
    const submission = /^[0-9a-f-]{36}$/i.test(orderId)
      ? await db('orders.submissions').where({ order_id: orderId }).first()
      : undefined;
    const owner = submission?.customer_id === principal.subject;
    if (!submission || (!owner && !roles.includes(principal.role)))
      throw notFound(`order ${orderId} was not found`);
  }

  async function priceLines(
    items: PlaceOrder['items'],
  ): Promise<{ lines: OrderLine[]; currency: string; totalCents: number }> {
    const products = await db('inventory.products')
      .whereIn(
        'id',
        items.map((i) => i.productId),
      )
      .select('id', 'price_cents', 'currency');
    const byId = new Map(products.map((p) => [p.id as string, p]));
    const unknown = items.filter((i) => !byId.has(i.productId)).map((i) => i.productId);
    if (unknown.length > 0)
      throw unprocessable(`unknown product(s): ${unknown.join(', ')}`, { unknownProductIds: unknown });
    const currencies = new Set(products.map((p) => p.currency as string));
    if (currencies.size > 1)
      throw unprocessable(
        `an order is paid in one currency; these products use ${[...currencies].join(', ')}`,
      );
    const lines = items.map((i) => ({
      productId: i.productId,
      quantity: i.quantity,
      unitPriceCents: byId.get(i.productId)!.price_cents as number,
    }));
    return {
      lines,
      currency: [...currencies][0]!,
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
    };
  }

  async function startSaga(input: OrderSagaInput) {
    try {
      await client.workflow.start(orderSaga, {
        workflowId: workflowIdFor(input.orderId),
        taskQueue: config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: OrderStatusKey, value: 'PENDING' },
          { key: CustomerIdKey, value: input.customerId },
          { key: OrderTotalCentsKey, value: input.totalCents },
        ],
        staticSummary: `Order for ${input.customerId}: ${input.items.length} line(s), ${(input.totalCents / 100).toFixed(2)} ${input.currency}`,
        staticDetails: input.items
          .map((l) => `- ${l.quantity} × \`${l.productId}\` at ${(l.unitPriceCents / 100).toFixed(2)}`)
          .join('\n'),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /** Runs an update; on a closed workflow Temporal answers "not found", which to a client is a conflict. */
  async function update<T>(orderId: string, run: () => Promise<T>): Promise<T> {
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
    /** Idempotent per (customer, Idempotency-Key): the same key always names the same order. */
    async placeOrder(
      principal: Principal,
      body: PlaceOrder,
      idempotencyKey: string | undefined,
      meta: RequestMeta,
    ) {
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters');
      }
      const key = idempotencyKey ?? randomUUID();
      const customerId = principal.subject;
      const orderId = deterministicUuid(`order/${customerId}/${key}`);
      const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const { lines, currency, totalCents } = await priceLines(body.items);
      const input: OrderSagaInput = {
        orderId,
        customerId,
        items: lines,
        totalCents,
        currency,
        createdAt: new Date().toISOString(),
        paymentWindowMs: config.paymentWindowMs,
        ...(body.payment ? { payment: body.payment } : {}),
        correlationId: meta.correlationId,
        requestId: meta.requestId,
      };
      const inserted = await db('orders.submissions')
        .insert({
          customer_id: customerId,
          idempotency_key: key,
          request_hash: requestHash,
          order_id: orderId,
        })
        .onConflict(['customer_id', 'idempotency_key'])
        .ignore()
        .returning('order_id');
      if (inserted.length === 0) {
        const existing = await db('orders.submissions')
          .where({ customer_id: customerId, idempotency_key: key })
          .first();
        if (existing.request_hash !== requestHash) {
          throw unprocessable(
            'this Idempotency-Key was already used for a different order; use a new key for a new order',
          );
        }
        await startSaga(input).catch(() => undefined);
        const order = await handleFor(orderId)
          .query(getOrder)
          .catch(() => pendingView(input));
        return { order, created: false };
      }
      try {
        await startSaga(input);
      } catch (error) {
        // Nothing started: forget the submission so the order is neither half-made nor blocked.
        await db('orders.submissions').where({ order_id: orderId }).delete();
        throw unavailable(
          `the order could not be started, nothing was recorded; retry later (${(error as Error).message})`,
        );
      }
      return { order: pendingView(input), created: true };
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

function pendingView(input: OrderSagaInput): OrderView {
  const { orderId: id, customerId, items, totalCents, currency, createdAt } = input;
  return {
    id,
    customerId,
    status: 'PENDING',
    items,
    totalCents,
    currency,
    createdAt,
    updatedAt: createdAt,
    timeline: [{ at: createdAt, status: 'PENDING', note: 'order placed' }],
    step: 'recording the order',
  };
}
