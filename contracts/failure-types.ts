/** `ApplicationFailure.type` values shared by activities, the workflow and the API. */
export const FailureType = {
  PaymentDeclined: 'PaymentDeclined',
  /** The PSP refused a refund for good (unknown charge, more than was charged): an operator must act. */
  RefundRefused: 'RefundRefused',
  InvalidOrderState: 'InvalidOrderState',
  ProductNotFound: 'ProductNotFound',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
