import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import {
  createScratchDatabase,
  migrateLatest,
  migrateRollbackAll,
  type Db,
  type ScratchDatabase,
} from '../../platform/db';

const SCHEMAS = ['inventory', 'orders', 'payments', 'read_models'];
const MIGRATIONS = fs
  .readdirSync(path.resolve(__dirname, '..', '..', 'migrations'))
  .filter((file) => /^\d+_.+\.ts$/.test(file)).length;

/** Uses a database of its own so that rolling back does not pull the tables from under other tests. */
describe('migrations on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let db: Db;

  beforeAll(async () => {
    scratch = await createScratchDatabase(loadConfig().postgres.url, 'migrations', { migrate: false });
    db = scratch.db;
  });

  afterAll(() => scratch.drop());

  const schemasPresent = async () =>
    (await db('information_schema.schemata').whereIn('schema_name', SCHEMAS).pluck('schema_name')).sort();

  test('apply, then roll back completely, then apply again', async () => {
    expect(await migrateLatest(db)).toHaveLength(MIGRATIONS);
    expect(await schemasPresent()).toEqual([...SCHEMAS].sort());
    for (const schema of ['inventory', 'orders', 'payments']) {
      expect(await db.schema.withSchema(schema).hasTable('outbox')).toBe(true);
    }

    expect(await migrateRollbackAll(db)).toHaveLength(MIGRATIONS);
    expect(await schemasPresent()).toEqual([]);

    expect(await migrateLatest(db)).toHaveLength(MIGRATIONS);
  });

  test('products refuse a reservation above the stock on hand', async () => {
    await migrateLatest(db);
    const product = {
      id: randomUUID(),
      sku: `SKU-${randomUUID()}`,
      name: 'Lamp',
      price_cents: 1999,
      currency: 'EUR',
      seller_id: 's1',
    };
    await db('inventory.products').insert({ ...product, on_hand: 5, reserved: 0 });
    await expect(db('inventory.products').where({ id: product.id }).update({ reserved: 6 })).rejects.toThrow(
      /products_reserved_within_on_hand/,
    );
    await expect(db('inventory.products').where({ id: product.id }).update({ reserved: -1 })).rejects.toThrow(
      /products_reserved_within_on_hand/,
    );
  });
});
