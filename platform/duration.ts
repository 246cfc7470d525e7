const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses durations such as `30m`, `45s`, `1500ms` or `2h` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration; use a number and a unit, e.g. 30m, 45s, 1500ms`);
  const [, amount, unit] = match;
  const ms = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  if (ms <= 0) throw new Error(`duration "${text}" must be positive`);
  return ms;
}
