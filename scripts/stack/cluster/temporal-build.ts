import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  temporalPostgresSchemaDir,
  temporalServerDir,
  temporalServerPath,
  temporalSqlToolPath,
  temporalUiServerDir,
  temporalUiServerPath,
  TOOL_VERSIONS,
} from '../paths';
import { MissingToolError } from '../../cli';
import { installAtomically, isComplete } from '../provision';
import { say, withProgress } from '../progress';
import { requireTool } from '../run-command';

const SERVER_MODULE = 'go.temporal.io/server';
const UI_SERVER_MODULE = 'github.com/temporalio/ui-server/v2';

/**
 * Builds the Temporal server, its SQL schema tool and the Web UI server from source with Go, once, into
 * `.tools/`, and copies the server's PostgreSQL schema files next to them. Temporal publishes these as
 * GitHub release archives and Docker images only, neither of which this project fetches; the Go module
 * proxy serves their source. Returns false when everything was already there.
 */
export async function provisionTemporalServer(): Promise<boolean> {
  const serverDone =
    isComplete(temporalServerDir()) &&
    [temporalServerPath(), temporalSqlToolPath(), temporalPostgresSchemaDir()].every((file) =>
      fs.existsSync(file),
    );
  const uiDone = isComplete(temporalUiServerDir()) && fs.existsSync(temporalUiServerPath());
  if (serverDone && uiDone) return false;

  await requireGo();
  say(
    `the first build takes several minutes: Temporal's server (about 1,400 Go packages) and its Web UI are ` +
      `compiled from source on this machine's ${os.cpus().length} cores, since no registry this project uses ` +
      `ships them as binaries. Later runs reuse ${path.dirname(temporalServerDir())}.`,
  );
  if (!serverDone) {
    await installAtomically(temporalServerDir(), async (scratch) => {
      const version = `v${TOOL_VERSIONS.temporalServer}`;
      const bin = path.join(scratch, 'bin');
      await withProgress(`building the Temporal server ${version}`, () =>
        goInstall(`${SERVER_MODULE}/cmd/server@${version}`, bin, 'temporal-server'),
      );
      await withProgress(`building temporal-sql-tool ${version}`, () =>
        goInstall(`${SERVER_MODULE}/cmd/tools/sql@${version}`, bin, 'temporal-sql-tool'),
      );
      const moduleDir = await goModuleDir(`${SERVER_MODULE}@${version}`);
      copyWritable(
        path.join(moduleDir, 'schema', 'postgresql', 'v12'),
        path.join(scratch, path.relative(temporalServerDir(), temporalPostgresSchemaDir())),
      );
    });
  }
  if (!uiDone) {
    await installAtomically(temporalUiServerDir(), async (scratch) => {
      const version = `v${TOOL_VERSIONS.temporalUiServer}`;
      await withProgress(`building the Temporal Web UI server ${version}`, () =>
        goInstall(
          `${UI_SERVER_MODULE}/cmd/server@${version}`,
          path.join(scratch, 'bin'),
          'temporal-ui-server',
        ),
      );
    });
  }
  say(`Temporal server at ${temporalServerPath()}; Web UI server at ${temporalUiServerPath()}`);
  return true;
}

const GO_HINT = 'Debian: apt-get install -y golang, 1.21 or newer from Debian 13 on; or https://go.dev/dl/';

/**
 * Go 1.21 or newer: from 1.21 on, `go` fetches by itself the newer Go release a module asks for (see
 * GOTOOLCHAIN below), so any such version builds these pinned releases.
 */
async function requireGo() {
  await requireTool(
    'go',
    ['version'],
    `The cluster profile builds Temporal from source with Go 1.21+ (${GO_HINT}).`,
  );
  const version = (await go(['env', 'GOVERSION'])).trim();
  const [, major, minor] = /^go(\d+)\.(\d+)/.exec(version) ?? [];
  if (Number(major) === 1 && Number(minor) < 21)
    throw new MissingToolError(
      `${version} is too old to build Temporal: Go 1.21 or newer is needed (${GO_HINT}).`,
    );
}

/**
 * `go install package@version` into `binDir` under the name `binary`. Each build gets its own GOBIN,
 * because the server and the UI server are both `cmd/server` and would overwrite each other.
 */
async function goInstall(packageAtVersion: string, binDir: string, binary: string): Promise<void> {
  const gobin = path.join(binDir, `.${binary}`);
  // -modcacherw: Go makes the module cache read-only, which would stop `rm -rf .tools` from working.
  await go(['install', '-modcacherw', packageAtVersion], { GOBIN: gobin });
  const [built] = fs.readdirSync(gobin);
  if (!built) throw new Error(`go install ${packageAtVersion} produced no binary`);
  fs.renameSync(path.join(gobin, built), path.join(binDir, binary));
  fs.rmSync(gobin, { recursive: true });
}

/** Where the module cache holds a module's source (downloading it if needed). */
async function goModuleDir(moduleAtVersion: string): Promise<string> {
  const output = await go(['mod', 'download', '-modcacherw', '-json', moduleAtVersion]);
  const { Dir, Error: error } = JSON.parse(output) as { Dir?: string; Error?: string };
  if (!Dir) throw new Error(`go mod download ${moduleAtVersion}: ${error ?? 'no directory'}`);
  return Dir;
}

/**
 * Go's own module and build caches (in the user's home, as `go env` says): every clone of the project
 * on a machine shares them, so a second clone's first start builds in about a minute instead of many.
 */
function go(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return runWithEnv('go', args, {
    // These releases ask for a newer Go patch than a distribution may ship; `auto` lets `go` fetch that
    // toolchain from the module proxy (into GOMODCACHE) instead of refusing.
    GOTOOLCHAIN: 'auto',
    // Temporal is pure Go (its SQLite driver too): no C compiler needed, static binaries.
    CGO_ENABLED: '0',
    ...env,
  });
}

/**
 * Runs a command to completion with extra environment variables (runCommand takes none), keeping its
 * output to show only if it fails.
 */
export function runWithEnv(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const output = `${stdout}${stderr}`.trim().slice(-4000);
        reject(new Error(`${path.basename(command)} ${args.join(' ')} failed:\n${output || error.message}`));
      },
    );
  });
}

/** Copies a directory out of the (read-only) module cache, leaving the copy writable. */
function copyWritable(from: string, to: string) {
  if (!fs.existsSync(from)) throw new Error(`${from} is missing from the Temporal server module`);
  fs.cpSync(from, to, { recursive: true });
  const walk = (dir: string) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const entryPath = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(entryPath);
      else fs.chmodSync(entryPath, 0o644);
    }
  };
  walk(to);
}
