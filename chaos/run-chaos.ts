import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth';
import { createDb } from '../platform/db';
import { requireMerchantKey } from '../platform/config';
import { connectClient } from '../platform/temporal';
import { runCli, UsageError } from '../scripts/cli';
import { PROJECT_ROOT } from '../scripts/stack/paths';
import { startChaosStack } from './chaos-stack';
import { checkInvariants, formatResults, type InvariantResult } from './invariants';
import { createLoadProducts, startMixedLoad, type Outcome } from './mixed-load';
import { CLUSTER_SCENARIOS, SCENARIOS } from './scenarios';

const USAGE = `usage: npm run chaos -- [--cluster] [--only <scenario>[,<scenario>…]] [--rate <orders/s>] [--out <file>]

Starts a whole stack of its own (npm start on other ports, a 15 s payment window), drives a steady mixed
load (paid, declined, paid later, cancelled after payment, unpaid and expiring), and runs each scenario
in turn: inject one fault, keep the load on, let the system settle, run the invariant oracle. Writes the
results table to --out: by default docs/chaos-results.md for a whole run, and a file in the temporary
folder for a run of --only some (the published table is not replaced by a part of it). With --cluster
the stack is the cluster profile (npm start -- --cluster) and the scenarios are the ones replication
makes survivable; a whole run's table goes to docs/chaos-results-cluster.md.

scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}
cluster scenarios: ${CLUSTER_SCENARIOS.map((s) => s.name).join(', ')}`;

const RESULTS_FILE = path.join(PROJECT_ROOT, 'docs', 'chaos-results.md');
const CLUSTER_RESULTS_FILE = path.join(PROJECT_ROOT, 'docs', 'chaos-results-cluster.md');
const STACK_LOG_FILE = path.join(os.tmpdir(), 'chaos-stack.log');
const PARTIAL_RESULTS_FILE = path.join(os.tmpdir(), 'chaos-results.md');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stderr.write(`[chaos] ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Row {
  name: string;
  fault: string;
  happened: string;
  recoveredAfter: string;
  ordersDuringFault: number;
  results: InvariantResult[];
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        rate: { type: 'string', default: '3' },
        out: { type: 'string' },
        cluster: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('.')[0]}\n${USAGE}`);
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const only = values.only?.split(',').map((s) => s.trim());
  const cluster = values.cluster ?? false;
  const catalogue = cluster ? CLUSTER_SCENARIOS : SCENARIOS;
  const unknown = only?.filter((name) => !catalogue.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new UsageError(`unknown scenario(s): ${unknown.join(', ')}\n${USAGE}`);
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 50))
    throw new UsageError(`--rate must be a number of orders per second, 0 to 50`);
  const scenarios = catalogue.filter((s) => !only || only.includes(s.name));
  const resultsFile = path.resolve(
    values.out ?? (only ? PARTIAL_RESULTS_FILE : cluster ? CLUSTER_RESULTS_FILE : RESULTS_FILE),
  );

  const began = Date.now();
  say('starting a stack of its own (npm start on other ports)...');
  const stack = await startChaosStack('15s', { cluster });
  // Interrupted: stop the stack it started before leaving, so no server outlives the run.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      say(`${signal}: stopping the chaos stack...`);
      void stack.stop().finally(() => process.exit(130));
    });
  const db = createDb(stack.config.postgres.url, { max: 4 });
  const temporal = await connectClient(stack.config);
  const rows: Row[] = [];
  try {
    const apiUrl = `http://127.0.0.1:${stack.config.api.port}`;
    const seller = await signToken(stack.config.jwt, { role: 'SELLER', subject: 'chaos-seller' });
    const customerToken = await signToken(stack.config.jwt, { role: 'USER', subject: 'chaos-customer' });
    const productIds = await createLoadProducts(apiUrl, seller, 'Chaos');
    const ctx = { stack, db, apiUrl, customerToken, productIds };
    const oracle = () =>
      checkInvariants({
        db,
        gatewayUrl: stack.config.paymentGateway.url,
        gatewayKey: requireMerchantKey(stack.config),
        temporal,
        graceMs: 20_000,
      });

    for (const scenario of scenarios) {
      say(`${scenario.name}: ${scenario.fault}`);
      const load = startMixedLoad({ apiUrl, customerToken, productIds, ratePerS: rate });
      await sleep(5000);
      const outputBefore = stack.output().length;
      const faultStart = Date.now();
      await scenario.inject({ ...ctx, outcomes: load.outcomes });
      const faultEnd = Date.now();
      await sleep(10_000);
      await load.stop();
      const loadEnd = Date.now();

      // Settled when the oracle passes; it is given two minutes past the end of the load.
      let results: InvariantResult[] = [];
      let recoveredAt: number | undefined;
      while (Date.now() - loadEnd < 120_000) {
        results = await oracle().catch((error: Error) => [
          { name: 'oracle ran', ok: false, detail: error.message },
        ]);
        if (results.every((r) => r.ok)) {
          recoveredAt = Date.now();
          break;
        }
        await sleep(5000);
      }
      results.push(...((await scenario.check?.({ ...ctx, outcomes: load.outcomes })) ?? []));
      const happened = describe(load.outcomes, faultStart, faultEnd, stack.output().slice(outputBefore));
      const during = load.outcomes.filter(
        (o) => o.kind !== 'follow-up' && o.at >= faultStart && o.at <= faultEnd + 10_000,
      );
      rows.push({
        name: scenario.name,
        fault: scenario.fault,
        happened,
        recoveredAfter: recoveredAt ? seconds(recoveredAt - faultEnd) : 'not within 2 min of the load ending',
        ordersDuringFault: during.length,
        results,
      });
      say(`${scenario.name}: ${happened}`);
      process.stderr.write(`${formatResults(results)}\n`);
    }
  } finally {
    await temporal.connection.close();
    await db.destroy();
    await stack.stop();
    // What every process of the stack printed, for the why behind a row.
    fs.writeFileSync(STACK_LOG_FILE, stack.output());
    say(`the stack's output: ${STACK_LOG_FILE}`);
  }
  const tookMs = Date.now() - began;
  fs.writeFileSync(resultsFile, renderTable(rows, tookMs, rate, cluster));
  say(`results in ${resultsFile}; took ${seconds(tookMs)}`);
  if (rows.some((r) => r.results.some((x) => !x.ok))) process.exitCode = 1;
}

