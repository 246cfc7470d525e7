import type { Db } from '../db';
import type { MessageSource } from './dead-letter';
import type { ApplyEvents, ApplyOutcome } from './handle-message';
import type { DomainEvent } from '../../contracts/events';
import { isTransientError } from './is-transient-error';

type Items = Array<{ event: DomainEvent; source: MessageSource }>;

/**
 * Events per shared transaction at most, as many as one chunk: a consumer catching up must not hold its
 * locks for long, and the projector's NOTIFY names a transaction's orders within PostgreSQL's 8000 bytes.
 */
const MOST_EVENTS = 100;

/**
 * Applies the chunks that several partitions hand in at the same moment in one transaction. A fetch
 * brings a few events on each of many partitions (an order's events are spread over three topics), and
 * kafkajs hands each partition's batch over on its own: applied alone, nearly every event would be a
 * commit of its own. Each partition's events keep their order; a chunk's outcomes go back to it alone.
 *
 * When the shared transaction fails for a reason other than an outage (one event cannot be applied, or
 * needs an event that came later in the group), each chunk is applied again on its own, as it would have
 * been without the sharing, so a bad event fails only its own partition's chunk.
 */
export function coalesceApplies(apply: ApplyEvents): ApplyEvents {
  const waiting: Array<{ items: Items; done: (result: Promise<ApplyOutcome[]>) => void }> = [];

  async function applyAlone(db: Db, member: (typeof waiting)[number]) {
    const alone = apply(db, member.items);
    member.done(alone);
    await alone.catch(() => undefined);
  }

  async function applyGroup(db: Db, group: typeof waiting) {
    if (group.length === 1) return applyAlone(db, group[0]!);
    // In partition order, as one partition's events are in offset order: two transactions that share
    // events (two consumers catching up on the same partitions) then take their inbox rows' locks in the
    // same order. Handed over in any order, they deadlocked on each other (seen in the test run).
    group.sort((a, b) => compareSources(a.items[0]?.source, b.items[0]?.source));
    let outcomes: ApplyOutcome[];
    try {
      outcomes = await apply(
        db,
        group.flatMap((member) => member.items),
      );
    } catch (error) {
      if (isTransientError(error)) return group.forEach((member) => member.done(Promise.reject(error)));
      for (const member of group) await applyAlone(db, member);
      return;
    }
    let at = 0;
    for (const member of group) {
      member.done(Promise.resolve(outcomes.slice(at, at + member.items.length)));
      at += member.items.length;
    }
  }

  let applying = false;
  async function applyWaiting(db: Db) {
    // Chunks handed in while a group commits wait for the next group; `applying` drops in the same
    // synchronous step that finds nothing left, so no chunk is ever left without a loop to apply it.
    while (waiting.length > 0) {
      const group: typeof waiting = [];
      let events = 0;
      while (waiting.length > 0 && (group.length === 0 || events + waiting[0]!.items.length <= MOST_EVENTS)) {
        const member = waiting.shift()!;
        events += member.items.length;
        group.push(member);
      }
      await applyGroup(db, group);
    }
    applying = false;
  }

  return (db, items) =>
    new Promise<ApplyOutcome[]>((resolve, reject) => {
      const done = (result: Promise<ApplyOutcome[]>) => result.then(resolve, reject);
      waiting.push({ items, done });
      if (applying) return;
      applying = true;
      // The partitions of one fetch are handed over within the same turn of the event loop.
      setImmediate(() => void applyWaiting(db));
    });
}

const compareSources = (a?: MessageSource, b?: MessageSource) =>
  !a || !b ? 0 : a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
