import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { createCatalogActivities } from '../../activities/catalog';
import { createOrderService } from '../../api/order-service';
import type { OrderStatus, OrderView } from '../../contracts/order';
import type { Config } from '../../platform/config';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { connectClient } from '../../platform/temporal';
import { startOrderWorker } from '../../workers/order-worker';
import { startPaymentGateway } from '../../workers/payment-gateway';
import { orderSaga } from '../../workflows';
import { cancelOrder, getOrder, workflowIdFor, type OrderSagaInput } from '../../workflows/definitions';

const FINAL: OrderStatus[] = ['REJECTED', 'FULFILLED', 'CANCELLED'];
const RECORDER = { subject: 'history-recorder', role: 'USER' } as const;
/** Long enough for any scripted path to pay in time, short enough to watch the `expired` path end. */
const PAYMENT_WINDOW_MS = { normal: 60 * 60_000, short: 2_000 };
const PRICE_CENTS = 1250;

export interface OrderRequest {
  quantity: number;
  /** Stock of the product the order is for; less than `quantity` makes the order rejected. */
  onHand?: number;
  payment?: string;
  paymentWindow?: keyof typeof PAYMENT_WINDOW_MS;
  /** One line per seller, each seller's own product (`sellerId(n)`); default one line of the recorder's. */
  sellers?: number;
}

/** The n-th seller of a multi-seller order (1-based). */
export const sellerId = (n: number) => `${RECORDER.subject}-seller-${n}`;

/**
 * The order system in this process, as `npm start` wires it, minus Kafka (histories do not depend on
 * the events): payment gateway mock, an order worker on a task queue of its own, and the API's order
 * service driven directly, on the servers the configuration names.
 */
export async function openRecordingShop(base: Config) {
  const logger = createLogger('warn');
  const gateway = await startPaymentGateway({ port: 0, slowDelayMs: 300, logger });
  const config: Config = {
    ...base,
    // An expected decline is logged by the SDK as a warning; only errors matter here.
    logLevel: 'error',
    paymentGateway: { ...base.paymentGateway, url: gateway.url },
    temporal: { ...base.temporal, taskQueue: `record-histories-${randomUUID()}` },
  };
  const db = createDb(config.postgres.url);
  let worker: Awaited<ReturnType<typeof startOrderWorker>> | undefined;
  let client: Client;
  try {
    await db.raw('select 1 from orders.submissions limit 1');
    worker = await startOrderWorker({ config, logger, db });
    client = await connectClient(config);
  } catch (error) {
    // A stack that is not there must not keep this process alive through what did start.
    await worker?.stop();
    await Promise.allSettled([gateway.stop(), db.destroy()]);
    throw error;
  }
  const orderWorker = worker;
  const services = {
    normal: createOrderService({
      db,
      client,
      config: { ...config, paymentWindowMs: PAYMENT_WINDOW_MS.normal },
    }),
    short: createOrderService({
      db,
      client,
      config: { ...config, paymentWindowMs: PAYMENT_WINDOW_MS.short },
    }),
  };
  const orders = services.normal;
  const catalog = createCatalogActivities({ db });
  const placed: string[] = [];
  const meta = () => ({ requestId: randomUUID(), correlationId: randomUUID() });
  const handle = (orderId: string): WorkflowHandle => client.workflow.getHandle(workflowIdFor(orderId));
  async function newProduct(sellerId: string, onHand: number): Promise<string> {
    const productId = randomUUID();
    await catalog.createProduct({
      productId,
      sku: `REC-${productId}`,
      name: 'Recorded product',
      priceCents: PRICE_CENTS,
      currency: 'EUR',
      onHand,
      sellerId,
      requestId: productId,
    });
    return productId;
  }

  return {
    placed,
    handle,
    async placeOrder({ quantity, onHand = 10, payment, paymentWindow = 'normal', sellers }: OrderRequest) {
      const owners = sellers
        ? Array.from({ length: sellers }, (_, i) => sellerId(i + 1))
        : [RECORDER.subject];
      const items = [];
      for (const owner of owners) items.push({ productId: await newProduct(owner, onHand), quantity });
      const body = { items, ...(payment ? { payment: { token: payment } } : {}) };
      const { order } = await services[paymentWindow].placeOrder(RECORDER, body, randomUUID(), meta());
      placed.push(order.id);
      return order.id;
    },
    /** Waits until the saga's own state says `status`; fails if the order ended in another one. */
    async reach(orderId: string, status: OrderStatus): Promise<OrderView> {
      for (;;) {
        const view = await handle(orderId).query(getOrder);
        if (view.status === status) return view;
        if (FINAL.includes(view.status))
          throw new Error(`order ${orderId} ended ${view.status}, not ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /**
     * An order the API would refuse (its customer id holds `poison`, text PostgreSQL cannot store),
     * started on the saga directly: the way such text reaches an activity when the edge misses it.
     */
    async placeBehindTheEdge({ poison, payment }: { poison: string; payment?: string }) {
      const orderId = randomUUID();
      const quantity = 1;
      const input: OrderSagaInput = {
        orderId,
        customerId: `${RECORDER.subject}${poison}`,
        items: [{ productId: await newProduct(RECORDER.subject, 10), quantity, unitPriceCents: PRICE_CENTS }],
        totalCents: quantity * PRICE_CENTS,
        currency: 'EUR',
        createdAt: new Date().toISOString(),
        paymentWindowMs: PAYMENT_WINDOW_MS.normal,
        ...(payment ? { payment: { token: payment } } : {}),
        ...meta(),
      };
      await client.workflow.start(orderSaga, {
        workflowId: workflowIdFor(orderId),
        taskQueue: config.temporal.taskQueue,
        args: [input],
      });
      placed.push(orderId);
      return orderId;
    },
    /** A cancel whose request id holds `poison`, sent to the saga directly (the API would refuse it). */
    cancelBehindTheEdge: (orderId: string, poison: string) =>
      handle(orderId).executeUpdate(cancelOrder, { args: [{ ...meta(), requestId: `cancel${poison}` }] }),
    pay: (orderId: string, token: string) => orders.pay(RECORDER, orderId, token, meta()),
    cancel: (orderId: string) => orders.cancel(RECORDER, orderId, meta()),
    /** Ships as the given seller (their lines), by default as the recorder (every line of a one-seller order). */
    fulfil: (orderId: string, seller: string = RECORDER.subject) =>
      orders.fulfil({ subject: seller, role: 'SELLER' }, orderId, meta()),
    async close() {
      await Promise.allSettled(
        placed.map((id) => handle(id).terminate('history recording stopped before this order ended')),
      );
      await orderWorker.stop();
      await Promise.allSettled([client.connection.close(), gateway.stop(), db.destroy()]);
    },
  };
}

export type RecordingShop = Awaited<ReturnType<typeof openRecordingShop>>;
