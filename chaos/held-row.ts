import { spreadOf } from '../bench/percentiles';
import type { Db } from '../platform/db';
import type { InvariantResult } from './invariants';
import type { Outcome } from './mixed-load';

/**
 * The row-lock scenario's own verdict, one product's row held while the load goes on: the orders for
 * the other products must not notice (none refused, p99 POST → PAID within twice the p99 measured just
 * before, same load, no held row); the held product's orders are either refused at the door (503 with
 * Retry-After, nothing written) or accepted and completed once the row is free.
 */
export async function heldRowResults(
  { db, outcomes, productIds }: { db: Db; outcomes: Outcome[]; productIds: string[] },
  held: { from: number; to: number },
): Promise<InvariantResult[]> {
  const placements = outcomes.filter((o) => o.kind !== 'follow-up');
  const heldProduct = productIds[0]!;
  const during = placements.filter((o) => o.sentAt >= held.from && o.sentAt <= held.to);
  const before = placements.filter((o) => o.sentAt < held.from);
  const others = during.filter((o) => o.productId !== heldProduct);
  const onHeld = during.filter((o) => o.productId === heldProduct);

  const paidAt = await paidTimes(
    db,
    placements.flatMap((o) => (o.orderId ? [o.orderId] : [])),
  );
  const postToPaid = (group: typeof placements) =>
    spreadOf(
      group.flatMap((o) => {
        const at = o.kind === 'paid' && o.orderId ? paidAt.get(o.orderId) : undefined;
        return at === undefined ? [] : [at - o.sentAt];
      }),
    );
  const baseline = postToPaid(before.filter((o) => o.productId !== heldProduct));
  const othersLatency = postToPaid(others);
  const othersRefused = others.filter((o) => o.status < 200 || o.status >= 300);

  const refused = onHeld.filter((o) => o.status === 503);
  const accepted = onHeld.filter((o) => o.status >= 200 && o.status < 300);
  const unexpected = onHeld.filter((o) => o.status !== 503 && (o.status < 200 || o.status >= 300));
  const withoutRetryAfter = refused.filter((o) => !o.retryAfter);
  const written = refused.length
    ? await db('orders.submissions').whereIn(
        'idempotency_key',
        refused.map((o) => o.key!),
      )
    : [];
  const acceptedPaid = accepted.filter((o) => o.kind === 'paid' && o.orderId);
  const unpaid = acceptedPaid.filter((o) => !paidAt.has(o.orderId!));
  const lastPaidAfterRelease = Math.max(
    0,
    ...acceptedPaid.flatMap((o) => (paidAt.has(o.orderId!) ? [paidAt.get(o.orderId!)! - held.to] : [])),
  );

  return [
    {
      name: 'other products: none refused, p99 POST → PAID within 2× the p99 without the held row',
      ok:
        othersRefused.length === 0 &&
        othersLatency.n > 0 &&
        baseline.n > 0 &&
        othersLatency.p99 <= 2 * baseline.p99,
      detail:
        `${others.length} placed while the row was held, ${othersRefused.length} refused; POST → PAID ` +
        `p50/p99 ${othersLatency.p50}/${othersLatency.p99} ms (n ${othersLatency.n}) against ` +
        `${baseline.p50}/${baseline.p99} ms (n ${baseline.n}) before the row was taken`,
    },
    {
      name: 'held product: refused with 503 and Retry-After before anything is written, or completed after release',
      ok:
        unexpected.length === 0 &&
        withoutRetryAfter.length === 0 &&
        written.length === 0 &&
        unpaid.length === 0,
      detail:
        `${onHeld.length} placed while the row was held: ${refused.length} refused with 503 ` +
        `(${withoutRetryAfter.length} without Retry-After, ${written.length} with a submission written), ` +
        `${accepted.length} accepted (${acceptedPaid.length - unpaid.length}/${acceptedPaid.length} of those ` +
        `placed with their payment PAID, the last ${(lastPaidAfterRelease / 1000).toFixed(1)} s after release), ` +
        `${unexpected.length} other answers`,
    },
  ];
}

/** When each order's `order.paid` event was written (its transaction's start), by order id. */
async function paidTimes(db: Db, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows: Array<{ message_key: string; created_at: Date }> = await db('orders.outbox')
    .where({ event_type: 'order.paid' })
    .whereIn('message_key', orderIds)
    .select('message_key', 'created_at');
  return new Map(rows.map((r) => [r.message_key, r.created_at.getTime()]));
}
