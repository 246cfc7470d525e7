import { ZodError } from 'zod';
import { parseDomainEvent, type DomainEvent } from '../../contracts/events';

export type Decoded = { ok: true; event: DomainEvent } | { ok: false; error: Error };

/** A message that is not JSON, or not a valid event of a known type, can never be applied. */
export function decodeMessage(value: Buffer | null): Decoded {
  if (value === null) return { ok: false, error: new Error('the message has no value') };
  try {
    return { ok: true, event: parseDomainEvent(JSON.parse(value.toString('utf8'))) };
  } catch (error) {
    if (error instanceof ZodError) return { ok: false, error: new Error(summarize(error)) };
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** One line, so that it reads well in a log record and in a dead-letter header. */
function summarize(error: ZodError): string {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `not a valid event: ${issues.join('; ')}`;
}
