export { startProjector, DEFAULT_PROJECTOR_GROUP, type Projector, type ProjectorOptions } from './projector';
export {
  listOrderSummaries,
  listSellerOrders,
  type OrderSummary,
  type OrderSummaryFilter,
  type SellerOrderRow,
} from './list-order-summaries';
export { listCatalog } from './list-catalog';
export { READ_MODEL_CHANGES, type ReadModelChange } from './apply-event';
