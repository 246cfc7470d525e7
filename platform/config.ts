import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from './duration';
import { DEV_PAYLOAD_KEY, parsePayloadKeys, type PayloadKey } from './payload-codec';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
/** A duration setting; `none` (where allowed) reads as 0 ms, for a delay that is off. */
const duration = (fallback: string, { allowNone = false } = {}) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      if (allowNone && text.trim() === 'none') return 0;
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** `N/duration`, e.g. `30/1m`: at most N in each window of that length (a window of 1 s or more). */
const perWindow = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const [count, window, extra] = text.split('/');
      const points = Number(count);
      let windowMs = NaN;
      try {
        windowMs = parseDuration(window ?? '');
      } catch {
        // reported below
      }
      if (extra !== undefined || !Number.isInteger(points) || points < 1 || !(windowMs >= 1000)) {
        ctx.addIssue({ code: 'custom', message: `expected N/duration such as 30/1m, not "${text}"` });
        return z.NEVER;
      }
      return { points, windowMs };
    });

/** Unset, or set to the empty string (as compose passes an unset `${VAR:-}`). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const Env = z.object({
  /**
   * Unset means production: only `development` or `test`, set explicitly (npm start, the commands of
   * scripts/cli.ts and the tests do), brings the development secret and key, /dev sign-in and an open codec.
   */
  NODE_ENV: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['development', 'test', 'production']).default('production'),
  ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PORT: port(3000),
  API_HOST: z.string().default('127.0.0.1'),
  /** Where clients (the demo, the bench) reach the API; defaults to this machine's PORT. */
  API_URL: z.url().optional(),
  PAYMENT_GATEWAY_HOST: z.string().default('127.0.0.1'),
  PAYMENT_GATEWAY_PORT: port(4000),
  PAYMENT_GATEWAY_URL: z.url().optional(),
  /** The merchant's secret key at the PSP: the order workers send it, the gateway mock checks it. */
  PAYMENT_GATEWAY_API_KEY: optional(z.string().min(16).max(500)),
  /** Lets the API (for an ADMIN) run the gateway mock's failure drills; only the API and the mock hold it. */
  PAYMENT_DRILL_KEY: optional(z.string().min(16).max(500)),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The built web dashboard the API serves at `/` (`npm run build:web`; `npm start` builds it). */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /** Where people open the Temporal Web UI (the dashboard links each order's workflow there). */
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
  /** Mutual TLS to Temporal's frontend (the cluster profile, compose): PEM files; all three, or none. */
  TEMPORAL_TLS_CA_FILE: optional(z.string().min(1)),
  TEMPORAL_TLS_CERT_FILE: optional(z.string().min(1)),
  TEMPORAL_TLS_KEY_FILE: optional(z.string().min(1)),
  /** The name the frontend's certificate carries, when the address's host is not it. */
  TEMPORAL_TLS_SERVER_NAME: optional(z.string().min(1)),
  KAFKA_PORT: port(9092),
  KAFKA_BROKERS: z.string().min(1).optional(),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
  /** The topics' min.insync.replicas when the app creates them; unset, the broker's default. */
  KAFKA_MIN_INSYNC_REPLICAS: optional(z.coerce.number().int().min(1).max(10)),
  /** SASL/SCRAM credentials of this process's Kafka user (the cluster profile, compose); unset: no SASL. */
  KAFKA_SASL_USERNAME: optional(z.string().min(1).max(200)),
  KAFKA_SASL_PASSWORD: optional(z.string().min(1).max(1000)),
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256']).default('scram-sha-512'),
  PG_PORT: port(5433),
  DATABASE_URL: z.url().optional(),
  PAYMENT_WINDOW: duration('30m'),
  /** HS256 shared secret (local development, or a deployment that mints its own tokens). */
  JWT_SECRET: optional(z.string().min(32, 'JWT_SECRET must be at least 32 characters')),
  /** The identity provider's JSON Web Key Set (RS256/ES256 tokens), e.g. Keycloak's .../protocol/openid-connect/certs. */
  JWT_JWKS_URL: optional(z.url()),
  JWT_ISSUER: z.string().min(1).default('order-saga'),
  JWT_AUDIENCE: z.string().min(1).default('order-saga-api'),
  JWT_CLOCK_TOLERANCE: duration('30s'),
  /** `id:base64-key,...` (32-byte keys), the first encrypts workflow payloads; see platform/payload-codec.ts. */
  PAYLOAD_ENCRYPTION_KEYS: optional(
    z.string().transform((text, ctx) => {
      try {
        return parsePayloadKeys(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  ),
  /** The API's operator port: /metrics and the payload codec endpoint for the Temporal Web UI. */
  API_METRICS_PORT: port(9101),
  API_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Web UI origins allowed to call the codec endpoint from the browser. */
  TEMPORAL_UI_ORIGINS: z.string().optional(),
  /** Host names the browser reaches the operator port by (the codec's Host allow-list, on API_METRICS_PORT). */
  API_METRICS_HOSTNAMES: z.string().optional(),
  OUTBOX_POLL_INTERVAL: duration('200ms'),
  /**
   * The API runs an order worker of its own and starts each saga eagerly: Temporal hands the first
   * workflow task back in the start's reply, so it skips the task queue (see api/eager-start.ts).
   */
  API_EAGER_START: z
    .enum(['on', 'off', 'true', 'false', '1', '0'])
    .default('on')
    .transform((value) => ['on', 'true', '1'].includes(value)),
  /**
   * On SIGTERM the API first answers /health/ready with 503 and goes on serving this long, so that a load
   * balancer in front of several replicas stops sending before the port closes (the cluster profile: 2s;
   * `none` by default: one process, nobody to tell).
   */
  API_DRAIN_DELAY: duration('none', { allowNone: true }),
  ORDER_ADMISSION_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
  ORDER_ADMISSION_MAX_WAIT: duration('1s'),
  // Temporal's task-queue statistics lag a few seconds behind a drained backlog; a shorter bound sheds
  // orders at light load right after a burst.
  ORDER_ADMISSION_MAX_BACKLOG_AGE: duration('5s'),
  // Per caller (the token's subject) and per API replica; see api/caller-limits.ts for the defaults' reasons.
  ORDER_RATE_PER_CALLER: perWindow('30/1m'),
  ORDER_QUERY_RATE_PER_CALLER: perWindow('600/1m'),
  ORDER_CARD_ATTEMPTS_PER_CALLER: perWindow('20/1h'),
  /** Placements of one caller in progress or waiting at once; unset, a quarter of ORDER_ADMISSION_CONCURRENCY. */
  ORDER_IN_FLIGHT_PER_CALLER: optional(z.coerce.number().int().min(1).max(10_000)),
  /** One customer's unpaid orders, and the units of stock they hold, at most (api/unpaid-holds.ts). */
  UNPAID_ORDERS_PER_CUSTOMER: z.coerce.number().int().min(1).max(1_000_000).default(10),
  UNPAID_UNITS_PER_CUSTOMER: z.coerce.number().int().min(1).max(1_000_000_000).default(100),
  DATA_DIR: z.string().default('.data'),
  /** The mail server the notifier sends through; unset, the local stack runs MailDev. */
  SMTP_URL: z.url().optional(),
  MAILDEV_SMTP_PORT: port(1025),
  MAILDEV_WEB_PORT: port(1080),
  MAIL_FROM: z.string().min(3).default('OrderFlow <orders@orderflow.localhost>'),
  /** E-mails one address may get in an hour; more are recorded as not sent (notifications/record-events.ts). */
  MAIL_PER_RECIPIENT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(50),
  /** The base of the links in customer e-mails; defaults to the API's own URL. */
  PUBLIC_URL: z.url().optional(),
  NOTIFIER_METRICS_PORT: port(9106),
  /** The notifier's Kafka consumer group; a second deployment on the same topics names its own. */
  NOTIFIER_GROUP: z.string().min(1).max(200).default('notifications'),
  ORDER_WORKER_METRICS_PORT: port(9102),
  /** The SDK's metrics of the order worker the API runs for eager starts (API_EAGER_START). */
  API_WORKER_METRICS_PORT: port(9107),
  OUTBOX_RELAY_METRICS_PORT: port(9103),
  PROJECTOR_METRICS_PORT: port(9104),
  PAYMENT_GATEWAY_METRICS_PORT: port(9105),
  /** A workflow bundle made ahead of time (`npm run bundle-workflows`); unset, the worker bundles at start. */
  WORKFLOW_BUNDLE: optional(z.string().min(1)),
  /** Where every process's /metrics listens; loopback locally, 0.0.0.0 in a container. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  // A browser holds at most 6 HTTP/1.1 connections per host and each open tab's stream takes one: more
  // than 5 streams of one caller starve its own requests anyway.
  LIVE_STREAMS_PER_CALLER: z.coerce.number().int().min(1).max(1000).default(5),
  LIVE_STREAMS_TOTAL: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Bytes a stream may have queued unread before its reader counts as stalled and is dropped. */
  LIVE_STREAM_BUFFER_BYTES: z.coerce.number().int().min(1024).max(16_777_216).default(65_536),
  PRODUCTS_PER_SELLER: z.coerce.number().int().min(1).max(1_000_000).default(1000),
});

export type Config = Readonly<{
  env: z.infer<typeof Env>['NODE_ENV'];
  /**
   * The development secret signs and checks tokens and `POST /dev/token` mints them: only with NODE_ENV
   * development or test, no JWT_JWKS_URL, and the API on loopback (see requireTokenKeys).
   */
  devSignIn: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  api: { port: number; host: string; url: string; eagerStart: boolean; drainDelayMs: number };
  /**
   * `apiKey`: the merchant key the order workers send and the mock checks; `drillKey`: the API's key to the
   * mock's failure drills. Development falls back to published keys of its own; elsewhere each is set only
   * where the environment sets it (the process that needs it then refuses to start without it).
   */
  paymentGateway: { port: number; host: string; url: string; apiKey?: string; drillKey?: string };
  temporal: {
    address: string;
    /** Mutual TLS to the frontend: the CA that signed its certificate, this process's certificate and key. */
    tls?: { caFile: string; certFile: string; keyFile: string; serverName?: string };
    external: boolean;
    port: number;
    uiPort: number;
    uiUrl: string;
    namespace: string;
    taskQueue: string;
  };
  kafka: {
    brokers: string[];
    external: boolean;
    port: number;
    topicPartitions: number;
    replicationFactor: number;
    /** Unset: the broker's default (`min.insync.replicas`). */
    minInsyncReplicas?: number;
    /** This process's Kafka user (SASL/SCRAM); unset, the client connects without SASL. */
    sasl?: KafkaSasl;
  };
  postgres: { url: string; external: boolean; port: number };
  paymentWindowMs: number;
  /**
   * How bearer tokens are checked. `secret` falls back to DEV_JWT_SECRET only where `devSignIn` holds;
   * elsewhere it is set only when the environment sets it (see requireTokenKeys).
   */
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string; clockToleranceS: number };
  outboxPollIntervalMs: number;
  /** Order placements in progress at once, and how long one more may wait before it is shed. */
  admission: { concurrency: number; maxWaitMs: number; maxBacklogAgeMs: number };
  /** What one caller may ask of this API replica: placements, order reads and card attempts per window. */
  callerLimits: {
    placements: CallerRate;
    queries: CallerRate;
    cardAttempts: CallerRate;
    inFlight: number;
  };
  /** What one customer may hold unpaid: orders, and units of stock across them. */
  unpaidHolds: { orders: number; units: number };
  dataDir: string;
  mail: {
    smtpUrl: string;
    external: boolean;
    smtpPort: number;
    inboxPort: number;
    from: string;
    perRecipientPerHour: number;
    publicUrl: string;
  };
  notifier: { metricsPort: number; groupId: string };
  /** Encrypt workflow payloads with the first, decrypt with any. The development key only with NODE_ENV development or test. */
  payloadKeys?: PayloadKey[];
  /**
   * The operator port. `codecOpen`: the codec answers without a token (NODE_ENV development or test, and
   * the port on loopback); elsewhere only to ADMIN tokens. `hostNames`: the codec's Host allow-list.
   */
  operator: { port: number; host: string; uiOrigins: string[]; hostNames: string[]; codecOpen: boolean };
  /** The workflow bundle the order worker loads, when one was made ahead of time. */
  workflowBundle?: string;
  web: { distDir: string };
  /** Open `GET /live` streams per caller (token subject) and per API process; a stream's unread bytes. */
  live: { streamsPerCaller: number; streamsTotal: number; bufferBytes: number };
  catalog: { productsPerSeller: number };
  /** The Prometheus port of each process (the API's is `operator.port`, the notifier's `notifier.metricsPort`). */
  metrics: {
    host: string;
    orderWorker: number;
    apiWorker: number;
    outboxRelay: number;
    projector: number;
    paymentGateway: number;
  };
}>;

/** A Kafka user's SCRAM credentials (as kafkajs takes them: one shape per mechanism). */
export type KafkaSasl =
  | { mechanism: 'scram-sha-512'; username: string; password: string }
  | { mechanism: 'scram-sha-256'; username: string; password: string };

/** At most `points` in each window of `windowMs`. */
export interface CallerRate {
  points: number;
  windowMs: number;
}

export class ConfigError extends Error {}

/** The gateway mock's keys of the local stack and the tests: published, so used only in development. */
export const DEV_PAYMENT_GATEWAY_API_KEY = 'dev-only-psp-key-change-me';
export const DEV_PAYMENT_DRILL_KEY = 'dev-only-drill-key-change-me';

/**
 * Settings that hold a secret may come from a file instead (`<NAME>_FILE`, as compose's `secrets:` mount
 * them): the value then never sits in the process's environment.
 */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'JWT_SECRET',
  'PAYLOAD_ENCRYPTION_KEYS',
  'KAFKA_SASL_PASSWORD',
  'PAYMENT_GATEWAY_API_KEY',
  'PAYMENT_DRILL_KEY',
] as const;

