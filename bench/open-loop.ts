import { spreadOf, type Spread } from './percentiles';

/** One unit of load: sent on schedule whatever happened to the ones before it. */
export interface Arrival {
  id: string;
  sentAt: number;
  /** How long the submission itself took (POST, or the workflow start). */
  acceptMs?: number;
  /** `ok`, or what refused it: an HTTP status, `shed`, an error code. */
  outcome?: string;
  doneAt?: number;
}

export interface StepOptions {
  rate: number;
  durationS: number;
  /** After the last arrival, how long the stragglers may still complete. */
  drainS: number;
  /** Submits one arrival; it must set `acceptMs` and `outcome` before resolving. */
  fire: (arrival: Arrival) => Promise<void>;
}

export interface StepResult {
  offered: number;
  offeredRate: number;
  achievedRate: number;
  completed: number;
  accepted: number;
  shed: number;
  errors: Record<string, number>;
  accept: Spread;
  complete: Spread;
}

/**
 * Open-loop arrivals: the i-th is sent at start + i/rate no matter how slow the system is, so queueing
 * shows up in the latencies instead of silently lowering the offered rate (coordinated omission).
 */
export class OpenLoopStep {
  private readonly arrivals = new Map<string, Arrival>();
  private lastDone = 0;

  constructor(private readonly options: StepOptions) {}

  /** Marks an arrival's work done (the first time counts); unknown ids belong to other steps. */
  complete(id: string, at = Date.now()): void {
    const arrival = this.arrivals.get(id);
    if (!arrival || arrival.doneAt !== undefined) return;
    arrival.doneAt = at;
    this.lastDone = Math.max(this.lastDone, at);
  }

  async run(nextId: () => string): Promise<StepResult> {
    const { rate, durationS, drainS, fire } = this.options;
    const total = Math.max(1, Math.round(rate * durationS));
    const start = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const arrival: Arrival = { id: nextId(), sentAt: due };
      this.arrivals.set(arrival.id, arrival);
      inFlight.push(fire(arrival).catch((error) => void (arrival.outcome = errorCode(error))));
    }
    await Promise.all(inFlight);
    const deadline = start + (durationS + drainS) * 1000;
    while (Date.now() < deadline && this.pending() > 0) await new Promise((r) => setTimeout(r, 100));
    return this.result(start, total);
  }

  /** Accepted arrivals whose work has not completed yet. */
  pending(): number {
    return [...this.arrivals.values()].filter((a) => a.outcome === 'ok' && a.doneAt === undefined).length;
  }

  private result(start: number, offered: number): StepResult {
    const all = [...this.arrivals.values()];
    const done = all.filter((a) => a.doneAt !== undefined);
    const errors: Record<string, number> = {};
    for (const a of all)
      if (a.outcome !== 'ok') errors[a.outcome ?? 'none'] = (errors[a.outcome ?? 'none'] ?? 0) + 1;
    return {
      offered,
      offeredRate: this.options.rate,
      achievedRate: done.length / Math.max(0.001, (this.lastDone - start) / 1000),
      completed: done.length,
      accepted: all.filter((a) => a.outcome === 'ok').length,
      shed: errors.shed ?? 0,
      errors,
      accept: spreadOf(all.flatMap((a) => (a.acceptMs === undefined ? [] : [a.acceptMs]))),
      complete: spreadOf(done.map((a) => a.doneAt! - a.sentAt)),
    };
  }
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? (error as Error).name ?? 'error';
}
