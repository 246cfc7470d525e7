import type { Client, ClientConfig } from 'pg';
import type { Logger } from '../platform/logger';
import {
  allShardUnits,
  OUTBOX_TABLES,
  SHARDS_PER_TABLE,
  shardUnitKey,
  type ShardUnit,
} from './outbox-shards';
import { openRelaySession, RELAY_APPLICATION_NAME, type RelaySession } from './relay-session';

export interface ShardLocks {
  /** Shards of `table` this instance may publish right now; none while its session is down. */
  owned(table: string): number[];
  ownedCount(): number;
  /** Takes free shards up to a fair share (per table) of the live relays and gives back any surplus. */
  rebalance(): Promise<void>;
  close(): Promise<void>;
}

interface ShardLockOptions {
  connection: ClientConfig;
  logger: Logger;
  onNotify(): void;
}

/**
 * Shard ownership through session advisory locks. Only the owner publishes a shard, so a key is never
 * published by two relays at once. The caller must call rebalance() only between batches: giving up a
 * shard mid-batch would let the next owner publish rows this one is still sending.
 */
export function createShardLocks({ connection, logger, onNotify }: ShardLockOptions): ShardLocks {
  const units = allShardUnits();
  const owned = new Map<string, ShardUnit>();
  let session: RelaySession | undefined;

  const ensureSession = async () => {
    if (session?.alive()) return session.client;
    owned.clear();
    session = await openRelaySession(connection, { logger, onNotify, onLost: () => owned.clear() });
    // Rows may have been committed while no one was listening.
    onNotify();
    return session.client;
  };

  return {
    owned: (table) =>
      session?.alive() ? [...owned.values()].filter((u) => u.table === table).map((u) => u.shard) : [],
    ownedCount: () => (session?.alive() ? owned.size : 0),
    async rebalance() {
      const client = await ensureSession();
      const before = owned.size;
      // A fair share of every table, not of the total: the tables carry very different volumes.
      const fairShare = Math.ceil(SHARDS_PER_TABLE / (await countLiveRelays(client)));
      for (const table of OUTBOX_TABLES) {
        const mine = [...owned.values()].filter((u) => u.table === table);
        for (const unit of mine.slice(fairShare)) {
          await client.query('select pg_advisory_unlock(hashtext($1), $2)', lockKey(unit));
          owned.delete(shardUnitKey(unit));
        }
        let count = Math.min(mine.length, fairShare);
        for (const unit of units.filter((u) => u.table === table)) {
          if (count >= fairShare) break;
          if (owned.has(shardUnitKey(unit))) continue;
          const { rows } = await client.query<{ locked: boolean }>(
            'select pg_try_advisory_lock(hashtext($1), $2) as locked',
            lockKey(unit),
          );
          if (rows[0]?.locked) {
            owned.set(shardUnitKey(unit), unit);
            count += 1;
          }
        }
      }
      if (owned.size !== before)
        logger.info('outbox shards rebalanced', { owned: owned.size, of: units.length });
    },
    async close() {
      owned.clear();
      await session?.close();
    },
  };
}

const lockKey = ({ table, shard }: ShardUnit) => [`outbox-relay:${table}`, shard];

async function countLiveRelays(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1',
    [RELAY_APPLICATION_NAME],
  );
  return Math.max(1, rows[0]?.n ?? 1);
}
