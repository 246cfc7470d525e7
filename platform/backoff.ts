export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Exponential backoff with jitter, so that instances restarted together do not retry in lockstep. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
