import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { loadConfig } from '../platform/config';
import { getOrder } from '../workflows/definitions';
import { runCli, UsageError } from './cli';
import { HISTORIES_DIR, writeHistoryFile } from './histories/history-files';
import { openRecordingShop, type RecordingShop } from './histories/recording-shop';
import { SCENARIOS, type Scenario } from './histories/scenarios';

const USAGE = `usage: npm run record-histories -- [--only NAME]... [--out DIR] [--force]

Runs one order down each saga path against the servers of a running stack (TEMPORAL_ADDRESS,
DATABASE_URL; start one with \`npm run stack -- up --ephemeral --migrate\`) and saves each workflow's
history as DIR/NAME.json (default DIR: test/histories). An existing file is only replaced with --force:
it may be the last history of a code path that running executions still take.

paths: ${Object.keys(SCENARIOS).join(', ')}`;
const DEADLINE_MS = 60_000;

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      out: { type: 'string', default: HISTORIES_DIR },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const names = values.only ?? Object.keys(SCENARIOS);
  const unknown = names.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0) throw new UsageError(`unknown path(s): ${unknown.join(', ')}\n${USAGE}`);
  const fileFor = (name: string) => path.resolve(values.out, `${name}.json`);
  const existing = names.map(fileFor).filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !values.force)
    throw new UsageError(
      `these histories exist and stay unless you pass --force (see docs/workflow-versioning.md):\n  ` +
        existing.map((file) => path.relative(process.cwd(), file)).join('\n  '),
    );

  const config = loadConfig();
  const shop = await openRecordingShop(config).catch((error: Error) => {
    throw new UsageError(
      `the stack at ${config.temporal.address} / ${config.postgres.url} is not usable (${error.message}); ` +
        'start one with `npm run stack -- up --ephemeral --migrate` or point TEMPORAL_ADDRESS and DATABASE_URL at one',
    );
  });
  try {
    for (const name of names) {
      const ending = await record(shop, name, SCENARIOS[name]!, fileFor(name));
      console.log(`recorded ${name.padEnd(34)} ${ending} -> ${path.relative(process.cwd(), fileFor(name))}`);
    }
  } finally {
    await shop.close();
  }
}

async function record(shop: RecordingShop, name: string, scenario: Scenario, file: string) {
  const orderId = await withDeadline(name, scenario.run(shop));
  const handle = shop.handle(orderId);
  const cancelled = await withDeadline(name, handle.result()).then(
    () => false,
    (error: unknown) => {
      if (error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure) return true;
      throw error;
    },
  );
  const view = await handle.query(getOrder);
  const ending = `${view.status}${view.reason ? ` (${view.reason})` : ''}${cancelled ? ', workflow cancelled' : ''}`;
  const { status, reason, workflowCancelled = false } = scenario.ends;
  if (view.status !== status || view.reason !== reason || cancelled !== workflowCancelled)
    throw new Error(`${name}: order ${orderId} ended ${ending}, which is not the path to record`);
  writeHistoryFile(file, await handle.fetchHistory());
  return ending;
}

function withDeadline<T>(name: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}: not done within ${DEADLINE_MS / 1000} s`)),
      DEADLINE_MS,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

runCli(main);