/** What the clients and the supervisor saw: the window of failed answers, and what was restarted. */
function describe(
  outcomes: Outcome[],
  faultStart: number,
  faultEnd: number,
  supervisorOutput: string,
): string {
  const failed = outcomes.filter((o) => o.status >= 500 || o.status === 0);
  const lateFailures = failed.filter((o) => o.at > faultEnd + 10_000);
  const parts: string[] = [];
  if (failed.length === 0) parts.push('no failed request');
  else {
    const first = Math.min(...failed.map((o) => o.at));
    const last = Math.max(...failed.map((o) => o.at));
    const statuses = [...new Set(failed.map((o) => (o.status === 0 ? 'no answer' : o.status)))].join('/');
    parts.push(
      `${failed.length} ${statuses} over ${seconds(last - first + 1)} from ${seconds(first - faultStart)} after the fault`,
    );
  }
  if (lateFailures.length > 0)
    parts.push(`${lateFailures.length} failed more than 10 s after the fault ended`);
  const refused = outcomes.filter((o) => o.status >= 400 && o.status < 500);
  if (refused.length > 0)
    parts.push(`${refused.length} answered ${[...new Set(refused.map((o) => o.status))].join('/')}`);
  // Anything but a 2xx or a 503 is a defect: name what the server said.
  for (const detail of new Set(
    [...failed, ...refused].filter((o) => o.status !== 503).map((o) => `${o.status} "${o.detail}"`),
  ))
    say(`  not a 503: ${detail}`);
  const restarts = [...supervisorOutput.matchAll(/\[stack\] (\S+) is back \(([\d.]+) s to start\)/g)].map(
    (m) => `${m[1]} restarted`,
  );
  if (restarts.length > 0) parts.push([...new Set(restarts)].join(', '));
  return parts.join('; ');
}

function renderTable(rows: Row[], tookMs: number, rate: number, cluster: boolean): string {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT }).toString().trim();
    } catch {
      return 'unknown';
    }
  })();
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    cluster ? '# Chaos results: the cluster profile' : '# Chaos results',
    '',
    `Generated by \`npm run chaos${cluster ? ' -- --cluster' : ''}\` (commit ${commit}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,`,
    `${os.cpus().length} cores); the whole run took ${seconds(tookMs)}. Load: ${rate} orders/s, mixed (paid, declined,`,
    'paid later, cancelled after payment, unpaid and expiring with a 15 s window), on for 5 s before each',
    'fault and 10 s after it. "Recovered" is from the end of the fault until the oracle passed.',
    '',
    '| fault | what happened | recovered | orders placed during the fault and 10 s after | invariants |',
    '|---|---|---|---|---|',
    ...rows.map((r) => {
      const failed = r.results.filter((x) => !x.ok);
      const verdict =
        failed.length === 0
          ? `all ${r.results.length} hold`
          : `FAILED: ${failed.map((f) => `${f.name} (${f.detail})`).join('; ')}`;
      return `| ${cell(r.fault)} | ${cell(r.happened)} | ${r.recoveredAfter} | ${r.ordersDuringFault} | ${cell(verdict)} |`;
    }),
    '',
    'The oracle (`npm run check-invariants`, `chaos/invariants.ts`) checks: every accepted order is in a',
    'legitimate state; no order charged twice and every charge and refund matches the payments table;',
    'no oversold or lost unit of stock; every outbox row published; the read models equal the source',
    'tables; no saga failed or stuck.',
    '',
  ];
  return lines.join('\n');
}

runCli(main);
