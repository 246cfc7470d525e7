import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ASYNCAPI_FILE, renderAsyncApi } from './asyncapi/build-asyncapi';
import { runCli } from './cli';

/** Writes contracts/asyncapi.json from the event schemas; with --check, fails if the file is stale. */
async function main() {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const generated = renderAsyncApi();
  const relative = path.relative(process.cwd(), ASYNCAPI_FILE);
  if (values.check) {
    const committed = fs.existsSync(ASYNCAPI_FILE) ? fs.readFileSync(ASYNCAPI_FILE, 'utf8') : '';
    if (committed !== generated) throw new Error(`${relative} is out of date: run npm run asyncapi`);
    return;
  }
  fs.writeFileSync(ASYNCAPI_FILE, generated);
  process.stderr.write(`wrote ${relative}\n`);
}

runCli(main);
