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
