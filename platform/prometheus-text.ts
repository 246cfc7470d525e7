/**
 * Reads the samples of a Prometheus text exposition (what every process serves on /metrics). Written
 * here because the admin view needs only samples with their labels, and the npm parsers of this format
 * are unmaintained; comments, HELP and TYPE lines are skipped.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of every sample of a metric (over all label values), or undefined when it has none. */
export function total(samples: Sample[], name: string): number | undefined {
  const matching = samples.filter((s) => s.name === name);
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}

/** A histogram's mean, in its unit, over the process's life; undefined before its first observation. */
export function histogramMean(samples: Sample[], name: string): number | undefined {
  const count = total(samples, `${name}_count`);
  const sum = total(samples, `${name}_sum`);
  return count && sum !== undefined ? sum / count : undefined;
}
