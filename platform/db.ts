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
