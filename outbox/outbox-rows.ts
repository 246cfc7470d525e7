import type { Db } from '../platform/db';
import { SHARD_OF_ROW_SQL } from './outbox-shards';

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * The oldest unpublished rows of the given shards, in id order: within a key that is the order in which
 * the events were written, because writers of the same aggregate serialize on its row lock.
 */
export function fetchUnpublished(
  db: Db,
  table: string,
  shards: number[],
  limit: number,
): Promise<OutboxRow[]> {
  return db(table)
    .select('id', 'topic', 'message_key', 'payload', 'headers', 'created_at')
    .whereNull('published_at')
    .whereRaw(`${SHARD_OF_ROW_SQL} = any(?::int[])`, [shards])
    .orderBy('id')
    .limit(limit);
}

export async function markPublished(db: Db, table: string, ids: string[]): Promise<void> {
  await db(table).whereIn('id', ids).update({ published_at: db.fn.now() });
}
