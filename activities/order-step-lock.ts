import type { Knex } from 'knex';

/**
 * Takes the order's step lock for this transaction, or fails at once. Temporal may start a step again
 * while an earlier attempt still runs (a workflow task that timed out on a starved worker runs its
 * local activities anew); without this, the second attempt would queue behind the first on the same
 * rows and hold a second database session. It fails instead, and is retried after the first is done.
 */
export async function takeOrderStepLock(trx: Knex.Transaction, orderId: string): Promise<void> {
  const { rows } = await trx.raw<{ rows: Array<{ locked: boolean }> }>(
    `select pg_try_advisory_xact_lock(hashtext('order-step'), hashtext(?)) as locked`,
    [orderId],
  );
  if (!rows[0]?.locked) throw new StepInProgressError(orderId);
}

/** Retryable: another attempt of a step of this order holds its lock now. */
export class StepInProgressError extends Error {
  constructor(orderId: string) {
    super(`another attempt of a step of order ${orderId} is still running; this one is retried after it`);
    this.name = 'StepInProgressError';
  }
}
