import { createLogger } from '../../platform/logger';
import { withCorrelation } from '../../platform/log-context';

/** The JSON lines a logger made by `make` writes while `work` runs. */
function linesOf(work: (destination: { write(line: string): void }) => void): Array<Record<string, unknown>> {
  const written: string[] = [];
  work({ write: (line) => void written.push(line) });
  return written
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

test('one JSON line per record with level, time, message, bindings and fields; below the level nothing', () => {
  const [line, ...rest] = linesOf((destination) => {
    const logger = createLogger('info', { process: 'api' }, destination).child({ component: 'orders' });
    logger.debug('not shown');
    logger.info('order placed', { orderId: 'o-1' });
  });
  expect(rest).toEqual([]);
  expect(line).toMatchObject({
    level: 'info',
    msg: 'order placed',
    process: 'api',
    component: 'orders',
    orderId: 'o-1',
  });
  expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
});

test('tokens and card data are redacted, errors keep their message and stack, and the correlation id rides along', () => {
  const [line] = linesOf((destination) =>
    withCorrelation('corr-42', () =>
      createLogger('info', {}, destination).warn('charge failed', {
        authorization: 'Bearer eyJhbGciOi.secret.sig',
        payment: { token: 'tok_visa' },
        request: { token: 'tok_4242', headers: { authorization: 'Bearer x' } },
        error: new Error('card network down'),
      }),
    ),
  );
  const text = JSON.stringify(line);
  expect(text).not.toMatch(/eyJhbGciOi|tok_visa|tok_4242|Bearer x/);
  expect(line).toMatchObject({
    correlationId: 'corr-42',
    authorization: '[redacted]',
    payment: { token: '[redacted]' },
  });
  expect(line!.error).toMatchObject({
    message: 'card network down',
    stack: expect.stringContaining('Error: card network down'),
  });
});
