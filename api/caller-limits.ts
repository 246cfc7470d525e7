import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../platform/config';
import { tooManyRequests } from './problem';

/** The per-caller limits, named by the environment variable that sets each. */
export const CALLER_LIMITS = {
  placements: { env: 'ORDER_RATE_PER_CALLER', what: 'order placements' },
  queries: { env: 'ORDER_QUERY_RATE_PER_CALLER', what: 'order reads' },
  cardAttempts: { env: 'ORDER_CARD_ATTEMPTS_PER_CALLER', what: 'card attempts' },
} as const;
export type WindowedLimit = keyof typeof CALLER_LIMITS;
export type CallerLimit = WindowedLimit | 'inFlight';

/** A caller at its in-flight bound may try again as soon as one of its placements is answered. */
const IN_FLIGHT_RETRY_AFTER_S = 1;

/**
 * What one caller (the token's subject) may ask of this API replica, so that no caller crowds out the
 * others: at most N placements, order reads and card attempts per window, and at most `inFlight` of its
 * placements in progress or waiting for admission at once (so it never holds more than that share of
 * the admission pool). A refusal is a 429 with `Retry-After`, decided before anything is read or
 * written.
 *
 * The counters live in this process (rate-limiter-flexible's memory store): a check costs microseconds
 * and refusing a flood costs no database work, where a shared PostgreSQL store would add a round trip
 * per request and turn each refused request of a flood into a write to one hot row. Behind a balancer
 * that spreads requests over R replicas a caller gets up to R times the configured rates, as the
 * capacity it shares is R times one replica's; counters start afresh when a replica restarts.
 */
export function createCallerLimits(
  limits: Config['callerLimits'],
  onRefused: (limit: CallerLimit) => void = () => undefined,
) {
  const windows = Object.fromEntries(
    (Object.keys(CALLER_LIMITS) as WindowedLimit[]).map((name) => {
      const { points, windowMs } = limits[name];
      return [name, new RateLimiterMemory({ keyPrefix: name, points, duration: Math.ceil(windowMs / 1000) })];
    }),
  ) as Record<WindowedLimit, RateLimiterMemory>;
  const inFlight = new Map<string, number>();

  /** Counts one more request of `caller` against `limit`, or throws the 429 when it is over. */
  async function take(limit: WindowedLimit, caller: string): Promise<void> {
    try {
      await windows[limit].consume(caller);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      onRefused(limit);
      const { points, windowMs } = limits[limit];
      const { env, what } = CALLER_LIMITS[limit];
      const retryAfterS = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw tooManyRequests(
        `this caller is over its limit of ${points} ${what} per ${windowMs / 1000} s (${env}); nothing was done, retry in ${retryAfterS} s`,
        retryAfterS,
        { limit: env, max: points, windowSeconds: windowMs / 1000 },
      );
    }
  }

  /** Runs `work` as one of `caller`'s placements in flight, or throws the 429 when it has its share already. */
  async function holding<T>(caller: string, work: () => Promise<T>): Promise<T> {
    const held = inFlight.get(caller) ?? 0;
    if (held >= limits.inFlight) {
      onRefused('inFlight');
      throw tooManyRequests(
        `this caller already has ${held} orders being placed, its limit (ORDER_IN_FLIGHT_PER_CALLER); nothing was recorded, retry once one is answered`,
        IN_FLIGHT_RETRY_AFTER_S,
        { limit: 'ORDER_IN_FLIGHT_PER_CALLER', max: limits.inFlight },
      );
    }
    inFlight.set(caller, held + 1);
    try {
      return await work();
    } finally {
      const left = (inFlight.get(caller) ?? 1) - 1;
      if (left === 0) inFlight.delete(caller);
      else inFlight.set(caller, left);
    }
  }

  /** A route guard: counts the request against `limit` for its authenticated caller. */
  const guard =
    (limit: WindowedLimit): RequestHandler =>
    (req, _res, next) =>
      void take(limit, req.principal!.subject).then(() => next(), next);

  return { take, holding, guard, inFlight: (caller: string) => inFlight.get(caller) ?? 0 };
}

export type CallerLimits = ReturnType<typeof createCallerLimits>;
