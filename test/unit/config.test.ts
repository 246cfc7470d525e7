import {
  ConfigError,
  DEV_JWT_SECRET,
  developmentUnlessSet,
  parseConfig,
  requirePayloadKeys,
  requireTokenKeys,
} from '../../platform/config';
import { DEV_PAYLOAD_KEY } from '../../platform/payload-codec';
import { parseDuration } from '../../platform/duration';

test('the defaults match the ports and payment window fixed in the design', () => {
  const config = parseConfig({});
  expect(config.api.port).toBe(3000);
  expect(config.paymentGateway.url).toBe('http://127.0.0.1:4000');
  expect(config.temporal).toMatchObject({
    address: '127.0.0.1:7233',
    uiPort: 8233,
    taskQueue: 'orders',
    external: false,
  });
  expect(config.kafka).toMatchObject({ brokers: ['127.0.0.1:9092'], external: false });
  expect(config.postgres.url).toBe('postgres://postgres:postgres@127.0.0.1:5433/orders');
  expect(config.paymentWindowMs).toBe(30 * 60_000);
});

test('servers named in the environment are used instead of local ones', () => {
  const config = parseConfig({
    TEMPORAL_ADDRESS: 'temporal:7233',
    KAFKA_BROKERS: 'a:9092, b:9092',
    DATABASE_URL: 'postgres://u:p@db/orders',
  });
  expect(config.temporal).toMatchObject({ address: 'temporal:7233', external: true });
  expect(config.kafka).toMatchObject({ brokers: ['a:9092', 'b:9092'], external: true });
  expect(config.postgres).toMatchObject({ url: 'postgres://u:p@db/orders', external: true });
});

test('a bad environment stops with a message naming every offending variable', () => {
  const attempt = () => parseConfig({ PORT: 'eighty', PAYMENT_WINDOW: '30 minutes', LOG_LEVEL: 'loud' });
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(/^Invalid configuration in the environment:/);
  expect(attempt).toThrow(/LOG_LEVEL: Invalid option/);
  expect(attempt).toThrow(/PORT: Invalid input: expected number/);
  expect(attempt).toThrow(/PAYMENT_WINDOW: "30 minutes" is not a duration; use a number and a unit/);
});

test.each([
  ['30m', 1_800_000],
  ['45s', 45_000],
  ['1500ms', 1500],
  ['2h', 7_200_000],
])('parses the duration %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

test.each(['', '0s', '-5m', '5', '5 days'])('refuses the duration "%s"', (text) =>
  expect(() => parseDuration(text)).toThrow(),
);

describe('development is switched on explicitly', () => {
  const OWN_SECRET = 'a-deployment-secret-of-at-least-32-characters';

  test('NODE_ENV unset means production: no published secret, no development key, no /dev sign-in', () => {
    const config = parseConfig({});
    expect(config.env).toBe('production');
    expect(config.devSignIn).toBe(false);
    expect(config.jwt.secret).toBeUndefined();
    expect(config.payloadKeys).toBeUndefined();
    expect(() => requireTokenKeys(config)).toThrow(ConfigError);
    expect(() => requirePayloadKeys(config)).toThrow(/set PAYLOAD_ENCRYPTION_KEYS/);
  });

  test.each(['development', 'test'])(
    'NODE_ENV=%s on loopback brings the development secret and key',
    (env) => {
      const config = parseConfig({ NODE_ENV: env });
      expect(config.devSignIn).toBe(true);
      expect(config.jwt.secret).toBe(DEV_JWT_SECRET);
      expect(requirePayloadKeys(config)).toEqual([DEV_PAYLOAD_KEY]);
      expect(() => requireTokenKeys(config)).not.toThrow();
    },
  );

  test.each([
    ['JWT_JWKS_URL is set', { JWT_JWKS_URL: 'https://idp.example/certs' }, /JWT_JWKS_URL is set/],
    [
      'the API listens on every interface',
      { API_HOST: '0.0.0.0' },
      /API_HOST 0\.0\.0\.0 listens beyond loopback/,
    ],
    ['the API listens on a LAN address', { API_HOST: '192.168.1.20' }, /beyond loopback/],
  ])('in development the published secret is never accepted when %s', (_name, env, reason) => {
    const config = parseConfig({ NODE_ENV: 'development', ...env });
    expect(config.devSignIn).toBe(false);
    expect(config.jwt.secret).toBeUndefined();
    const explicit = parseConfig({ NODE_ENV: 'development', ...env, JWT_SECRET: DEV_JWT_SECRET });
    expect(() => requireTokenKeys(explicit)).toThrow(reason);
    expect(() => requireTokenKeys(explicit)).toThrow(/published development secret/);
  });

  test.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('%s is loopback', (host) =>
    expect(parseConfig({ NODE_ENV: 'development', API_HOST: host }).devSignIn).toBe(true),
  );

  test("a deployment's own secret and keys are used in production", () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      JWT_SECRET: OWN_SECRET,
      PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(config.jwt.secret).toBe(OWN_SECRET);
    expect(() => requireTokenKeys(config)).not.toThrow();
    expect(requirePayloadKeys(config).map((key) => key.id)).toEqual(['k1']);
  });

  test('the commands of the local stack run in development unless NODE_ENV names another', () => {
    const unset: NodeJS.ProcessEnv = {};
    developmentUnlessSet(unset);
    expect(unset.NODE_ENV).toBe('development');
    const production: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    developmentUnlessSet(production);
    expect(production.NODE_ENV).toBe('production');
  });
});
