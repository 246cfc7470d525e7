import { randomUUID } from 'node:crypto';
import { createDb, migrateLatest, type Db } from '../../platform/db';

/** A migrated database of the benchmark's own on the configured server, dropped afterwards. */
export async function createScratchDatabase(baseUrl: string): Promise<{ db: Db; drop(): Promise<void> }> {
  const name = `bench_${randomUUID().replace(/-/g, '')}`;
  const admin = createDb(baseUrl, { max: 1 });
  await admin.raw('create database ??', [name]);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 20 });
  await migrateLatest(db);
  return {
    db,
    async drop() {
      await db.destroy();
      await admin.raw('drop database if exists ?? with (force)', [name]);
      await admin.destroy();
    },
  };
}
