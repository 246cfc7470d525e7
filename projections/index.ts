export { startProjector, DEFAULT_PROJECTOR_GROUP, type Projector, type ProjectorOptions } from './projector';
export { listOrderSummaries, type OrderSummary, type OrderSummaryFilter } from './list-order-summaries';
export { listCatalog } from './list-catalog';
