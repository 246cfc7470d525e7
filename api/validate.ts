import type { z } from 'zod';
import { fromZod } from './problem';

/** Parses input at the edge; a failure is a 422 problem naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, where);
  return result.data;
}
