import { z } from 'zod';

const amountCents = z
  .number('amountCents must be a number')
  .int('amountCents must be a whole number of cents')
  .positive('amountCents must be greater than 0')
  .max(Number.MAX_SAFE_INTEGER, 'amountCents is too large');

export const ChargeRequest = z.object({
  amountCents,
  currency: z.string('currency is required').regex(/^[A-Z]{3}$/, 'currency must be 3 uppercase letters'),
  token: z.string('token is required').min(1, 'token is required').max(200),
  orderId: z.string('orderId is required').min(1, 'orderId is required').max(200),
});
export type ChargeRequest = z.infer<typeof ChargeRequest>;

export const RefundRequest = z.object({
  chargeId: z.string('chargeId is required').min(1, 'chargeId is required').max(200),
  amountCents: amountCents.optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const ListChargesQuery = z.object({
  orderId: z.string('orderId must be given once').min(1, 'orderId must not be empty').optional(),
});

export const IdempotencyKey = z
  .string('the Idempotency-Key header is required')
  .trim()
  .min(1, 'the Idempotency-Key header is required')
  .max(255, 'the Idempotency-Key header is at most 255 characters');

/** One readable sentence from a zod error, for the problem `detail`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
