import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import type { OrderService } from '../../api/order-service';
import type { Config } from '../../platform/config';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';

const unused = () => Promise.reject(new Error('not used by this test'));

/**
 * The API's HTTP layer alone (routing, auth, validation, errors, read-model queries) on a free port,
 * with order and catalog services that must not be reached (unless the test supplies some).
 */
export function startHttpLayer(config: Config, orders: Partial<OrderService> = {}) {
  const db = createDb(config.postgres.url);
  const app = createApp({
    config,
    logger: createLogger('silent'),
    db,
    orders: {
      placeOrder: unused,
      getOrder: unused,
      listOrders: unused,
      pay: unused,
      cancel: unused,
      fulfil: unused,
      ...orders,
    },
    catalog: { createProduct: unused, restockProduct: unused },
    readiness: {},
  });
  const server = app.listen(0);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.close();
      await db.destroy();
    },
  };
}
