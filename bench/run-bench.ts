import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { createKafka } from '../platform/kafka';
import { installTemporalRuntime } from '../platform/temporal';
import { runCli, untilSignal, UsageError } from '../scripts/cli';
import { PROJECT_ROOT } from '../scripts/stack/paths';
import { ORDER_WORKER_TUNING } from '../workers/order-worker';
import { findKnee, keepsUp, type KneeCriteria, type RatePlan } from './knee';
import { parseMix } from './mix';
import type { StepResult } from './open-loop';
import { watchUsage } from './process-usage';
import { renderStage, stepLine, type MeasuredStep, type Stage } from './report';
import { startSagaLoad } from './saga-load';
import { startTemporalAlone } from './temporal-alone';
import { startYardstickServer } from './yardstick-server';

const USAGE = `usage: npm run bench -- [options]

Open-loop load on the running stack (start it with \`npm start\`; API_URL, KAFKA_BROKERS and
TEMPORAL_ADDRESS point it elsewhere). Three stages, each stepped from --from, doubling until the system
stops keeping up, then bisected; the knee is the highest rate at which >= 95 % of the offered units
completed and p99 stayed under --max-p99:

  yardstick  a bare workflow of five no-op activities on a default Temporal dev server of the bench's
             own (it measures the machine; it never follows the product's settings)
  floor      the same bare workflow on the product's Temporal server, with the order worker's settings
  saga       POST /orders (two lines) through the API, timed until the order's terminal event
             (order.paid, or order.cancelled for declined cards) reaches a Kafka consumer

options:
  --stages LIST     which stages, in order (default yardstick,floor,saga)
  --from N          first rate, orders/s (default 5)
  --max N           highest rate tried (default 400)
  --refine N        bisection steps after the doubling (default 3)
  --rates LIST      explicit rates instead of the search, e.g. 10,20,30
  --duration S      seconds of arrivals per step (default 20)
  --drain S         seconds after the arrivals that stragglers may still complete (default 10)
  --max-p99 MS      p99 bound of "kept up" (default 2000)
  --mix SPEC        declined=SHARE,later=SHARE: declined cards, and orders placed unpaid then paid
                    through POST /orders/:id/payment (default: every order pays tok_visa at once)
  --yardstick-port  port of the yardstick server (default 16233)
  --out FILE        raw figures as JSON (default .data/bench/bench-<time>.json)

Bench orders stay PAID (waiting to ship) in the stack afterwards; \`npm start -- --fresh\` starts clean.`;

