import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { operatorConfig } from '../scripts/stack/cluster/profile';
import { createKafka } from '../platform/kafka';
import { installTemporalRuntime } from '../platform/temporal';
import { runCli, untilSignal } from '../scripts/cli';
import { PROJECT_ROOT } from '../scripts/stack/paths';
import { ORDER_WORKER_TUNING } from '../workers/order-worker';
import { findKnee, keepsUp } from './knee';
import { parseBenchOptions, USAGE } from './options';
import type { StepResult } from './open-loop';
import { readProcesses, watchUsage } from './process-usage';
import { renderStage, stepLine, type MeasuredStep, type Stage } from './report';
import { startSagaLoad } from './saga-load';
import { startTemporalAlone } from './temporal-alone';
import { startYardstickServer } from './yardstick-server';

async function main() {
  const options = parseBenchOptions();
  if (!options) return void console.log(USAGE);
  const { stages, plan, durationS, drainS, warmupS, criteria, mix } = options;

  // On the cluster profile the bench reads Kafka as its administrator.
  const config = operatorConfig(loadConfig());
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
    if (warmupS > 0) {
      const rate = plan.rates?.[0] ?? plan.from;
      await settle(load.pending, names);
      const warm = await load.runAt(rate, warmupS, drainS);
      process.stderr.write(
        `  warm-up: ${rate}/s for ${warmupS} s, ${warm.completed}/${warm.offered} done (not counted)\n`,
      );
    }
    const steps: MeasuredStep[] = [];
    const { knee } = await findKnee(
      async (rate) => {
        await settle(load.pending, names);
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
    const server = await startYardstickServer(options.yardstickPort);
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
    const kafka = createKafka(config.kafka, 'bench');
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
        `POST /orders -> ${options.mixText ? `terminal event (mix ${options.mixText})` : 'order.paid'}`,
        saga,
      );
      if (found.knee > 0 && !plan.rates) {
        // The latency a user sees with headroom: the same system at half its knee.
        await settle(saga.pending, names);
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
    options.out ??
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
      { at: new Date().toISOString(), plan, durationS, drainS, warmupS, criteria, mix, stages: results },
      null,
      2,
    ),
  );
  console.log(`raw figures: ${path.relative(process.cwd(), out)}`);
  process.exit(0);
}

/** Waits for the last step's stragglers, so one step's backlog is not measured as the next one's load. */
/** The stack's processes together below this many cores count as quiet (idle, they use about 0.1). */
const QUIET_CORES = 0.25;

/**
 * Before a step: the previous step's units done, and then the stack quiet. After an overloaded step the
 * bench's own orders are done long before everything else is (the consumers work off their lag,
 * Temporal its deferred tasks, PostgreSQL its autovacuum), and a step started then would measure that
 * recovery, not its rate. Waits for two quiet seconds in a row, at most a minute.
 */
async function settle(pending: () => number, names: Map<number, string>) {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const deadline = Date.now() + 120_000;
  while (pending() > 0 && Date.now() < deadline) await sleep(250);
  await sleep(2000);
  const cpu = () => [...readProcesses(names).cpuSeconds.values()].reduce((sum, s) => sum + s, 0);
  const started = Date.now();
  let quietSeconds = 0;
  let before = cpu();
  while (quietSeconds < 2 && Date.now() - started < 60_000) {
    await sleep(1000);
    const now = cpu();
    quietSeconds = now - before < QUIET_CORES ? quietSeconds + 1 : 0;
    before = now;
  }
  const waitedS = Math.round((Date.now() - started) / 1000);
  if (waitedS > 5) process.stderr.write(`  (waited ${waitedS} s for the stack to go quiet)\n`);
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
