import type { CatalogActivities } from '../../activities/catalog';
import type { OrderService } from '../../api/order-service';

const unused = () => Promise.reject(new Error('not used by this test'));

/** Stand-ins for the API's services, for tests of the HTTP layer itself. */
export const unusedOrderService = (): OrderService => ({
  placeOrder: unused,
  getOrder: unused,
  listOrders: unused,
  pay: unused,
  cancel: unused,
  fulfil: unused,
});
export const unusedCatalog = (): CatalogActivities => ({ createProduct: unused, restockProduct: unused });
