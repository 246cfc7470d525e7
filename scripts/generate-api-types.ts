import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildOpenApi } from '../api/openapi';
import { runCli } from './cli';
import { PROJECT_ROOT } from './stack/paths';

export const API_TYPES_FILE = path.join(PROJECT_ROOT, 'web', 'src', 'api', 'schema.d.ts');

/** The dashboard's API types, from the document the API serves (with the development sign-in paths). */
export async function renderApiTypes(): Promise<string> {
  // openapi-typescript is published as ES modules only.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const document = buildOpenApi({ devSignIn: true });
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return `/**\n * Generated from the API's OpenAPI document by \`npm run api-types\`; do not edit.\n */\n\n${astToString(ast)}`;
}

/** Writes web/src/api/schema.d.ts; with --check, fails if the committed file is stale. */
async function main() {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const generated = await renderApiTypes();
  const relative = path.relative(process.cwd(), API_TYPES_FILE);
  if (values.check) {
    const committed = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '';
    if (committed !== generated) throw new Error(`${relative} is out of date: run npm run api-types`);
    return;
  }
  fs.writeFileSync(API_TYPES_FILE, generated);
  process.stderr.write(`wrote ${relative}\n`);
}

if (require.main === module) runCli(main);
