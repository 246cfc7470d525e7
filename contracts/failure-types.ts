/** `ApplicationFailure.type` values shared by activities, the workflow and the API. */
export const FailureType = {
  PaymentDeclined: 'PaymentDeclined',
  InvalidOrderState: 'InvalidOrderState',
  ProductNotFound: 'ProductNotFound',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
