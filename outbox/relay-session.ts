import { Client, type ClientConfig } from 'pg';
import type { Logger } from '../platform/logger';

/** How live relays find each other in pg_stat_activity to share the shards fairly. */
export const RELAY_APPLICATION_NAME = 'outbox-relay';
/** Same name as in migrations/20261122000005_outbox_notify.ts. */
export const OUTBOX_CHANNEL = 'outbox_inserted';

export interface RelaySession {
  client: Client;
  alive(): boolean;
  close(): Promise<void>;
}

interface SessionHooks {
  logger: Logger;
  onNotify(): void;
  onLost(): void;
}

/**
 * The relay's own PostgreSQL session, outside the knex pool: its advisory locks live exactly as long as
 * the connection, so a relay that dies frees its shards, and it LISTENs for new outbox rows.
 */
export async function openRelaySession(config: ClientConfig, hooks: SessionHooks): Promise<RelaySession> {
  const client = new Client({ ...config, application_name: RELAY_APPLICATION_NAME, keepAlive: true });
  let alive = true;
  let closing = false;
  const lost = (error?: Error) => {
    if (!alive) return;
    alive = false;
    if (!closing) hooks.logger.warn('relay session lost: its shard locks are released', { error });
    hooks.onLost();
  };
  client.on('error', lost);
  client.on('end', () => lost());
  client.on('notification', () => hooks.onNotify());
  try {
    await client.connect();
    await client.query(`listen ${OUTBOX_CHANNEL}`);
  } catch (error) {
    alive = false;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    client,
    alive: () => alive,
    async close() {
      closing = true;
      if (alive) await client.end();
    },
  };
}
