import { loadConfig } from '../../../platform/config';
import { createScratchDatabase, type ScratchDatabase } from '../../../platform/db';

export type ScopedDatabase = ScratchDatabase;

/**
 * A migrated database of the test's own. A relay owns every outbox row of its database, so sharing
 * one with other test files would have relays publish each other's rows.
 */
export const createScopedDatabase = (prefix: string): Promise<ScopedDatabase> =>
  createScratchDatabase(loadConfig().postgres.url, prefix);
