import type { AddressInfo } from 'node:net';
import express from 'express';
import { errorHandler } from '../../api/problem';
import { createLogger } from '../../platform/logger';
import { parseConfig } from '../../platform/config';
import { startHttpLayer } from '../support/api-fakes';

test('a request while PostgreSQL is unreachable gets a 503 problem, not a 500', async () => {
  const api = startHttpLayer(
    parseConfig({ DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/orders' }),
  );
  try {
    const response = await fetch(`${api.url}/products`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/unavailable/),
    });
  } finally {
    await api.close();
  }
});

test.each([
  ['55P03', 'a lock held past lock_timeout'],
  ['57014', 'a statement cancelled by statement_timeout'],
])('PostgreSQL giving up waiting (%s, %s) is a 503 with Retry-After, not a 500', async (code) => {
  const app = express();
  app.get('/busy', () => {
    throw Object.assign(new Error('canceling statement due to lock timeout'), { code });
  });
  app.use(errorHandler(createLogger('silent')));
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/busy`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/retry/) });
  } finally {
    server.close();
  }
});
