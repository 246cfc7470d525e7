import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth';
import { checkInvariants, formatResults } from '../chaos/invariants';
import { createLoadProducts, startMixedLoad } from '../chaos/mixed-load';
import { loadConfig, requireMerchantKey } from '../platform/config';
import { createDb } from '../platform/db';
import { connectClient } from '../platform/temporal';
import { runCli, UsageError } from './cli';
import {
  clusterDataDir,
  clusterOperatorConfig,
  replicaProcesses,
  REPLICATED_ENTRIES,
} from './stack/cluster/profile';
import { readinessUrl, REPLICAS } from './stack/cluster/replicas';
import { say } from './stack/progress';
import { waitFor } from './stack/wait-for';

const USAGE = `usage: npm run rolling-restart -- [--load <orders/s>]

Replaces every app process of the running cluster profile (npm start -- --cluster), one replica at a
time, as a deploy does: SIGTERM, wait until it has drained and exited, wait until the supervisor has
started its successor and that one is ready, then the next. With --load, a steady mixed load runs
meanwhile (chaos/mixed-load.ts); the command then ends with the count of failed requests and the
invariant oracle, and exits 1 unless no request failed and every check holds.`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const { values } = parseArgs({ options: { load: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const rate = values.load === undefined ? 0 : Number(values.load);
  if (!(rate >= 0 && rate <= 50)) throw new UsageError(`--load must be orders per second, 0 to 50\n${USAGE}`);
  const config = loadConfig();
  const supervisorFile = path.join(clusterDataDir(config), 'supervisor.pid');
  if (!fs.existsSync(supervisorFile))
    throw new UsageError('no cluster profile is running here: start it with `npm start -- --cluster`');
  const supervisor = Number(fs.readFileSync(supervisorFile, 'utf8'));

  const load = rate > 0 ? await startLoad(config, rate) : undefined;
  const began = Date.now();
  try {
    for (const entry of REPLICATED_ENTRIES) {
      for (let n = 1; n <= REPLICAS; n += 1) {
        const started = Date.now();
        const old = replicaProcesses(supervisor).get(`${entry}#${n}`);
        if (!old) throw new Error(`${entry} replica ${n} is not running under supervisor ${supervisor}`);
        process.kill(old, 'SIGTERM');
        await waitFor(
          `${entry} replica ${n} to exit`,
          async () => {
            if (fs.existsSync(`/proc/${old}`)) throw new Error('still running');
          },
          { timeoutMs: 60_000 },
        );
        const drainedMs = Date.now() - started;
        await waitFor(
          `${entry} replica ${n} to be back`,
          async () => {
            const now = replicaProcesses(supervisor).get(`${entry}#${n}`);
            if (!now || now === old) throw new Error('not restarted yet');
            const answer = await fetch(readinessUrl(config, entry, n));
            if (!answer.ok) throw new Error(`answers ${answer.status}`);
          },
          { timeoutMs: 120_000 },
        );
        say(
          `${entry} replica ${n}: drained and exited in ${(drainedMs / 1000).toFixed(1)} s, ` +
            `successor ready ${((Date.now() - started - drainedMs) / 1000).toFixed(1)} s later`,
        );
      }
    }
  } finally {
    say(`every replica replaced in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  if (load) await load.finish();
}

/** The chaos suite's mixed load against the public port, and at the end its failures and the oracle. */
async function startLoad(config: ReturnType<typeof loadConfig>, rate: number) {
  const seller = await signToken(config.jwt, { role: 'SELLER', subject: 'rolling-restart-seller' });
  const apiUrl = config.api.url;
  const productIds = await createLoadProducts(apiUrl, seller, 'Rolling restart');
  // Many customers, as a shop's: each stays inside the per-caller limits the deployment enforces.
  const customers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      signToken(config.jwt, { role: 'USER', subject: `rolling-restart-${Date.now()}-${i}` }),
    ),
  );
  const load = startMixedLoad({ apiUrl, customerToken: customers, productIds, ratePerS: rate });
  await sleep(5000);
  return {
    async finish() {
      await sleep(5000);
      await load.stop();
      // A deploy may shed load (503 with Retry-After: the client sends it again); anything else failed.
      const shed = load.outcomes.filter((o) => o.status === 503 && o.retryAfter);
      const failed = load.outcomes.filter((o) => (o.status < 200 || o.status >= 300) && !shed.includes(o));
      say(
        `${load.outcomes.length} requests: ${failed.length} failed (${summarise(failed.map((o) => o.status))}), ` +
          `${shed.length} shed with 503 and Retry-After`,
      );
      const db = createDb(config.postgres.url, { max: 2 });
      const temporal = await connectClient(clusterOperatorConfig(config));
      try {
        let results = await checkInvariants({
          db,
          gatewayUrl: config.paymentGateway.url,
          gatewayKey: requireMerchantKey(config),
          temporal,
          graceMs: 20_000,
        });
        for (let i = 0; i < 24 && results.some((r) => !r.ok); i += 1) {
          await sleep(5000);
          results = await checkInvariants({
            db,
            gatewayUrl: config.paymentGateway.url,
            gatewayKey: requireMerchantKey(config),
            temporal,
            graceMs: 20_000,
          });
        }
        process.stdout.write(`${formatResults(results)}\n`);
        if (failed.length > 0 || results.some((r) => !r.ok)) process.exitCode = 1;
      } finally {
        await db.destroy();
        await temporal.connection.close();
      }
    },
  };
}

function summarise(statuses: number[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses)
    counts.set(s === 0 ? 'no answer' : String(s), (counts.get(s === 0 ? 'no answer' : String(s)) ?? 0) + 1);
  return statuses.length === 0 ? 'none' : [...counts].map(([status, n]) => `${n}× ${status}`).join(', ');
}

runCli(main);