async function main() {
  const { values } = parseArgs({
    options: {
      stages: { type: 'string', default: 'yardstick,floor,saga' },
      from: { type: 'string', default: '5' },
      max: { type: 'string', default: '400' },
      refine: { type: 'string', default: '3' },
      rates: { type: 'string' },
      duration: { type: 'string', default: '20' },
      drain: { type: 'string', default: '10' },
      'max-p99': { type: 'string', default: '2000' },
      mix: { type: 'string', default: '' },
      'yardstick-port': { type: 'string', default: '16233' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
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
  const criteria: KneeCriteria = { minCompletion: 0.95, maxP99Ms: number('max-p99', values['max-p99'], 1) };
  let mix;
  try {
    mix = parseMix(values.mix);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const config = loadConfig();
  installTemporalRuntime('error');
  const names = new Map<number, string>([[process.pid, 'bench']]);
  const results: Stage[] = [];

  /** Runs the knee search for one stage, measuring CPU and memory of every local process per step. */
  async function stage(
    name: string,
    description: string,
    load: { runAt(rate: number, d: number, drain: number): Promise<StepResult>; pending(): number },
  ) {
    process.stderr.write(`\n${name}: ${description}\n`);
    const steps: MeasuredStep[] = [];
    const { knee } = await findKnee(
      async (rate) => {
        await settle(load.pending);
        const usage = watchUsage(names);
        const result = await load.runAt(rate, durationS, drainS);
        const step = { rate, result, keptUp: keepsUp(result, criteria), usage: usage.stop() };
        steps.push(step);
        process.stderr.write(`  ${stepLine(name, step)}\n`);
        return result;
      },
      plan,
      criteria,
    );
    const done = { name, description, knee, steps };
    results.push(done);
    return done;
  }

  if (stages.includes('yardstick')) {
    const server = await startYardstickServer(number('yardstick-port', values['yardstick-port'], 1));
    // Ctrl-C mid-run must not leave the bench's own Temporal server behind.
    void untilSignal().then(() => server.stop().finally(() => process.exit(130)));
    names.set(server.pid, 'temporal (yardstick)');
    const alone = await startTemporalAlone(server.address, 'default', ORDER_WORKER_TUNING);
    try {
      await stage('yardstick', 'bare 5-activity workflow, default dev server of its own', alone);
    } finally {
      await alone.close();
      await server.stop();
      names.delete(server.pid);
    }
  }
  if (stages.includes('floor')) {
    const alone = await startTemporalAlone(
      config.temporal.address,
      config.temporal.namespace,
      ORDER_WORKER_TUNING,
    );
    try {
      await stage(
        'floor',
        `bare 5-activity workflow on the product's server (${config.temporal.address})`,
        alone,
      );
    } finally {
      await alone.close();
    }
  }
  if (stages.includes('saga')) {
    const kafka = createKafka(config.kafka.brokers, 'bench');
    const saga = await startSagaLoad({ apiUrl: config.api.url, jwt: config.jwt, kafka, mix }).catch(
      (error: Error) => {
        throw new Error(
          `cannot load the stack at ${config.api.url} (is \`npm start\` running?): ${error.message}`,
        );
      },
    );
    try {
      const found = await stage(
        'saga',
        `POST /orders -> ${values.mix ? `terminal event (mix ${values.mix})` : 'order.paid'}`,
        saga,
      );
      if (found.knee > 0 && !plan.rates) {
        // The latency a user sees with headroom: the same system at half its knee.
        await settle(saga.pending);
        const usage = watchUsage(names);
        const half = found.knee / 2;
        const result = await saga.runAt(half, durationS, drainS);
        const step = { rate: half, result, keptUp: keepsUp(result, criteria), usage: usage.stop() };
        found.steps.push(step);
        process.stderr.write(`  ${stepLine('saga at half the knee', step)}\n`);
      }
    } finally {
      await saga.close();
    }
  }

  const report = results.map(renderStage).join('\n\n');
  console.log(`\n${report}\n\n${summary(results)}`);
  const out =
    values.out ??
    path.resolve(
      PROJECT_ROOT,
      config.dataDir,
      'bench',
      `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify(
      { at: new Date().toISOString(), plan, durationS, drainS, criteria, mix, stages: results },
      null,
      2,
    ),
  );
  console.log(`raw figures: ${path.relative(process.cwd(), out)}`);
  process.exit(0);
}

/** Waits for the last step's stragglers, so one step's backlog is not measured as the next one's load. */
async function settle(pending: () => number) {
  const deadline = Date.now() + 120_000;
  while (pending() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 2000));
}

function summary(stages: Stage[]): string {
  const knee = (name: string) => stages.find((s) => s.name === name)?.knee;
  const [yardstick, floor, saga] = [knee('yardstick'), knee('floor'), knee('saga')];
  const lines = [`knees: ${stages.map((s) => `${s.name} ${s.knee}/s`).join(', ')}`];
  if (saga && yardstick) lines.push(`saga / yardstick = ${(saga / yardstick).toFixed(2)}`);
  if (saga && floor) lines.push(`saga / floor     = ${(saga / floor).toFixed(2)}`);
  const half = [...(stages.find((s) => s.name === 'saga')?.steps ?? [])]
    .reverse()
    .find((s) => saga && s.rate === saga / 2);
  if (half)
    lines.push(`saga at half the knee (${half.rate}/s): p99 POST -> done ${half.result.complete.p99} ms`);
  return lines.join('\n');
}

runCli(main);
