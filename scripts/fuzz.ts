import { parseArgs } from 'node:util';
import { closeConnections } from '../fuzz/http-request';
import { checkAgainstDocument, fuzzHostile, openFuzzSession, type FuzzReport } from '../fuzz/session';
import { loadConfig } from '../platform/config';
import { createDb } from '../platform/db';
import { runCli, UsageError } from './cli';

const USAGE = `usage: npm run fuzz -- [--runs N] [--contract N] [--seed S]

Sends generated requests to the running API (API_URL; DATABASE_URL to watch the tables):
  --contract N  requests generated from /openapi.json, as every kind of principal; each answer must be
                one the document lists, with the body it describes (default 600)
  --runs N      hostile requests (wrong types, extra fields, unicode, huge numbers, odd methods, headers
                and paths); no answer may be a 5xx, and a refused one must change no stock and no order
                (default 2000)
  --seed S      replay a failing run (fast-check prints the seed)`;

const count = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not "${text}"`);
  return n;
};
const summary = (report: FuzzReport) =>
  Object.entries(report.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '2000' },
      contract: { type: 'string', default: '600' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const runs = count('runs', values.runs);
  const contract = count('contract', values.contract);
  const seed = values.seed === undefined ? undefined : count('seed', values.seed);
  const config = loadConfig();
  const db = createDb(config.postgres.url);
  try {
    const session = await openFuzzSession(config.api.url, config.jwt).catch((error: Error) => {
      throw new UsageError(
        `the API at ${config.api.url} is not usable (${error.message}); start it with \`npm start\``,
      );
    });
    if (contract > 0) {
      const report = await checkAgainstDocument(config.api.url, session, { runs: contract, seed });
      console.log(`contract: ${report.runs} requests, every answer as documented (${summary(report)})`);
    }
    if (runs > 0) {
      const report = await fuzzHostile(config.api.url, db, session, { runs, seed });
      console.log(
        `hostile:  ${report.runs} requests, no 5xx, no refused request changed a row (${summary(report)})`,
      );
    }
  } finally {
    closeConnections();
    await db.destroy();
  }
}

runCli(main);
