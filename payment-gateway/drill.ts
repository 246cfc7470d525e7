import { setTimeout as sleep } from 'node:timers/promises';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { requireBearerKey } from './bearer-key';
import { problem, send } from './gateway-response';
import { describeIssues } from './schemas';

/**
 * A failure drill: for a while the mock PSP refuses every charge (503, as a PSP outage does) or answers
 * each one late. The saga's charge is retried with the same idempotency key, so orders wait and then
 * complete on their own once the drill ends. Only the drill key starts or ends one: the API holds it and
 * uses it for an ADMIN (api/routes/admin.ts), so the identity provider's keys stay with the API.
 */
export const DrillRequest = z.strictObject({
  mode: z.enum(['fail', 'slow', 'off']),
  seconds: z.number().int().min(1).max(600).default(30),
  /** How late each charge is answered in a `slow` drill. */
  delayMs: z.number().int().min(100).max(20_000).default(3_000),
});

export interface DrillState {
  mode: 'fail' | 'slow' | 'off';
  /** When the drill ends on its own (absent when none is running). */
  until?: string;
  delayMs?: number;
}

export function createDrill({ drillKey, now = Date.now }: { drillKey?: string; now?: () => number }) {
  let current: { mode: 'fail' | 'slow'; until: number; delayMs: number } | undefined;

  const state = (): DrillState => {
    if (current && current.until <= now()) current = undefined;
    if (!current) return { mode: 'off' };
    return {
      mode: current.mode,
      until: new Date(current.until).toISOString(),
      ...(current.mode === 'slow' ? { delayMs: current.delayMs } : {}),
    };
  };

  /** Runs before a charge is looked up or recorded: a refused charge leaves nothing in the books. */
  const onCharge: RequestHandler = async (_req, res, next) => {
    const drill = state();
    if (drill.mode === 'fail')
      return send(
        res,
        problem(503, 'drill-outage', 'PSP unavailable (drill)', `A failure drill runs until ${drill.until}.`),
      );
    if (drill.mode === 'slow') await sleep(drill.delayMs!);
    next();
  };

  const control: Router = express.Router();
  control.use(requireBearerKey(drillKey, 'The drill key (PAYMENT_DRILL_KEY)'));
  control.get('/', (_req, res) => void res.json(state()));
  control.post('/', (req, res) => {
    const body = DrillRequest.safeParse(req.body ?? {});
    if (!body.success)
      return send(res, problem(400, 'invalid-request', 'Invalid drill', describeIssues(body.error)));
    const { mode, seconds, delayMs } = body.data;
    current = mode === 'off' ? undefined : { mode, until: now() + seconds * 1000, delayMs };
    res.json(state());
  });

  return { state, onCharge, control };
}
