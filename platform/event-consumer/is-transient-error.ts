const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
// SQLSTATE classes and codes that say "try again later", not "this event is bad": connection
// exceptions, insufficient resources, operator intervention (e.g. a restart), serialization and deadlock,
// and our own limits: a lock not granted in time (55P03), a statement cancelled by its timeout (57014).
const TRANSIENT_SQLSTATE = /^(08|53|57P)|^40001$|^40P01$|^55P03$|^57014$/;

/**
 * True when PostgreSQL was out of reach or asked for a retry. Such a failure says nothing about the
 * message, so the projector waits and retries it instead of dead-lettering it.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (TRANSIENT_NETWORK_CODES.has(code) || TRANSIENT_SQLSTATE.test(code)))
    return true;
  return (
    error.name === 'KnexTimeoutError' ||
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}
