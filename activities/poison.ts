import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { FailureType } from '../contracts/failure-types';

/**
 * SQLSTATE classes whose errors come from the data itself: 22 (data exception: a NUL or a broken byte
 * sequence, text that is not a uuid, a number out of range) and 23 (integrity constraint violation).
 * Every conflict the code expects is absorbed by `onConflict(...).ignore()` and never thrown, so a
 * thrown class 23 error is one the same input meets again on every attempt. Connection errors carry no
 * SQLSTATE; lock and statement timeouts (55P03, 57014), serialization failures (40001), deadlocks
 * (40P01) and a server going away (57P01, 08xxx) pass, and stay retried.
 */
const DATA_CLASSES = ['22', '23'];
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** What makes an error one that retrying cannot fix, or undefined when a retry may get through. */
export function unfixableCause(error: unknown): { sqlState?: string; message: string } | undefined {
  // The activities parse only what they build from the order (the events of the outbox): a payload
  // that fails its schema fails it again on every attempt.
  if (error instanceof z.core.$ZodError) {
    const issue = error.issues[0];
    return {
      message: `the input fails its schema at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`,
    };
  }
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState !== 'string' || !SQLSTATE.test(sqlState)) return undefined;
  if (!DATA_CLASSES.includes(sqlState.slice(0, 2))) return undefined;
  // knex prefixes the statement, which the Web UI need not show; PostgreSQL's own words say what failed.
  const text = error instanceof Error ? error.message.split(' - ').pop() : String(error);
  return { sqlState, message: `PostgreSQL refused the order's data: ${text} (SQLSTATE ${sqlState})` };
}

/** The error as the saga should see it: a non-retryable InvalidOrder failure, or itself when it may pass. */
export function asInvalidOrder(error: unknown): unknown {
  const cause = unfixableCause(error);
  if (!cause) return error;
  return ApplicationFailure.create({
    type: FailureType.InvalidOrder,
    message: cause.message,
    nonRetryable: true,
    details: [{ sqlState: cause.sqlState ?? null }],
  });
}

type AsyncFunction = (...args: never[]) => Promise<unknown>;

/**
 * The worker's activities, each turning an error that retrying cannot fix into a non-retryable
 * InvalidOrder failure: otherwise the same input fails on every attempt and its saga is retried for
 * ever. Applied where the worker registers them, so local and regular activities are both covered.
 */
export function rejectingInvalidOrders<T extends Record<string, AsyncFunction>>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, run]) => [
    name,
    async (...args: never[]) => {
      try {
        return await run(...args);
      } catch (error) {
        throw asInvalidOrder(error);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
