import { randomUUID } from 'node:crypto';
import path from 'node:path';
import knex, { type Knex } from 'knex';

export type Db = Knex;

export function createDb(url: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'order-saga' },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
  });
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