/** The environment with each `<NAME>_FILE` of a secret setting read into `<NAME>` (trailing newline dropped). */
function withSecretFiles(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...source };
  for (const name of SECRET_SETTINGS) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
    try {
      env[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new ConfigError(
        `${name}_FILE: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  return env;
}

/** Signs and checks tokens of the local stack and the tests; published, so accepted only where `devSignIn` holds. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production';

const isDevelopment = (env: Config['env']) => env === 'development' || env === 'test';

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export const isLoopback = (host: string) =>
  ['localhost', '::1', '[::1]'].includes(host.toLowerCase()) || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(host);

/** The development secret is accepted in explicit development only, without an identity provider, on loopback. */
const developmentSecretAllowed = (env: z.infer<typeof Env>) =>
  isDevelopment(env.NODE_ENV) && !env.JWT_JWKS_URL && isLoopback(env.API_HOST);

/** Workers, API and replayers need the payload keys; only development falls back to the development key. */
export function requirePayloadKeys(config: Config): PayloadKey[] {
  if (config.payloadKeys) return config.payloadKeys;
  throw new ConfigError(
    `NODE_ENV is ${config.env}: set PAYLOAD_ENCRYPTION_KEYS (id:base64-key of 32 bytes, e.g. k1:$(openssl rand -base64 32)), or NODE_ENV=development for the local stack's key; workflow payloads are never stored in clear`,
  );
}

/** The order workers and the gateway mock need the merchant key; only development falls back to its own. */
export function requireMerchantKey(config: Config): string {
  if (config.paymentGateway.apiKey) return config.paymentGateway.apiKey;
  throw new ConfigError(
    `NODE_ENV is ${config.env}: set PAYMENT_GATEWAY_API_KEY (or PAYMENT_GATEWAY_API_KEY_FILE), the merchant's secret key at the PSP; the development key is for NODE_ENV=development only`,
  );
}

/** The API's precondition: some way to check tokens that a stranger cannot mint. One readable line otherwise. */
export function requireTokenKeys(config: Config): void {
  const { secret, jwksUrl } = config.jwt;
  if (config.devSignIn) return;
  const why = !isDevelopment(config.env)
    ? `NODE_ENV is ${config.env} (unset means production; the local stack sets development)`
    : jwksUrl
      ? 'JWT_JWKS_URL is set'
      : `API_HOST ${config.api.host} listens beyond loopback`;
  if (!secret && !jwksUrl)
    throw new ConfigError(
      `${why}: the API needs JWT_JWKS_URL (your identity provider) or JWT_SECRET (32+ characters) and does not start with the development secret`,
    );
  if (secret === DEV_JWT_SECRET)
    throw new ConfigError(
      `${why}: JWT_SECRET is the published development secret and is not accepted; set a secret of your own`,
    );
}

export function parseConfig(source: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(withSecretFiles(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if ((env.KAFKA_MIN_INSYNC_REPLICAS ?? 0) > env.KAFKA_REPLICATION_FACTOR)
    throw new ConfigError(
      `Invalid configuration in the environment:\n  KAFKA_MIN_INSYNC_REPLICAS: ${env.KAFKA_MIN_INSYNC_REPLICAS} is more than KAFKA_REPLICATION_FACTOR (${env.KAFKA_REPLICATION_FACTOR}); no write with acks=all could succeed`,
    );
  const devSignIn = developmentSecretAllowed(env);
  return Object.freeze({
    env: env.NODE_ENV,
    devSignIn,
    logLevel: env.LOG_LEVEL,
    api: {
      port: env.PORT,
      host: env.API_HOST,
      url: env.API_URL ?? `http://127.0.0.1:${env.PORT}`,
      eagerStart: env.API_EAGER_START,
      drainDelayMs: env.API_DRAIN_DELAY,
    },
    paymentGateway: {
      port: env.PAYMENT_GATEWAY_PORT,
      host: env.PAYMENT_GATEWAY_HOST,
      url: env.PAYMENT_GATEWAY_URL ?? `http://127.0.0.1:${env.PAYMENT_GATEWAY_PORT}`,
      ...optionalKey('apiKey', env.PAYMENT_GATEWAY_API_KEY, DEV_PAYMENT_GATEWAY_API_KEY, env.NODE_ENV),
      ...optionalKey('drillKey', env.PAYMENT_DRILL_KEY, DEV_PAYMENT_DRILL_KEY, env.NODE_ENV),
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_PORT}`,
      external: env.TEMPORAL_ADDRESS !== undefined,
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: env.TEMPORAL_UI_URL ?? `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      ...temporalTls(env),
    },
    kafka: {
      brokers: (env.KAFKA_BROKERS ?? `127.0.0.1:${env.KAFKA_PORT}`).split(',').map((b) => b.trim()),
      external: env.KAFKA_BROKERS !== undefined,
      port: env.KAFKA_PORT,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS,
      ...kafkaSasl(env),
    },
    postgres: {
      url: env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${env.PG_PORT}/orders`,
      external: env.DATABASE_URL !== undefined,
      port: env.PG_PORT,
    },
    paymentWindowMs: env.PAYMENT_WINDOW,
    jwt: {
      ...(env.JWT_SECRET || devSignIn ? { secret: env.JWT_SECRET ?? DEV_JWT_SECRET } : {}),
      ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      clockToleranceS: Math.round(env.JWT_CLOCK_TOLERANCE / 1000),
    },
    outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL,
    admission: {
      concurrency: env.ORDER_ADMISSION_CONCURRENCY,
      maxWaitMs: env.ORDER_ADMISSION_MAX_WAIT,
      maxBacklogAgeMs: env.ORDER_ADMISSION_MAX_BACKLOG_AGE,
    },
    callerLimits: {
      placements: env.ORDER_RATE_PER_CALLER,
      queries: env.ORDER_QUERY_RATE_PER_CALLER,
      cardAttempts: env.ORDER_CARD_ATTEMPTS_PER_CALLER,
      inFlight:
        env.ORDER_IN_FLIGHT_PER_CALLER ?? Math.max(1, Math.floor(env.ORDER_ADMISSION_CONCURRENCY / 4)),
    },
    unpaidHolds: { orders: env.UNPAID_ORDERS_PER_CUSTOMER, units: env.UNPAID_UNITS_PER_CUSTOMER },
    dataDir: env.DATA_DIR,
    mail: {
      smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAILDEV_SMTP_PORT}`,
      external: env.SMTP_URL !== undefined,
      smtpPort: env.MAILDEV_SMTP_PORT,
      inboxPort: env.MAILDEV_WEB_PORT,
      from: env.MAIL_FROM,
      perRecipientPerHour: env.MAIL_PER_RECIPIENT_PER_HOUR,
      publicUrl: (env.PUBLIC_URL ?? env.API_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, ''),
    },
    notifier: { metricsPort: env.NOTIFIER_METRICS_PORT, groupId: env.NOTIFIER_GROUP },
    ...(env.PAYLOAD_ENCRYPTION_KEYS || isDevelopment(env.NODE_ENV)
      ? { payloadKeys: env.PAYLOAD_ENCRYPTION_KEYS ?? [DEV_PAYLOAD_KEY] }
      : {}),
    ...(env.WORKFLOW_BUNDLE ? { workflowBundle: env.WORKFLOW_BUNDLE } : {}),
    web: { distDir: env.WEB_DIST_DIR ?? path.resolve(__dirname, '..', 'web', 'dist') },
    live: {
      streamsPerCaller: env.LIVE_STREAMS_PER_CALLER,
      streamsTotal: env.LIVE_STREAMS_TOTAL,
      bufferBytes: env.LIVE_STREAM_BUFFER_BYTES,
    },
    catalog: { productsPerSeller: env.PRODUCTS_PER_SELLER },
    metrics: {
      host: env.METRICS_HOST,
      orderWorker: env.ORDER_WORKER_METRICS_PORT,
      apiWorker: env.API_WORKER_METRICS_PORT,
      outboxRelay: env.OUTBOX_RELAY_METRICS_PORT,
      projector: env.PROJECTOR_METRICS_PORT,
      paymentGateway: env.PAYMENT_GATEWAY_METRICS_PORT,
    },
    operator: {
      port: env.API_METRICS_PORT,
      host: env.API_METRICS_HOST,
      uiOrigins: (
        env.TEMPORAL_UI_ORIGINS ??
        `http://127.0.0.1:${env.TEMPORAL_UI_PORT},http://localhost:${env.TEMPORAL_UI_PORT}`
      )
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
      hostNames: (env.API_METRICS_HOSTNAMES?.split(',') ?? loopbackNamesAnd(env.API_METRICS_HOST))
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
      codecOpen: isDevelopment(env.NODE_ENV) && isLoopback(env.API_METRICS_HOST),
    },
  });
}

/** A key from the environment; in development or test, the published development key when unset. */
const optionalKey = <K extends string>(
  name: K,
  value: string | undefined,
  development: string,
  nodeEnv: Config['env'],
) => {
  const key = value ?? (isDevelopment(nodeEnv) ? development : undefined);
  return (key === undefined ? {} : { [name]: key }) as Partial<Record<K, string>>;
};

function temporalTls(env: z.infer<typeof Env>): Pick<Config['temporal'], 'tls'> {
  const files = [env.TEMPORAL_TLS_CA_FILE, env.TEMPORAL_TLS_CERT_FILE, env.TEMPORAL_TLS_KEY_FILE];
  if (files.every((file) => file === undefined)) return {};
  if (files.some((file) => file === undefined))
    throw new ConfigError(
      'Invalid configuration in the environment:\n  TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: set all three for mutual TLS, or none',
    );
  return {
    tls: {
      caFile: env.TEMPORAL_TLS_CA_FILE!,
      certFile: env.TEMPORAL_TLS_CERT_FILE!,
      keyFile: env.TEMPORAL_TLS_KEY_FILE!,
      ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    },
  };
}

function kafkaSasl(env: z.infer<typeof Env>): Pick<Config['kafka'], 'sasl'> {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (username === undefined && password === undefined) return {};
  if (username === undefined || password === undefined)
    throw new ConfigError(
      'Invalid configuration in the environment:\n  KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD go together',
    );
  return { sasl: { mechanism: env.KAFKA_SASL_MECHANISM, username, password } };
}

/** This machine's names, and the address the port is bound to unless that is every interface. */
const loopbackNamesAnd = (bound: string) => [
  '127.0.0.1',
  'localhost',
  '[::1]',
  ...(['0.0.0.0', '::', '[::]'].includes(bound) ? [] : [bound]),
];

/**
 * The local stack's commands (scripts/cli.ts: npm start, token, demo, bench, chaos, replay, ...) are
 * development tools: NODE_ENV=development unless the environment names another, passed on to the
 * processes they start. Server entry points (runProcess) never assume it.
 */
export function developmentUnlessSet(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.NODE_ENV) env.NODE_ENV = 'development';
}

let cached: Config | undefined;

/** The process configuration, parsed once on first use. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
