import { randomUUID } from 'node:crypto';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { ClientConfig } from 'pg';

export type Db = Knex;

export interface SessionLimits {
  /** Longest wait for a row or table lock (`lock_timeout`). */
  lockTimeoutMs: number;
  /** Longest single statement (`statement_timeout`). */
  statementTimeoutMs: number;
  /** Longest a session may sit inside an open transaction doing nothing (its locks held). */
  idleInTransactionMs: number;
}

/**
 * Every session gives up waiting, by design, so an abandoned attempt never sits in a lock queue. The
 * values per kind of work, and why:
 */
export const SESSION_LIMITS = {
  /**
   * Saga activities run under a 10 s start-to-close timeout and are retried. An attempt stops waiting
   * for a row lock after 5 s, well before Temporal gives up on it, so it never leaves its session queued
   * behind a held row while the retry queues again: at most one waiting session per order.
   */
  activities: { lockTimeoutMs: 5_000, statementTimeoutMs: 8_000, idleInTransactionMs: 15_000 },
  /** HTTP requests answer within seconds; a lock held elsewhere turns into a clear error, not a hung request. */
  api: { lockTimeoutMs: 2_000, statementTimeoutMs: 5_000, idleInTransactionMs: 10_000 },
  /**
   * The relay and the consumers apply batches; a batch may take a while, but an endless wait would stall
   * a partition. Their failures are retried (a lock or statement timeout counts as transient).
   */
  background: { lockTimeoutMs: 10_000, statementTimeoutMs: 30_000, idleInTransactionMs: 60_000 },
  /** Migrations build indexes and rewrite tables: no statement limit, but no endless lock queue either. */
  migrations: { lockTimeoutMs: 30_000, statementTimeoutMs: 0, idleInTransactionMs: 0 },
} as const satisfies Record<string, SessionLimits>;

/**
 * The name the saga's own steps' sessions carry in pg_stat_activity: their transactions are bounded by
 * the activities' limits above, so the API's look for a product row held elsewhere passes them over.
 */
export const SAGA_STEPS_APPLICATION = 'order-saga-steps';

export function createDb(
  url: string,
  {
    min = 0,
    max = 10,
    limits = SESSION_LIMITS.background,
  }: { min?: number; max?: number; limits?: SessionLimits } = {},
): Db {
  // Passed through to node-postgres, which sets them on every new session (0: no limit).
  const connection: ClientConfig = {
    connectionString: url,
    application_name: limits === SESSION_LIMITS.activities ? SAGA_STEPS_APPLICATION : 'order-saga',
    lock_timeout: limits.lockTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
  };
  return knex({ client: 'pg', connection: connection as Knex.PgConnectionConfig, pool: { min, max } });
}

const migrationConfig: Knex.MigratorConfig = {
  directory: path.resolve(__dirname, '..', 'migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
  schemaName: 'public',
};

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest(migrationConfig);
  return applied as string[];
}

export async function migrateRollbackAll(db: Db): Promise<string[]> {
  const [, rolledBack] = await db.migrate.rollback(migrationConfig, true);
  return rolledBack as string[];
}

export interface ScratchDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on the server of `baseUrl`, migrated unless asked otherwise, dropped by
 * `drop()`: for tests and benchmarks whose rows must not mix with anyone else's.
 */
export async function createScratchDatabase(
  baseUrl: string,
  prefix: string,
  { migrate = true, poolMax = 10 } = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  const admin = createDb(baseUrl, { max: 1 });
  await admin.raw('create database ??', [name]);
  const scoped = new URL(baseUrl);
  scoped.pathname = `/${name}`;
  const url = scoped.toString();
  const db = createDb(url, { max: poolMax });
  if (migrate) await migrateLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await admin.raw('drop database if exists ?? with (force)', [name]);
      await admin.destroy();
    },
  };
}
