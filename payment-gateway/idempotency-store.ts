import type { GatewayResponse } from './gateway-response';

interface Entry {
  fingerprint: string;
  attempts: number;
  inFlight?: Promise<GatewayResponse>;
  completed?: GatewayResponse;
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: GatewayResponse }
  | { kind: 'replayed'; response: GatewayResponse }
  | { kind: 'mismatch' };

/**
 * Remembers, per Idempotency-Key, the request it was first used with and the response it got.
 * Responses below 500 are final and replayed; 5xx are transient, so the next attempt runs again.
 * A request that arrives while the same key is in flight waits for it instead of charging twice.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async execute(
    key: string,
    fingerprint: string,
    handle: (attempt: number) => Promise<GatewayResponse>,
  ): Promise<IdempotentOutcome> {
    for (;;) {
      const existing = this.entries.get(key);
      if (existing && existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (existing?.completed) return { kind: 'replayed', response: existing.completed };
      if (existing?.inFlight) {
        // Only its result matters here; the request that started it reports its failure.
        await existing.inFlight.catch(() => undefined);
        continue;
      }
      const entry: Entry = existing ?? { fingerprint, attempts: 0 };
      this.entries.set(key, entry);
      entry.attempts += 1;
      const running = handle(entry.attempts);
      entry.inFlight = running;
      try {
        const response = await running;
        if (response.status < 500) entry.completed = response;
        return { kind: 'fresh', response };
      } finally {
        entry.inFlight = undefined;
      }
    }
  }
}
