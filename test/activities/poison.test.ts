import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { asInvalidOrder, rejectingInvalidOrders, unfixableCause } from '../../activities/poison';
import { FailureType } from '../../contracts/failure-types';
import { loadConfig } from '../../platform/config';
import { createDb } from '../../platform/db';

const config = loadConfig();
const db = createDb(config.postgres.url, { max: 4 });
afterAll(() => db.destroy());

/** The error PostgreSQL (or the driver) throws for `query`, as an activity would meet it. */
async function errorOf(query: () => Promise<unknown>): Promise<unknown> {
  try {
    await query();
  } catch (error) {
    return error;
  }
  throw new Error('the query was expected to fail');
}

/** Two sessions that each hold a row lock the other wants: one of them is chosen as the deadlock victim. */
async function deadlock(table: string): Promise<unknown> {
  let release!: () => void;
  const bothLocked = new Promise<void>((resolve) => (release = resolve));
  let locked = 0;
  const lockThenWant = (first: number, second: number) =>
    db.transaction(async (trx) => {
      await trx(table).where({ id: first }).forUpdate();
      if (++locked === 2) release();
      await bothLocked;
      await trx(table).where({ id: second }).forUpdate();
    });
  const outcomes = await Promise.allSettled([lockThenWant(1, 2), lockThenWant(2, 1)]);
  return outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason;
}

/** A serializable transaction that updates a row another one changed after its snapshot was taken. */
async function serializationFailure(table: string): Promise<unknown> {
  const late = await db.transaction({ isolationLevel: 'serializable' });
  try {
    await late(table).sum('n');
    await db(table).where({ id: 1 }).update({ n: 10 });
    return await errorOf(() => late(table).where({ id: 1 }).update({ n: 20 }));
  } finally {
    await late.rollback().catch(() => undefined);
  }
}

async function withTable<T>(body: (table: string) => Promise<T>): Promise<T> {
  const table = `poison_test_${process.pid}_${Date.now()}`;
  await db.schema.createTable(table, (t) => {
    t.integer('id').primary();
    t.integer('n').notNullable();
  });
  try {
    await db(table).insert([
      { id: 1, n: 1 },
      { id: 2, n: 2 },
    ]);
    return await body(table);
  } finally {
    await db.schema.dropTable(table);
  }
}

const sqlState = (error: unknown) => (error as { code?: string }).code;

describe('an error that retrying cannot fix is an InvalidOrder', () => {
  test.each<[string, string, (db: Knex) => Promise<unknown>]>([
    ['a NUL in text', '22021', (q) => q.raw('select ?::text', ['customer\u0000'])],
    [
      'an unpaired surrogate in JSON',
      '22P02',
      (q) => q.raw('select ?::jsonb', [JSON.stringify({ c: 'x\ud800' })]),
    ],
    ['a NUL in JSON', '22P05', (q) => q.raw('select ?::jsonb', [JSON.stringify({ c: 'x\u0000' })])],
    ['text that is not a uuid', '22P02', (q) => q('inventory.products').where({ id: 'not-a-uuid' })],
    ['a number out of range', '22003', (q) => q.raw('select ?::int', ['99999999999'])],
    [
      'a NOT NULL violation',
      '23502',
      (q) => q('orders.orders').insert({ id: '00000000-0000-4000-8000-000000000000' }),
    ],
    [
      'a CHECK violation',
      '23514',
      (q) =>
        q.transaction((trx) =>
          trx('orders.orders').insert({
            id: '00000000-0000-4000-8000-000000000000',
            customer_id: 'c',
            status: 'LOST',
            items: '[]',
            total_cents: 0,
            currency: 'EUR',
            correlation_id: 'c',
          }),
        ),
    ],
  ])('%s (SQLSTATE %s)', async (_name, code, query) => {
    const error = await errorOf(() => query(db));
    expect(sqlState(error)).toBe(code);
    expect(unfixableCause(error)).toMatchObject({ sqlState: code });

    const failure = asInvalidOrder(error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.InvalidOrder, nonRetryable: true });
    expect((failure as ApplicationFailure).message).toContain(`SQLSTATE ${code}`);
  });

  test('a payload that fails its schema', () => {
    const error = errorOf(async () => z.object({ productId: z.uuid() }).parse({ productId: 'x' }));
    return expect(error.then(asInvalidOrder)).resolves.toMatchObject({
      type: FailureType.InvalidOrder,
      nonRetryable: true,
    });
  });
});

describe('an error that may pass stays as it is, and is retried', () => {
  test('a lock timeout (55P03)', async () => {
    const error = await withTable(async (table) => {
      const holder = await db.transaction();
      try {
        await holder(table).where({ id: 1 }).forUpdate();
        return await errorOf(() =>
          db.transaction(async (trx) => {
            await trx.raw(`set local lock_timeout = '50ms'`);
            await trx(table).where({ id: 1 }).forUpdate();
          }),
        );
      } finally {
        await holder.rollback();
      }
    });
    expect(sqlState(error)).toBe('55P03');
    expect(asInvalidOrder(error)).toBe(error);
  });

  test('a statement timeout (57014)', async () => {
    const error = await errorOf(() =>
      db.transaction(async (trx) => {
        await trx.raw(`set local statement_timeout = '20ms'`);
        await trx.raw('select pg_sleep(1)');
      }),
    );
    expect(sqlState(error)).toBe('57014');
    expect(asInvalidOrder(error)).toBe(error);
  });

  test('a serialization failure (40001)', async () => {
    const error = await withTable(serializationFailure);
    expect(sqlState(error)).toBe('40001');
    expect(asInvalidOrder(error)).toBe(error);
  });

  test('a deadlock (40P01)', async () => {
    const error = await withTable(deadlock);
    expect(sqlState(error)).toBe('40P01');
    expect(asInvalidOrder(error)).toBe(error);
  });

  test('a server that refuses the connection', async () => {
    const away = createDb('postgres://postgres:postgres@127.0.0.1:1/orders', { max: 1 });
    const error = await errorOf(() => away.raw('select 1')).finally(() => away.destroy());
    expect(asInvalidOrder(error)).toBe(error);
  });

  test('a business failure an activity raised itself (a decline) passes through untouched', () => {
    const decline = ApplicationFailure.create({ type: FailureType.PaymentDeclined, nonRetryable: true });
    expect(asInvalidOrder(decline)).toBe(decline);
  });
});

test('the worker registers every activity wrapped: a data exception leaves it as InvalidOrder', async () => {
  const activities = rejectingInvalidOrders({
    store: (text: string) => db.raw('select ?::text as t', [text]).then((r) => r.rows[0].t as string),
  });
  await expect(activities.store('fine')).resolves.toBe('fine');
  await expect(activities.store('bad\u0000')).rejects.toMatchObject({
    type: FailureType.InvalidOrder,
    nonRetryable: true,
  });
});
