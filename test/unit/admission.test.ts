import { createAdmission } from '../../api/admission';
import { HttpProblem } from '../../api/problem';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a placement waits for a free slot and runs once one frees up in time', async () => {
  const admission = createAdmission({ concurrency: 1, maxWaitMs: 500, retryAfterS: 1 });
  const order: string[] = [];
  await Promise.all([
    admission.run(async () => (await sleep(50), order.push('first'))),
    admission.run(async () => order.push('second')),
  ]);
  expect(order).toEqual(['first', 'second']);
  expect(admission.stats()).toEqual({ running: 0, queued: 0, shed: 0 });
});

test('past the bounded wait a placement is shed with 503 and Retry-After, and its work never runs', async () => {
  const admission = createAdmission({ concurrency: 1, maxWaitMs: 30, retryAfterS: 2 });
  let ranLate = false;
  const slow = admission.run(() => sleep(200));
  const late = admission.run(async () => void (ranLate = true));
  await expect(late).rejects.toBeInstanceOf(HttpProblem);
  await expect(late).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
  await slow;
  expect(ranLate).toBe(false);
  expect(admission.stats()).toEqual({ running: 0, queued: 0, shed: 1 });
});

test('a failing placement gives its slot back', async () => {
  const admission = createAdmission({ concurrency: 1, maxWaitMs: 30, retryAfterS: 1 });
  await expect(admission.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(admission.run(async () => 'ok')).resolves.toBe('ok');
});

test('while the workers are behind, a placement is shed at once even with free slots', async () => {
  let behind = true;
  const admission = createAdmission({
    concurrency: 8,
    maxWaitMs: 1000,
    retryAfterS: 1,
    saturated: () => behind,
  });
  let ran = false;
  await expect(admission.run(async () => void (ran = true))).rejects.toMatchObject({ status: 503 });
  expect(ran).toBe(false);
  behind = false;
  await expect(admission.run(async () => 'taken')).resolves.toBe('taken');
});
