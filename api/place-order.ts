import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { OrderLine, OrderView, PlaceOrder } from '../contracts/order';
import type { Config } from '../platform/config';
import { deterministicUuid } from '../platform/ids';
import { boundedCall } from '../platform/temporal';
import { orderSaga } from '../workflows';
import {
  CustomerIdKey,
  getOrder,
  OrderStatusKey,
  OrderTotalCentsKey,
  workflowIdFor,
  type OrderSagaInput,
} from '../workflows/definitions';
import type { Principal } from './auth';
import { productsUnlessBusy } from './busy-products';
import { unavailable, unprocessable } from './problem';
import { toHttpProblem } from './temporal-errors';
import { checkUnpaidHolds, lockCustomerHolds } from './unpaid-holds';

export interface RequestMeta {
  requestId: string;
  correlationId: string;
}

/**
 * How long a start may take before the order is refused with 503. A healthy start takes milliseconds;
 * without a deadline the client's gRPC reconnects keep a request waiting for 20 s when Temporal is away.
 */
const START_DEADLINE_MS = 1800;
/** How long the same key sent again waits for its order's saga to say how the order stands. */
const REPLAY_ANSWER_WITHIN_MS = 3000;
/** A saga records or ends its order within this long past its payment window (see unpaid-holds.ts). */
const HOLD_GRACE_MS = 5 * 60_000;

/**
 * The name an order id derives from. A subject or key may hold `/`, so each part's `%` and `/` are
 * escaped: two callers can never derive the same id, and parts without them derive the ids they always did.
 */
