import { OUTBOX_TABLE_BY_TOPIC } from '../activities/outbox';

export const OUTBOX_TABLES = Object.values(OUTBOX_TABLE_BY_TOPIC);

/**
 * Each outbox table is split into this many shards by a hash of the message key, and one relay owns a
 * shard at a time. Every instance must use the same number, or two of them would map a key to
 * different shards and publish it side by side: changing it means stopping all relays first.
 */
export const SHARDS_PER_TABLE = 8;

/** The shard of a row, computed by PostgreSQL so that every instance agrees on it. */
export const SHARD_OF_ROW_SQL = `(hashtext(message_key) & 2147483647) % ${SHARDS_PER_TABLE}`;

export interface ShardUnit {
  table: string;
  shard: number;
}

export function allShardUnits(): ShardUnit[] {
  return OUTBOX_TABLES.flatMap((table) =>
    Array.from({ length: SHARDS_PER_TABLE }, (_, shard) => ({ table, shard })),
  );
}

export const shardUnitKey = ({ table, shard }: ShardUnit): string => `${table}#${shard}`;
