import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export interface Charge {
  id: string;
  status: 'succeeded';
  amountCents: number;
  currency: string;
  orderId: string;
  refundedCents: number;
  createdAt: string;
}

export interface Refund {
  id: string;
  chargeId: string;
  amountCents: number;
  status: 'succeeded';
  createdAt: string;
}

export type RefundOutcome = Refund | 'unknown_charge' | 'exceeds_charge';

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

const toCharge = (row: Record<string, unknown>): Charge => ({
  id: row.id as string,
  status: 'succeeded',
  amountCents: Number(row.amount_cents),
  currency: row.currency as string,
  orderId: row.order_id as string,
  refundedCents: Number(row.refunded_cents),
  createdAt: new Date(row.created_at as string).toISOString(),
});

/** The PSP's books in its own PostgreSQL schema; writes take the caller's transaction. */
export const ledger = {
  async createCharge(
    trx: Knex,
    input: Pick<Charge, 'amountCents' | 'currency' | 'orderId'>,
  ): Promise<Charge> {
    const [row] = await trx('payment_gateway.charges')
      .insert({
        id: newId('ch'),
        order_id: input.orderId,
        amount_cents: input.amountCents,
        currency: input.currency,
      })
      .returning('*');
    return toCharge(row);
  },

  async findCharge(db: Knex, id: string): Promise<Charge | undefined> {
    const row = await db('payment_gateway.charges').where({ id }).first();
    return row && toCharge(row);
  },

  async listCharges(db: Knex, orderId?: string): Promise<Charge[]> {
    const rows = await db('payment_gateway.charges')
      .modify((q) => (orderId === undefined ? q : q.where({ order_id: orderId })))
      .orderBy('created_at');
    return rows.map(toCharge);
  },

  /** Without an amount, refunds whatever is left of the charge. The charge row is locked meanwhile. */
  async refund(trx: Knex, chargeId: string, amountCents?: number): Promise<RefundOutcome> {
    const charge = await trx('payment_gateway.charges').where({ id: chargeId }).forUpdate().first();
    if (!charge) return 'unknown_charge';
    const remaining = Number(charge.amount_cents) - Number(charge.refunded_cents);
    const amount = amountCents ?? remaining;
    if (amount <= 0 || amount > remaining) return 'exceeds_charge';
    await trx('payment_gateway.charges').where({ id: chargeId }).increment('refunded_cents', amount);
    const [row] = await trx('payment_gateway.refunds')
      .insert({ id: newId('re'), charge_id: chargeId, amount_cents: amount })
      .returning('*');
    return {
      id: row.id,
      chargeId,
      amountCents: amount,
      status: 'succeeded',
      createdAt: new Date(row.created_at).toISOString(),
    };
  },
};
