export { startProjector, DEFAULT_PROJECTOR_GROUP, type Projector, type ProjectorOptions } from './projector';
export { listOrderSummaries, type OrderSummary, type OrderSummaryFilter } from './list-order-summaries';
export { listCatalog } from './list-catalog';
export { READ_MODEL_CHANGES, type ReadModelChange } from './apply-event';