export function orderIdName(customerId: string, idempotencyKey: string): string {
  const part = (text: string) => text.replace(/%/g, '%25').replace(/\//g, '%2F');
  return `order/${part(customerId)}/${part(idempotencyKey)}`;
}

/**
 * Placing an order is idempotent per (customer, Idempotency-Key): the order id derives from them, the
 * submission row remembers the request's hash, and the workflow id derives from the order id.
 */
export function createPlaceOrder({
  db,
  client,
  eagerStarter,
  config,
}: {
  db: Knex;
  client: Client;
  /** Starts sagas with `requestEagerStart` (see api/eager-start.ts); unset, `client` starts them. */
  eagerStarter?: Client;
  config: Config;
}) {
  const starter = eagerStarter ?? client;
  async function priceLines(items: PlaceOrder['items']) {
    const products = await productsUnlessBusy(
      db,
      items.map((i) => i.productId),
    );
    const byId = new Map(products.map((p) => [p.id, p]));
    const unknown = items.filter((i) => !byId.has(i.productId)).map((i) => i.productId);
    if (unknown.length > 0)
      throw unprocessable(`unknown product(s): ${unknown.join(', ')}`, { unknownProductIds: unknown });
    const currencies = [...new Set(products.map((p) => p.currency))];
    if (currencies.length > 1)
      throw unprocessable(`an order is paid in one currency; these products use ${currencies.join(', ')}`);
    const lines: OrderLine[] = items.map((i) => ({
      ...i,
      unitPriceCents: byId.get(i.productId)!.price_cents,
      sellerId: byId.get(i.productId)!.seller_id,
    }));
    return {
      lines,
      currency: currencies[0]!,
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
    };
  }

  async function startSaga(input: OrderSagaInput) {
    const total = `${(input.totalCents / 100).toFixed(2)} ${input.currency}`;
    const options = {
      workflowId: workflowIdFor(input.orderId),
      taskQueue: config.temporal.taskQueue,
      args: [input] as [OrderSagaInput],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
      typedSearchAttributes: [
        { key: OrderStatusKey, value: 'PENDING' },
        { key: CustomerIdKey, value: input.customerId },
        { key: OrderTotalCentsKey, value: input.totalCents },
      ],
      staticSummary: `Order for ${input.customerId}: ${input.items.length} line(s), ${total}`,
      staticDetails: input.items
        .map(
          (l) =>
            `- ${l.quantity} × \`${l.productId}\` at ${(l.unitPriceCents / 100).toFixed(2)} ${input.currency}`,
        )
        .join('\n'),
    };
    try {
      await boundedCall(starter, START_DEADLINE_MS, () =>
        starter.workflow.start(orderSaga, { ...options, requestEagerStart: eagerStarter !== undefined }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  return async function placeOrder(
    principal: Principal,
    body: PlaceOrder,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
  ) {
    const key = idempotencyKey ?? randomUUID();
    const customerId = principal.subject;
    const orderId = deterministicUuid(orderIdName(customerId, key));
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const submission = { customer_id: customerId, idempotency_key: key };
    const buildInput = async (): Promise<OrderSagaInput> => {
      const { lines, currency, totalCents } = await priceLines(body.items);
      return {
        orderId,
        customerId,
        ...(principal.email ? { customerEmail: principal.email } : {}),
        items: lines,
        totalCents,
        currency,
        createdAt: new Date().toISOString(),
        paymentWindowMs: config.paymentWindowMs,
        ...(body.payment ? { payment: body.payment } : {}),
        correlationId: meta.correlationId,
        requestId: meta.requestId,
      };
    };
    const ambiguous = () =>
      // The start may have reached Temporal before it went away: the key's row stays, so the same key
      // finds (or starts) this very order and never makes a second; the reconciler settles it otherwise.
      unavailable(
        `Temporal did not confirm the order in time and cannot be asked now; send the request again with Idempotency-Key "${key}" to complete it (it will not make a second order)`,
        5,
        { idempotencyKey: key, orderId },
      );

    /**
     * Starts the saga while the caller's transaction holds the key's row, so that a concurrent request
     * with the same key, and the reconciler, see the row only once the outcome is known. A start that
     * surely failed throws, which rolls the transaction back.
     */
    const startHoldingRow = async (input: OrderSagaInput): Promise<'started' | 'unknown'> => {
      try {
        await startSaga(input);
        return 'started';
      } catch (error) {
        const started = await wasStarted(client, orderId);
        if (started === 'yes') return 'started';
        // The eager start's client goes on retrying after the deadline: not there yet is not "never".
        if (started === 'unknown' || eagerStarter) return 'unknown';
        throw unavailable(
          `the order could not be started and nothing was recorded; retry later (${(error as Error).message})`,
        );
      }
    };

    /** A new key: its row and the saga's start, together. */
    const placeNew = async (): Promise<{ order: OrderView; created: boolean }> => {
      const input = await buildInput();
      const units = body.items.reduce((sum, item) => sum + item.quantity, 0);
      const outcome = await db.transaction(async (trx) => {
        await lockCustomerHolds(trx, customerId);
        const inserted = await trx('orders.submissions')
          .insert({ ...submission, request_hash: requestHash, order_id: orderId, units })
          .onConflict(['customer_id', 'idempotency_key'])
          .ignore()
          .returning('order_id');
        // Another request with this key got there first (this insert waited for its outcome).
        if (inserted.length === 0) return 'exists' as const;
        await checkUnpaidHolds(trx, customerId, units, {
          ...config.unpaidHolds,
          windowMs: config.paymentWindowMs + HOLD_GRACE_MS,
        });
        return startHoldingRow(input);
      });
      if (outcome === 'exists') return replay(await db('orders.submissions').where(submission).first());
      if (outcome === 'unknown') throw ambiguous();
      return { order: pendingView(input), created: true };
    };

    /** The same key again: the same order, as it is now. */
    const replay = async (existing: {
      request_hash: string;
    }): Promise<{ order: OrderView; created: boolean }> => {
      if (existing.request_hash !== requestHash) {
        throw unprocessable(
          'this Idempotency-Key was already used for a different order; use a new key for a new order',
        );
      }
      try {
        // Bounded: a closed saga answers only through a worker's replay, and none may be polling.
        const order = await boundedCall(client, REPLAY_ANSWER_WITHIN_MS, () =>
          client.workflow.getHandle(workflowIdFor(orderId)).query(getOrder),
        );
        return { order, created: false };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw toHttpProblem(error, orderId);
        // An earlier attempt kept the row but its start did not take: start it now, holding the row.
        const input = await buildInput();
        const outcome = await db.transaction(async (trx) => {
          const row = await trx('orders.submissions').where({ order_id: orderId }).forUpdate().first();
          return row ? startHoldingRow(input) : ('gone' as const);
        });
        // The reconciler found nothing had started and removed the row: this is a new placement.
        if (outcome === 'gone') return placeNew();
        if (outcome === 'unknown') throw ambiguous();
        return { order: pendingView(input), created: false };
      }
    };

    const existing = await db('orders.submissions').where(submission).first();
    return existing ? replay(existing) : placeNew();
  };
}

function pendingView(input: OrderSagaInput): OrderView {
  const { orderId: id, customerId, items, totalCents, currency, createdAt } = input;
  const timeline = [{ at: createdAt, status: 'PENDING' as const, note: 'order placed' }];
  return {
    id,
    customerId,
    status: 'PENDING',
    items,
    totalCents,
    currency,
    createdAt,
    updatedAt: createdAt,
    timeline,
    step: 'recording the order',
  };
}

/** After a failed start: did it take? Asked with a deadline of its own, as Temporal may be away. */
export async function wasStarted(client: Client, orderId: string): Promise<'yes' | 'no' | 'unknown'> {
  try {
    await boundedCall(client, 700, () => client.workflow.getHandle(workflowIdFor(orderId)).describe());
    return 'yes';
  } catch (error) {
    return error instanceof WorkflowNotFoundError ? 'no' : 'unknown';
  }
}
