/** `ApplicationFailure.type` values shared by activities, the workflow and the API. */
export const FailureType = {
  PaymentDeclined: 'PaymentDeclined',
  /** The PSP refused a refund for good (unknown charge, more than was charged): an operator must act. */
  RefundRefused: 'RefundRefused',
  InvalidOrderState: 'InvalidOrderState',
  ProductNotFound: 'ProductNotFound',
  /** A seller has as many products as PRODUCTS_PER_SELLER allows. */
  ProductLimitReached: 'ProductLimitReached',
  /** A restock would take a product's stock past MAX_ON_HAND. */
  StockLimitReached: 'StockLimitReached',
  /**
   * The order's data is refused for good (a PostgreSQL data exception or an unexpected constraint
   * violation, a payload that fails its schema): non-retryable; the saga rejects the order.
   */
  InvalidOrder: 'InvalidOrder',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
