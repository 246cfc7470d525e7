import type { Knex } from 'knex';
import type { ClientConfig } from 'pg';
import type { Db } from '../platform/db';

/** The pg connection settings a knex instance was created with, for a session outside its pool. */
export function sessionConfigOf(db: Db): ClientConfig {
  const { connection } = (db.client as { config: Knex.Config }).config;
  if (typeof connection === 'string') return { connectionString: connection };
  if (connection && typeof connection === 'object') return { ...(connection as ClientConfig) };
  throw new Error('cannot derive the relay session from this knex instance; pass `session` explicitly');
}
