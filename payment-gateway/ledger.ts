import { randomBytes } from 'node:crypto';

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

/** The PSP's books, in memory. Callers get copies so stored responses never change afterwards. */
export class Ledger {
  private readonly charges = new Map<string, Charge>();
  private readonly refunds: Refund[] = [];

  createCharge(input: Pick<Charge, 'amountCents' | 'currency' | 'orderId'>): Charge {
    const charge: Charge = {
      id: newId('ch'),
      status: 'succeeded',
      ...input,
      refundedCents: 0,
      createdAt: new Date().toISOString(),
    };
    this.charges.set(charge.id, charge);
    return { ...charge };
  }

  findCharge(id: string): Charge | undefined {
    const charge = this.charges.get(id);
    return charge && { ...charge };
  }

  listCharges(orderId?: string): Charge[] {
    return [...this.charges.values()]
      .filter((charge) => orderId === undefined || charge.orderId === orderId)
      .map((charge) => ({ ...charge }));
  }

  /** Without an amount, refunds whatever is left of the charge. */
  refund(chargeId: string, amountCents?: number): RefundOutcome {
    const charge = this.charges.get(chargeId);
    if (!charge) return 'unknown_charge';
    const remaining = charge.amountCents - charge.refundedCents;
    const amount = amountCents ?? remaining;
    if (amount <= 0 || amount > remaining) return 'exceeds_charge';
    charge.refundedCents += amount;
    const refund: Refund = {
      id: newId('re'),
      chargeId,
      amountCents: amount,
      status: 'succeeded',
      createdAt: new Date().toISOString(),
    };
    this.refunds.push(refund);
    return { ...refund };
  }
}
