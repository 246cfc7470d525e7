import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '..');
/** What the workflow bundle is made of: the workflow code, the contracts it imports, the locked SDK. */
const SOURCES = ['workflows', 'contracts'];

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? sourceFiles(file) : /\.(ts|json)$/.test(entry.name) ? [file] : [];
    })
    .sort();
}

/** A digest of everything that goes into the bundle: the same sources give the same bundle. */
export function workflowSourcesDigest(): string {
  const hash = createHash('sha256');
  for (const file of [
    ...SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir))),
    path.join(ROOT, 'package-lock.json'),
  ]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Bundles the workflow code ahead of time, as the Temporal docs recommend for production: a worker
 * then loads the file instead of running webpack at every start (seconds of CPU and a screenful of
 * module sizes). The bundle is kept per source digest, so an unchanged tree reuses it.
 */
export async function ensureWorkflowBundle(outDir: string): Promise<{ path: string; built: boolean }> {
  const file = path.join(outDir, `workflow-bundle-${workflowSourcesDigest()}.js`);
  if (fs.existsSync(file)) return { path: file, built: false };
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(outDir, { recursive: true });
  for (const old of fs.readdirSync(outDir).filter((name) => /^workflow-bundle-\w+\.js$/.test(name)))
    fs.rmSync(path.join(outDir, old), { force: true });
  fs.writeFileSync(`${file}.tmp`, code);
  fs.renameSync(`${file}.tmp`, file);
  return { path: file, built: true };
}

/** `npm run bundle-workflows [-- <out-dir>]`: what the production image runs at build time. */
if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? 'dist');
  ensureWorkflowBundle(outDir).then(
    ({ path: file, built }) => {
      // Also under a fixed name, which an image's WORKFLOW_BUNDLE can point at.
      fs.copyFileSync(file, path.join(outDir, 'workflow-bundle.js'));
      console.log(
        `${built ? 'bundled' : 'up to date'}: ${path.relative(process.cwd(), file)} (and workflow-bundle.js)`,
      );
    },
    (error: Error) => {
      console.error(`error: ${error.message}`);
      process.exit(1);
    },
  );
}
