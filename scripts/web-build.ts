import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './stack/paths';

const WEB = path.join(PROJECT_ROOT, 'web');
const STAMP = '.source-hash';

/** Everything the build reads: the web sources, and the lock file that pins Vite and React. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(WEB, full)).update(fs.readFileSync(full));
    }
  };
  walk(WEB);
  hash.update(fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the web dashboard into `outDir` with Vite, unless the build there was made from the same
 * sources: an unchanged dashboard costs `npm start` a hash of its files, not a build.
 */
export async function ensureWebBuild(
  outDir = path.join(WEB, 'dist'),
): Promise<{ built: boolean; dir: string; ms: number }> {
  const started = Date.now();
  const hash = sourceHash();
  const stamp = path.join(outDir, STAMP);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash)
    return { built: false, dir: outDir, ms: Date.now() - started };
  const vite = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite');
  await promisify(execFile)(
    vite,
    ['build', '--config', path.join(WEB, 'vite.config.mts'), '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: Error & { stderr?: string }) => {
    throw new Error(`the web dashboard did not build: ${error.stderr?.trim() || error.message}`);
  });
  fs.writeFileSync(stamp, hash);
  return { built: true, dir: outDir, ms: Date.now() - started };
}

if (require.main === module)
  ensureWebBuild().then(
    ({ built, dir, ms }) =>
      console.log(`${built ? 'built' : 'unchanged'}: ${path.relative(PROJECT_ROOT, dir)} (${ms} ms)`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
