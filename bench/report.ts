import type { Step } from './knee';
import type { UsageByProcess } from './process-usage';
import { renderTable as table } from './table';

export interface MeasuredStep extends Step {
  usage: UsageByProcess;
}

export interface Stage {
  name: string;
  description: string;
  knee: number;
  steps: MeasuredStep[];
}

const spread = (s: { p50: number; p90: number; p99: number; max: number }) =>
  Number.isNaN(s.p50) ? '-' : `${s.p50}/${s.p90}/${s.p99}/${s.max}`;
const rate = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** One line of progress per step, printed while the bench runs. */
export function stepLine(stage: string, step: MeasuredStep): string {
  const { result } = step;
  return (
    `${stage}: ${rate(step.rate)}/s offered, ${rate(result.achievedRate)}/s achieved, ` +
    `${result.completed}/${result.offered} done, p99 ${result.complete.p99} ms` +
    (result.shed ? `, ${result.shed} shed` : '') +
    (step.keptUp ? '' : '  <- did not keep up')
  );
}

export function renderStage(stage: Stage): string {
  const rows = stage.steps.map(({ rate: offered, keptUp, result, usage }) => {
    const cpu = Object.values(usage).reduce((sum, u) => sum + u.cpuSeconds, 0);
    const errors = Object.entries(result.errors)
      .filter(([code]) => code !== 'shed')
      .map(([code, n]) => `${code}:${n}`)
      .join(' ');
    return [
      rate(offered),
      rate(result.achievedRate),
      `${result.completed}/${result.offered}`,
      String(result.shed),
      errors || '-',
      spread(result.accept),
      spread(result.complete),
      result.completed ? (cpu / result.completed).toFixed(3) : '-',
      keptUp ? 'yes' : 'no',
    ];
  });
  const main = table(
    [
      'offered/s',
      'achieved/s',
      'done',
      'shed',
      'errors',
      'submit ms p50/90/99/max',
      'done ms p50/90/99/max',
      'CPU s/order',
      'kept up',
    ],
    rows,
  );
  const names = [...new Set(stage.steps.flatMap((s) => Object.keys(s.usage)))].sort();
  const cpu = table(
    ['offered/s', ...names],
    stage.steps.map(({ rate: offered, result, usage }) => [
      rate(offered),
      ...names.map((n) =>
        result.completed && usage[n] ? ((usage[n].cpuSeconds * 1000) / result.completed).toFixed(1) : '-',
      ),
    ]),
  );
  const rss = names
    .map((n) => `${n} ${Math.max(...stage.steps.map((s) => s.usage[n]?.peakRssMb ?? 0))}`)
    .join(', ');
  return [
    `== ${stage.name}: ${stage.description}`,
    `knee: ${stage.knee ? `${rate(stage.knee)}/s` : 'none (did not keep up at the lowest rate)'}`,
    '',
    main,
    '',
    'CPU ms per completed unit, by process:',
    cpu,
    '',
    `peak RSS MB: ${rss || '(no local processes found)'}`,
  ].join('\n');
}
