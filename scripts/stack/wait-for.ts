/** Polls `probe` until it resolves, or fails with the last error once `timeoutMs` has passed. */
export async function waitFor(
  label: string,
  probe: () => Promise<unknown>,
  { timeoutMs = 60_000, intervalMs = 250, aborted = (): boolean => false } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (aborted()) throw new Error(`${label}: stopped waiting (start-up interrupted, or the process exited)`);
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `${label} was not ready after ${timeoutMs / 1000}s: ${(lastError as Error)?.message ?? lastError}`,
  );
}
