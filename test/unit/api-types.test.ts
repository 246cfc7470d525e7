import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

test("the dashboard's committed API types are what the OpenAPI document generates (npm run api-types)", async () => {
  // A child process: openapi-typescript is ES modules only, which jest's CommonJS runtime cannot load.
  const check = promisify(execFile)(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/generate-api-types.ts', '--check'],
    { cwd: ROOT },
  );
  await expect(check).resolves.toBeDefined();
}, 60_000);
