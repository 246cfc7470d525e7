import type { Client } from '@temporalio/client';
import type { Db } from '../platform/db';

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was checked, in numbers; on failure, the first offenders. */
  detail: string;
}

export interface OracleOptions {
  db: Db;
  /** The payment gateway's base URL: its ledger is read over its own API, as a PSP's would be. */
  gatewayUrl: string;
  /** The merchant key the gateway asks of every caller of its API (PAYMENT_GATEWAY_API_KEY). */
  gatewayKey: string;
  temporal?: Client;
  /** How long after its deadline a CONFIRMED order, or after its submission a PENDING one, counts as stuck. */
  graceMs?: number;
}

const sample = (rows: unknown[], n = 5) => JSON.stringify(rows.slice(0, n));
const result = (name: string, offenders: unknown[], checked: string): InvariantResult => ({
  name,
  ok: offenders.length === 0,
  detail: offenders.length === 0 ? checked : `${offenders.length} offending: ${sample(offenders)}`,
});

/**
 * The books of the whole system, checked against each other: run after a fault, once the system has
 * settled. Each check reads the source of truth for its part; none trusts another part's view.
 */
export async function checkInvariants({
  db,
  gatewayUrl,
  gatewayKey,
  temporal,
  graceMs = 60_000,
}: OracleOptions) {
  const results: InvariantResult[] = [];
  const graceS = Math.round(graceMs / 1000);

  // 1. Every accepted order is recorded and in a legitimate state: terminal, PAID (waiting to ship),
  //    or CONFIRMED within its payment window; never PENDING for long, never accepted-but-missing.
  const { rows: stuck } = await db.raw(
    `select s.order_id, o.status, s.created_at
       from orders.submissions s
       left join orders.orders o on o.id = s.order_id
      where s.created_at < now() - make_interval(secs => ?)
        and (o.id is null or o.status = 'PENDING')`,
    [graceS],
  );
  const { rows: overdue } = await db.raw(
    `select o.id, (e.payload->'data'->>'paymentDueAt') as due
       from orders.orders o
       join orders.outbox e on e.message_key = o.id::text and e.event_type = 'order.confirmed'
      where o.status = 'CONFIRMED'
        and (e.payload->'data'->>'paymentDueAt')::timestamptz < now() - make_interval(secs => ?)`,
    [graceS],
  );
  const [{ n: orderCount }] = (await db.raw('select count(*)::int as n from orders.submissions')).rows;
  results.push(
    result('every accepted order is legitimate', [...stuck, ...overdue], `${orderCount} accepted orders`),
  );

  // 2. Money: the gateway's ledger against the payments table. One charge per order at most; every
  //    charge recorded, every recorded charge at the gateway, refunds on both sides alike.
  const response = await fetch(`${gatewayUrl}/v1/charges`, {
    headers: { authorization: `Bearer ${gatewayKey}` },
  });
  if (!response.ok) throw new Error(`the gateway answered ${response.status} for its ledger`);
  const { items: charges } = (await response.json()) as {
    items: Array<{ id: string; orderId: string; amountCents: number; refundedCents: number }>;
  };
  const payments: Array<{
    order_id: string;
    status: string;
    gateway_charge_id: string | null;
    amount_cents: string;
  }> = await db('payments.payments').whereIn('status', ['succeeded', 'refunded']);
  const byCharge = new Map(payments.map((p) => [p.gateway_charge_id, p]));
  const chargesPerOrder = new Map<string, number>();
  for (const c of charges) chargesPerOrder.set(c.orderId, (chargesPerOrder.get(c.orderId) ?? 0) + 1);
  const doubleCharged = [...chargesPerOrder].filter(([, n]) => n > 1).map(([orderId, n]) => ({ orderId, n }));
  results.push(result('no order charged twice', doubleCharged, `${charges.length} charges at the gateway`));
  const chargeIds = new Set(charges.map((c) => c.id));
  const mismatched = [
    ...charges
      .filter((c) => {
        const p = byCharge.get(c.id);
        const refunded = c.refundedCents === c.amountCents;
        return !p || (p.status === 'refunded') !== refunded || Number(p.amount_cents) !== c.amountCents;
      })
      .map((c) => ({ charge: c.id, orderId: c.orderId, recorded: byCharge.get(c.id)?.status ?? 'missing' })),
    ...payments
      .filter((p) => !p.gateway_charge_id || !chargeIds.has(p.gateway_charge_id))
      .map((p) => ({ orderId: p.order_id, status: p.status, gatewayCharge: 'missing' })),
  ];
  results.push(
    result(
      'every charge and refund matches the payments table',
      mismatched,
      `${payments.length} recorded payments`,
    ),
  );

  // 3. Stock: 0 <= reserved <= on_hand, the counters equal the reservation rows, and an order that ended
  //    without shipping holds nothing.
  const { rows: stock } = await db.raw(
    `select p.id, p.on_hand, p.reserved, coalesce(sum(r.quantity) filter (where r.status = 'reserved'), 0)::int as held
       from inventory.products p left join inventory.reservations r on r.product_id = p.id
      group by p.id
     having p.reserved < 0 or p.reserved > p.on_hand or p.on_hand < 0
         or p.reserved <> coalesce(sum(r.quantity) filter (where r.status = 'reserved'), 0)`,
  );
  const { rows: held } = await db.raw(
    `select r.order_id, o.status from inventory.reservations r join orders.orders o on o.id = r.order_id
      where r.status = 'reserved' and o.status in ('REJECTED', 'CANCELLED', 'FULFILLED')`,
  );
  const [{ n: productCount }] = (await db.raw('select count(*)::int as n from inventory.products')).rows;
  results.push(result('no oversold or lost unit of stock', [...stock, ...held], `${productCount} products`));

  // 4. Every event committed to an outbox has been published.
  const { rows: unpublished } = await db.raw(
    `select 'inventory' as outbox, count(*)::int as n from inventory.outbox where published_at is null
     union all select 'orders', count(*)::int from orders.outbox where published_at is null
     union all select 'payments', count(*)::int from payments.outbox where published_at is null`,
  );
  const [{ n: eventCount }] = (
    await db.raw(
      `select ((select count(*) from inventory.outbox) + (select count(*) from orders.outbox)
              + (select count(*) from payments.outbox))::int as n`,
    )
  ).rows;
  results.push(
    result(
      'every outbox row published',
      (unpublished as Array<{ n: number }>).filter((r) => r.n > 0),
      `${eventCount} events`,
    ),
  );

  // 5. The read models equal the source tables (each event applied once: a double apply shows here).
  const { rows: summaries } = await db.raw(
    `select o.id, o.status, s.status as projected
       from orders.orders o left join read_models.order_summaries s on s.order_id = o.id
      where s.order_id is null or s.status <> o.status or s.reason is distinct from o.reason
         or s.total_cents <> o.total_cents`,
  );
  const { rows: catalog } = await db.raw(
    `select p.id, p.on_hand, p.reserved, a.on_hand as projected_on_hand, a.reserved as projected_reserved
       from inventory.products p left join read_models.product_availability a on a.product_id = p.id
      where a.product_id is null or a.on_hand <> p.on_hand or a.reserved <> p.reserved`,
  );
  results.push(
    result('read models equal the source tables', [...summaries, ...catalog], 'orders and catalog'),
  );

  // 6. No saga failed, timed out or was terminated.
  if (temporal) {
    const broken: unknown[] = [];
    for await (const execution of temporal.workflow.list({
      query: `WorkflowType = 'orderSaga' AND ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`,
    })) {
      broken.push({ workflowId: execution.workflowId, status: execution.status.name });
      if (broken.length >= 20) break;
    }
    results.push(result('no saga failed or stuck', broken, 'Temporal visibility'));
  }
  return results;
}

/** The results as an aligned table for a terminal, one line per check. */
export function formatResults(results: InvariantResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results.map((r) => `${r.ok ? '✓' : '✗'} ${r.name.padEnd(width)}  ${r.detail}`).join('\n');
}
