import { loadConfig } from '../../platform/config';
import { startHttpLayer } from '../support/api-fakes';

let api: ReturnType<typeof startHttpLayer>;
beforeAll(() => {
  api = startHttpLayer(loadConfig());
});
afterAll(() => api?.close());

test.each(['/', '/docs/', '/orders', '/openapi.json'])(
  '%s answers with the browser security headers',
  async (path) => {
    const response = await fetch(`${api.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    // Plain http on the local stack: nothing may be upgraded to an https that is not there.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  },
);

test('Swagger UI keeps a pasted token for the page only, not in localStorage', async () => {
  const init = await (await fetch(`${api.url}/docs/swagger-ui-init.js`)).text();
  expect(init).toMatch(/"persistAuthorization":\s*false/);
});
