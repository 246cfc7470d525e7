/** What the mock PSP does with a card, chosen by its token like a real PSP's test cards. */
export type CardBehaviour = 'approve' | 'decline' | 'flaky' | 'slow' | 'invalid';

const BEHAVIOUR_BY_TOKEN: Readonly<Record<string, CardBehaviour>> = {
  tok_visa: 'approve',
  tok_declined: 'decline',
  tok_flaky: 'flaky',
  tok_slow: 'slow',
};

/** Attempts per idempotency key that a flaky card fails before it approves. */
export const FLAKY_FAILURES = 2;

export function cardBehaviour(token: string): CardBehaviour {
  return Object.hasOwn(BEHAVIOUR_BY_TOKEN, token) ? BEHAVIOUR_BY_TOKEN[token]! : 'invalid';
}
