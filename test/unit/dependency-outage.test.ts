import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { parseConfig } from '../../platform/config';
import { createDb } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { unusedCatalog, unusedOrderService } from '../support/api-fakes';

test('a request while PostgreSQL is unreachable gets a 503 problem, not a 500', async () => {
  const config = parseConfig({ DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/orders' });
  const db = createDb(config.postgres.url);
  const app = createApp({
    config,
    logger: createLogger('silent'),
    db,
    orders: unusedOrderService(),
    catalog: unusedCatalog(),
    readiness: {},
  });
  const server = app.listen(0);
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/products`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/unavailable/),
    });
  } finally {
    server.close();
    await db.destroy();
  }
});
