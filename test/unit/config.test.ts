import { ConfigError, parseConfig } from '../../platform/config';
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
