import { createAdmission } from '../../api/admission';
import { createCallerLimits, type CallerLimit } from '../../api/caller-limits';
import { HttpProblem } from '../../api/problem';
import { ConfigError, parseConfig } from '../../platform/config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const limitsOf = (env: Record<string, string>) => parseConfig(env).callerLimits;

test('the defaults fit a shop: 30 placements a minute, 600 reads a minute, 20 card attempts an hour', () => {
  expect(limitsOf({})).toEqual({
    placements: { points: 30, windowMs: 60_000 },
    queries: { points: 600, windowMs: 60_000 },
    cardAttempts: { points: 20, windowMs: 3_600_000 },
    inFlight: 8,
  });
});

test('unset, the in-flight bound is a quarter of the admission pool; set, it is what it says', () => {
  expect(limitsOf({ ORDER_ADMISSION_CONCURRENCY: '10' }).inFlight).toBe(2);
  expect(limitsOf({ ORDER_ADMISSION_CONCURRENCY: '2' }).inFlight).toBe(1);
  expect(limitsOf({ ORDER_IN_FLIGHT_PER_CALLER: '3' }).inFlight).toBe(3);
  expect(limitsOf({ ORDER_RATE_PER_CALLER: '5/10s' }).placements).toEqual({ points: 5, windowMs: 10_000 });
});

test.each(['30', '30/', 'x/1m', '0/1m', '30/1m/2', '30/500ms', '2.5/1m'])(
  'a rate of "%s" is refused at start with the variable named',
  (value) => {
    expect(() => parseConfig({ ORDER_RATE_PER_CALLER: value })).toThrow(ConfigError);
    expect(() => parseConfig({ ORDER_RATE_PER_CALLER: value })).toThrow(/ORDER_RATE_PER_CALLER/);
  },
);

function limits(overrides: Partial<ReturnType<typeof limitsOf>> = {}) {
  const refused: CallerLimit[] = [];
  const callerLimits = createCallerLimits(
    { ...limitsOf({}), ...overrides },
    (limit) => void refused.push(limit),
  );
  return { ...callerLimits, refused };
}

test('a caller past its window is refused with 429 and Retry-After, while another caller is not', async () => {
  const { take, refused } = limits({ placements: { points: 3, windowMs: 60_000 } });
  for (let i = 0; i < 3; i++) await take('placements', 'alice');
  const over = take('placements', 'alice');
  await expect(over).rejects.toBeInstanceOf(HttpProblem);
  const problem = (await over.catch((error) => error)) as HttpProblem;
  expect(problem.status).toBe(429);
  expect(problem.extra).toMatchObject({ limit: 'ORDER_RATE_PER_CALLER', max: 3, windowSeconds: 60 });
  const retryAfter = Number(problem.headers['Retry-After']);
  expect(retryAfter).toBeGreaterThanOrEqual(59);
  expect(retryAfter).toBeLessThanOrEqual(60);
  await expect(take('placements', 'bob')).resolves.toBeUndefined();
  expect(refused).toEqual(['placements']);
});

test('each limit counts on its own: reads and card attempts do not spend placements', async () => {
  const { take } = limits({
    placements: { points: 1, windowMs: 60_000 },
    queries: { points: 2, windowMs: 60_000 },
    cardAttempts: { points: 1, windowMs: 3_600_000 },
  });
  await take('queries', 'alice');
  await take('queries', 'alice');
  await take('cardAttempts', 'alice');
  await expect(take('placements', 'alice')).resolves.toBeUndefined();
  await expect(take('queries', 'alice')).rejects.toMatchObject({
    status: 429,
    extra: { limit: 'ORDER_QUERY_RATE_PER_CALLER' },
  });
  const card = (await take('cardAttempts', 'alice').catch((error) => error)) as HttpProblem;
  expect(card.extra).toMatchObject({ limit: 'ORDER_CARD_ATTEMPTS_PER_CALLER', windowSeconds: 3600 });
  expect(Number(card.headers['Retry-After'])).toBeGreaterThan(3500);
});

test('a window that has passed admits the caller again', async () => {
  const { take } = limits({ placements: { points: 2, windowMs: 1000 } });
  await take('placements', 'alice');
  await take('placements', 'alice');
  await expect(take('placements', 'alice')).rejects.toMatchObject({ status: 429 });
  await sleep(1100);
  await expect(take('placements', 'alice')).resolves.toBeUndefined();
});

test('a caller holding its share of placements in flight is refused; its slots come back on success and failure', async () => {
  const { holding, inFlight, refused } = limits({ inFlight: 2 });
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = holding('alice', () => gate);
  const second = holding('alice', () => gate.then(() => Promise.reject(new Error('boom'))));
  let ranThird = false;
  await expect(holding('alice', async () => void (ranThird = true))).rejects.toMatchObject({
    status: 429,
    headers: { 'Retry-After': '1' },
    extra: { limit: 'ORDER_IN_FLIGHT_PER_CALLER', max: 2 },
  });
  expect(ranThird).toBe(false);
  await expect(holding('bob', async () => 'served')).resolves.toBe('served');
  expect(inFlight('alice')).toBe(2);
  release();
  await first;
  await expect(second).rejects.toThrow('boom');
  expect(inFlight('alice')).toBe(0);
  await expect(holding('alice', async () => 'again')).resolves.toBe('again');
  expect(refused).toEqual(['inFlight']);
});

test('one caller flooding the admission pool leaves room for another: its placement starts at once', async () => {
  const admission = createAdmission({ concurrency: 4, maxWaitMs: 50, retryAfterS: 1 });
  const { holding } = limits({ inFlight: 1 });
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const place = (caller: string, work: () => Promise<unknown>) =>
    holding(caller, () => admission.run(work)).then(
      () => 'placed',
      (error: HttpProblem) => error.status,
    );
  let aliceRan = 0;
  const flood = Array.from({ length: 40 }, () => place('alice', () => (aliceRan++, gate)));
  // Without the per-caller bound alice would hold all 4 slots and bob would be shed with 503.
  const bob = await place('bob', async () => undefined);
  expect(bob).toBe('placed');
  expect(admission.stats()).toMatchObject({ running: 1, queued: 0, shed: 0 });
  release();
  const outcomes = await Promise.all(flood);
  expect(outcomes.filter((o) => o === 'placed')).toHaveLength(1);
  expect(outcomes.filter((o) => o === 429)).toHaveLength(39);
  expect(aliceRan).toBe(1);
});
