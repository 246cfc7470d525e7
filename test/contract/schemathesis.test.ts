import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken, type Role } from '../../api/auth';
import { provisionSchemathesis } from '../../scripts/stack/provision';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { createProduct } from '../support/fixtures';
import { httpClient } from '../support/http';

/**
 * The API held to its OpenAPI document by an independent client: Schemathesis generates requests from
 * the document (valid ones and deliberately broken ones), sends them, and checks every answer against
 * the document with all its checks, as each role and without a token. Zero findings is the bar.
 * SCHEMATHESIS_SEED=<n> replays a run; SCHEMATHESIS_EXAMPLES=<n> generates more cases per operation.
 */
const SEED = process.env.SCHEMATHESIS_SEED ?? '20261207';
const EXAMPLES = process.env.SCHEMATHESIS_EXAMPLES ?? '15';

let app: AppHarness;
let toolDir: string;
beforeAll(async () => {
  [app, toolDir] = await Promise.all([startAppHarness(), provisionSchemathesis()]);
  // Something for the reads and the links between operations to find.
  await createProduct(httpClient(app.apiUrl), await token('SELLER'), 100);
}, 600_000);
afterAll(() => app?.stop());

const token = (role: Role) => signToken(app.config.jwt, { role, subject: `contract-${role.toLowerCase()}` });

function schemathesis(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-m', 'schemathesis.cli', ...args], {
      env: { ...process.env, PYTHONPATH: toolDir, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test.each(['anonymous', 'USER', 'SELLER', 'ADMIN'] as const)(
  'Schemathesis finds nothing the OpenAPI document does not describe, as %s',
  async (who) => {
    const auth = who === 'anonymous' ? [] : ['--header', `Authorization: Bearer ${await token(who)}`];
    const { code, output } = await schemathesis([
      '--config-file',
      `${__dirname}/schemathesis.toml`,
      'run',
      `${app.apiUrl}/openapi.json`,
      '--checks',
      'all',
      '--max-examples',
      EXAMPLES,
      '--seed',
      SEED,
      // One worker: with two threads, Hypothesis reads its filters' source through Python's linecache,
      // which is not thread-safe; a CI run died of it once ("Runtime Error" inside the generator).
      '--workers',
      '1',
      ...auth,
    ]);
    // On a finding, the output names each failure and the curl command that reproduces it; the whole
    // output is kept beside the test's temporary files, as the error shows only its end.
    if (code !== 0) {
      const log = path.join(os.tmpdir(), `schemathesis-${who}.log`);
      fs.writeFileSync(log, output);
      throw new Error(
        `schemathesis as ${who} exited with ${code} (whole output: ${log}):\n${output.slice(-12_000)}`,
      );
    }
    expect(output).toMatch(/\d+ generated, \d+ passed/);
  },
  300_000,
);
