/** How an order of the load behaves: paid at once, declined at once, or placed unpaid and paid later. */
export type OrderKind = 'paid' | 'declined' | 'later';

export interface Mix {
  declined: number;
  later: number;
}

export function parseMix(text: string): Mix {
  const mix: Mix = { declined: 0, later: 0 };
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    const share = Number(value);
    if ((name !== 'declined' && name !== 'later') || !(share >= 0 && share <= 1))
      throw new Error(`--mix takes declined=SHARE,later=SHARE with shares between 0 and 1, not "${part}"`);
    mix[name] = share;
  }
  if (mix.declined + mix.later > 1) throw new Error('--mix shares add up to more than 1');
  return mix;
}

/** Spreads the kinds evenly over the sequence (a low-discrepancy walk), so every step gets its share. */
export function kindOf(index: number, mix: Mix): OrderKind {
  const position = (index * 0.6180339887498949) % 1;
  if (position < mix.declined) return 'declined';
  if (position < mix.declined + mix.later) return 'later';
  return 'paid';
}

/** The event that ends each kind's part of the saga under load. */
export const TERMINAL_EVENT: Record<OrderKind, string> = {
  paid: 'order.paid',
  declined: 'order.cancelled',
  later: 'order.paid',
};
