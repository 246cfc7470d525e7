import type { DomainEvent } from '../../contracts/events';
import type { Db } from '../../platform/db';
import { coalesceApplies } from '../../platform/event-consumer/coalesce-applies';
import type { ApplyEvents, MessageSource } from '../../platform/event-consumer';

const db = {} as Db;
const chunk = (partition: number, ...ids: string[]) =>
  ids.map((eventId, i) => ({
    event: { eventId } as DomainEvent,
    source: { topic: 'orders.v1', partition, offset: String(i) } satisfies MessageSource,
  }));
const ids = (items: Parameters<ApplyEvents>[1]) => items.map((item) => item.event.eventId);

/** An apply that records each call's event ids, fails on `bad`, and answers `duplicate` for `dup`. */
function recordingApply(failure: () => Error = () => new Error('cannot apply bad')) {
  const calls: string[][] = [];
  const apply: ApplyEvents = async (_db, items) => {
    calls.push(ids(items));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (ids(items).includes('bad')) throw failure();
    return items.map((item) => (item.event.eventId === 'dup' ? 'duplicate' : 'applied'));
  };
  return { apply, calls };
}

test('chunks handed in together share one apply, and each gets its own outcomes back in order', async () => {
  const { apply, calls } = recordingApply();
  const shared = coalesceApplies(apply);
  const answers = await Promise.all([
    shared(db, chunk(0, 'a1', 'dup')),
    shared(db, chunk(1, 'b1')),
    shared(db, chunk(2, 'c1', 'c2')),
  ]);
  expect(calls).toEqual([['a1', 'dup', 'b1', 'c1', 'c2']]);
  expect(answers).toEqual([['applied', 'duplicate'], ['applied'], ['applied', 'applied']]);
});

test('a group applies its chunks in partition order however they were handed in, so consumers sharing events lock them in one order', async () => {
  const { apply, calls } = recordingApply();
  const shared = coalesceApplies(apply);
  const answers = await Promise.all([
    shared(db, chunk(2, 'c1')),
    shared(db, chunk(0, 'a1', 'dup')),
    shared(db, chunk(1, 'b1')),
  ]);
  expect(calls).toEqual([['a1', 'dup', 'b1', 'c1']]);
  expect(answers).toEqual([['applied'], ['applied', 'duplicate'], ['applied']]);
});

test('a chunk that cannot be applied fails alone: the others are applied again on their own', async () => {
  const { apply, calls } = recordingApply();
  const shared = coalesceApplies(apply);
  const answers = await Promise.allSettled([
    shared(db, chunk(0, 'a1')),
    shared(db, chunk(1, 'bad')),
    shared(db, chunk(2, 'c1')),
  ]);
  expect(calls).toEqual([['a1', 'bad', 'c1'], ['a1'], ['bad'], ['c1']]);
  expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
});

test('an outage fails every chunk of the group at once, without trying them one by one', async () => {
  const outage = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const { apply, calls } = recordingApply(outage);
  const shared = coalesceApplies(apply);
  const answers = await Promise.allSettled([shared(db, chunk(0, 'a1')), shared(db, chunk(1, 'bad'))]);
  expect(calls).toEqual([['a1', 'bad']]);
  expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
});

test('chunks handed in while a group commits go into the next group; a group holds at most 100 events', async () => {
  const { apply, calls } = recordingApply();
  const shared = coalesceApplies(apply);
  const first = shared(db, chunk(0, 'a1'));
  await new Promise((resolve) => setImmediate(resolve));
  // The first group is committing now.
  const many = Array.from({ length: 60 }, (_, i) => `m${i}`);
  const later = [shared(db, chunk(1, 'b1')), shared(db, chunk(2, ...many)), shared(db, chunk(3, ...many))];
  await Promise.all([first, ...later]);
  expect(calls.map((call) => call.length)).toEqual([1, 61, 60]);
  expect(calls[1]![0]).toBe('b1');
});
