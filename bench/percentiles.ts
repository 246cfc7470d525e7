import { renderTable } from './table';

/** Nearest-rank percentile of already sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Spread {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function spreadOf(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p));
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

export interface LagRow {
  label: string;
  samples: number[];
}

/** A small fixed-width table of p50/p90/p99/max in milliseconds. */
export function renderLagTable(rows: LagRow[]): string {
  const header = ['lag', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const body = rows.map(({ label, samples }) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const ms = (p: number) => percentile(sorted, p).toFixed(1);
    return [label, String(sorted.length), ms(50), ms(90), ms(99), ms(100)];
  });
  return renderTable(header, body);
}
