import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../platform/config';
import { createDb, migrateLatest, type Db } from '../../../platform/db';

export interface ScopedDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of the test's own. A relay owns every outbox row of its database, so sharing
 * one with other test files would have relays publish each other's rows.
 */
export async function createScopedDatabase(prefix: string): Promise<ScopedDatabase> {
  const baseUrl = loadConfig().postgres.url;
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  const admin = createDb(baseUrl, { max: 1 });
  await admin.raw('create database ??', [name]);
  const scoped = new URL(baseUrl);
  scoped.pathname = `/${name}`;
  const url = scoped.toString();
  const db = createDb(url);
  await migrateLatest(db);
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
