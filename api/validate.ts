import type { z } from 'zod';
import { badRequest, fromZod } from './problem';

/** Parses input at the edge; a failure is a 422 problem naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, where);
  return result.data;
}

/** An `Idempotency-Key` is 1 to 255 visible ASCII characters (RFC 9110 token-ish; no spaces). */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7e]{1,255}$';
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The request's `Idempotency-Key`, when it sent one; 400 when it is outside the documented limits. */
export function idempotencyKeyOf(req: { get(name: string): string | undefined }): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters');
  return key;
}
