import { parseArgs } from 'node:util';
import { UsageError } from '../scripts/cli';
import type { KneeCriteria, RatePlan } from './knee';
import { parseMix, type Mix } from './mix';

export const USAGE = `usage: npm run bench -- [options]

Open-loop load on the running stack (start it with \`npm start\`; API_URL, KAFKA_BROKERS and
TEMPORAL_ADDRESS point it elsewhere). Three stages, each stepped from --from, doubling until the system
stops keeping up, then bisected; the knee is the highest rate at which >= 95 % of the offered units
completed and p99 stayed under --max-p99:

  yardstick  a bare workflow of five no-op activities on a default Temporal dev server of the bench's
             own (it measures the machine; it never follows the product's settings)
  floor      the same bare workflow on the product's Temporal server, with the order worker's settings
  saga       POST /orders (two lines) through the API, timed until the order's terminal event
             (order.paid, or order.cancelled for declined cards) is on Kafka: its record's
             timestamp, set by the outbox relay (a bench on another machine needs the clocks in step)

options:
  --stages LIST     which stages, in order (default yardstick,floor,saga)
  --from N          first rate, orders/s (default 5)
  --max N           highest rate tried (default 400)
  --refine N        bisection steps after the doubling (default 3)
  --rates LIST      explicit rates instead of the search, e.g. 10,20,30
  --duration S      seconds of arrivals per step (default 20)
  --drain S         seconds after the arrivals that stragglers may still complete (default 10)
  --warmup S        seconds of load at the first rate before each stage, not counted (default 10):
                    fresh processes (JIT compilers, caches, consumer groups) are slow at first
  --max-p99 MS      p99 bound of "kept up" (default 2000)
  --mix SPEC        declined=SHARE,later=SHARE: declined cards, and orders placed unpaid then paid
                    through POST /orders/:id/payment (default: every order pays tok_visa at once)
  --yardstick-port  port of the yardstick server (default 16233)
  --out FILE        raw figures as JSON (default .data/bench/bench-<time>.json)

Each step starts once the step before has completed its units and the stack's processes have gone
quiet (under a quarter of a core for two seconds; at most a minute), so that a step after an overload
measures its own rate, not the recovery from the overload.

Bench orders stay PAID (waiting to ship) in the stack afterwards; \`npm start -- --fresh\` starts clean.`;

export interface BenchOptions {
  stages: string[];
  plan: RatePlan;
  durationS: number;
  drainS: number;
  warmupS: number;
  criteria: KneeCriteria;
  mix: Mix;
  mixText: string;
  yardstickPort: number;
  out?: string;
}

/** The command line, checked: undefined when the user asked for --help. */
export function parseBenchOptions(): BenchOptions | undefined {
  const { values } = parseArgs({
    options: {
      stages: { type: 'string', default: 'yardstick,floor,saga' },
      from: { type: 'string', default: '5' },
      max: { type: 'string', default: '400' },
      refine: { type: 'string', default: '3' },
      rates: { type: 'string' },
      duration: { type: 'string', default: '20' },
      drain: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '10' },
      'max-p99': { type: 'string', default: '2000' },
      mix: { type: 'string', default: '' },
      'yardstick-port': { type: 'string', default: '16233' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const number = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min)
      throw new UsageError(`--${name} must be a number >= ${min}, not "${text}"`);
    return n;
  };
  const stages = values.stages.split(',').filter(Boolean);
  const unknown = stages.filter((s) => !['yardstick', 'floor', 'saga'].includes(s));
  if (unknown.length || stages.length === 0)
    throw new UsageError(`--stages takes yardstick, floor and saga; not "${values.stages}"`);
  const plan: RatePlan = {
    from: number('from', values.from, 0.1),
    max: number('max', values.max, 0.1),
    refine: number('refine', values.refine, 0),
    ...(values.rates ? { rates: values.rates.split(',').map((r) => number('rates', r, 0.1)) } : {}),
  };
  const durationS = number('duration', values.duration, 1);
  const drainS = number('drain', values.drain, 0);
  const warmupS = number('warmup', values.warmup, 0);
  const criteria: KneeCriteria = { minCompletion: 0.95, maxP99Ms: number('max-p99', values['max-p99'], 1) };
  let mix;
  try {
    mix = parseMix(values.mix);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  return {
    stages,
    plan,
    durationS,
    drainS,
    warmupS,
    criteria,
    mix,
    mixText: values.mix,
    yardstickPort: number('yardstick-port', values['yardstick-port'], 1),
    ...(values.out ? { out: values.out } : {}),
  };
}
