import { randomUUID } from 'node:crypto';
import { createDb, migrateLatest } from '../../platform/db';

/**
 * A new, migrated database on the run's PostgreSQL; returns its URL. For a suite whose deployment must
 * not share rows with the others': one with a Temporal server of its own (the submission reconciler
 * settles every row against its own Temporal), or one whose relay must publish only its own outbox.
 */
export async function databaseOfItsOwn(prefix: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const database = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = createDb(url.toString());
  await admin.raw(`create database ${database}`).finally(() => admin.destroy());
  url.pathname = `/${database}`;
  const db = createDb(url.toString());
  await migrateLatest(db).finally(() => db.destroy());
  return url.toString();
}
