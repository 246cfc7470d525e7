import type { Knex } from 'knex';
import type { GatewayResponse } from './gateway-response';

export type IdempotentOutcome =
  | { kind: 'fresh'; response: GatewayResponse }
  | { kind: 'replayed'; response: GatewayResponse }
  | { kind: 'mismatch' };

/**
 * Remembers, per endpoint and Idempotency-Key, the request it was first used with and the response it
 * got, durably. Responses below 500 are final and replayed; 5xx are transient, so the next attempt runs
 * again. The key's row is locked while its request runs, so a second request with the same key waits
 * for the first and then replays its answer instead of charging twice; the business change commits in
 * the same transaction as the answer.
 */
export function createIdempotencyStore(db: Knex, scope: string) {
  const table = 'payment_gateway.idempotency_keys';
  return {
    execute(
      key: string,
      fingerprint: string,
      handle: (attempt: number, trx: Knex.Transaction) => Promise<GatewayResponse>,
    ): Promise<IdempotentOutcome> {
      return db.transaction(async (trx) => {
        await trx(table).insert({ scope, key, fingerprint }).onConflict(['scope', 'key']).ignore();
        const entry = await trx(table).where({ scope, key }).forUpdate().first();
        if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (entry.response_status !== null) {
          return {
            kind: 'replayed',
            response: {
              status: entry.response_status,
              body: entry.response_body,
              problem: entry.response_problem,
            },
          };
        }
        const attempts = (entry.attempts as number) + 1;
        const response = await handle(attempts, trx);
        const final = response.status < 500;
        await trx(table)
          .where({ scope, key })
          .update({
            attempts,
            ...(final
              ? {
                  response_status: response.status,
                  response_body: JSON.stringify(response.body),
                  response_problem: response.problem,
                }
              : {}),
          });
        return { kind: 'fresh', response };
      });
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
