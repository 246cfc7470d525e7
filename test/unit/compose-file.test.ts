import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AclOperationTypes, AclResourceTypes } from 'kafkajs';
import { parse } from 'yaml';
import {
  parseConfig,
  requireMerchantKey,
  requirePayloadKeys,
  requireTokenKeys,
  SECRET_SETTINGS,
} from '../../platform/config';
import { OWNER_ROLE, ROLE_MEMBERSHIPS, ROLE_OF } from '../../platform/db-roles';
import { KAFKA_ROLES, kafkaGrants } from '../../scripts/stack/cluster/kafka-acls';
import { TEMPORAL_SERVER_ROLE } from '../../scripts/stack/postgres-roles';
import {
  APP_ROLES,
  CREDENTIAL_SETTINGS,
  CREDENTIALS_USED_BY,
  type AppRole,
} from '../../scripts/stack/credentials';

/**
 * docker-compose.yml against the Compose Specification, and against least privilege: each service holds
 * the credentials its code uses (scripts/stack/credentials.ts), as files of compose `secrets:`, and no
 * other; the Kafka ACLs, the PostgreSQL roles and Temporal's key owners are those of the code.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
/** The schema docker compose itself validates with (github.com/compose-spec/compose-go/v2, schema/). */
const COMPOSE_GO = 'github.com/compose-spec/compose-go/v2@v2.16.2';
const SECRETS_DIR = '/run/secrets/';
const TLS_DIR = '/etc/temporal-tls/';
const TLS_VOLUME = 'temporal-tls';

/** The compose service that runs each app process. */
const SERVICE_OF: Record<AppRole, string> = {
  api: 'api',
  'order-worker': 'order-worker',
  'outbox-relay': 'outbox-relay',
  projector: 'projector',
  notifier: 'notifier',
  'payment-gateway': 'payment-gateway',
};
const MIGRATE = 'migrate';
/** Temporal's four server services (temporalio/server), and the one-shot that makes their databases. */
const TEMPORAL_SERVERS = ['temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-worker'];
const TEMPORAL_SCHEMA_JOB = 'temporal-admin-tools';
/** PostgreSQL's superuser password, and that of Temporal's own role (TEMPORAL_SERVER_ROLE). */
const SUPERUSER_SECRET = 'postgres-password';
const TEMPORAL_DB_SECRET = 'temporal-db-password';

/** The secrets of the services that run no app process: what each reads, by path or by <NAME>_FILE. */
const INFRASTRUCTURE_SECRETS: Record<string, string[]> = {
  // POSTGRES_PASSWORD_FILE; 20-roles.sh makes each role with the password of its URL, and temporal_server.
  postgres: [
    SUPERUSER_SECRET,
    TEMPORAL_DB_SECRET,
    'database-url-owner',
    ...Object.keys(ROLE_OF).map((process) => `database-url-${process}`),
  ],
  // Temporal's schema job: creates the databases as the superuser, migrates them as temporal_server.
  [TEMPORAL_SCHEMA_JOB]: [SUPERUSER_SECRET, TEMPORAL_DB_SECRET],
  // Temporal's persistence, as its own role (POSTGRES_PWD_FILE); never the superuser.
  ...Object.fromEntries(TEMPORAL_SERVERS.map((name) => [name, [TEMPORAL_DB_SECRET]])),
  'temporal-ui': ['temporal-ui-oidc-client-secret'],
  // The brokers sign in to each other as the administrator.
  'kafka-1': ['kafka-password-admin'],
  'kafka-2': ['kafka-password-admin'],
  'kafka-3': ['kafka-password-admin'],
  // The administrator sets every app user's password.
  'kafka-setup': ['kafka-password-admin', ...KAFKA_ROLES.map((user) => `kafka-password-${user}`)],
  grafana: ['grafana-admin-password'],
};

type Env = Record<string, string>;
interface Service {
  image?: string;
  user?: string;
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  secrets?: Array<string | { source: string; target?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string; read_only?: boolean }>;
}
interface Compose {
  services: Record<string, Service>;
  secrets?: Record<string, { file?: string }>;
}

const composeText = fs.readFileSync(COMPOSE_FILE, 'utf8');
const compose = parse(composeText, { merge: true }) as Compose;

/** A service's environment as strings (compose takes a map or KEY=VALUE lines). */
function envOf(name: string): Env {
  const environment = serviceOf(name).environment ?? {};
  if (Array.isArray(environment))
    return Object.fromEntries(
      environment.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)]),
    );
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]));
}

function serviceOf(name: string): Service {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}

/** The secrets mounted in a service, each at /run/secrets/<name> unless a target says otherwise. */
function mountedSecrets(name: string): Map<string, string> {
  return new Map(
    (serviceOf(name).secrets ?? []).map((secret) => {
      const source = typeof secret === 'string' ? secret : secret.source;
      const target = typeof secret === 'string' ? undefined : secret.target;
      return [source, target?.startsWith('/') ? target : `${SECRETS_DIR}${target ?? source}`];
    }),
  );
}

/** The secret a `<NAME>_FILE` value names: the mounted secret at that path. */
function secretAt(service: string, file: string): string | undefined {
  return [...mountedSecrets(service)].find(([, target]) => target === file)?.[0];
}

/** The temporal-tls volume's mount in a service, if any. */
function tlsMount(name: string) {
  for (const volume of serviceOf(name).volumes ?? []) {
    if (typeof volume === 'string') {
      const [source, target, mode] = volume.split(':');
      if (source === TLS_VOLUME) return { target: `${target}/`, readOnly: mode === 'ro' };
    } else if (volume.source === TLS_VOLUME) {
      return { target: `${volume.target}/`, readOnly: volume.read_only === true };
    }
  }
  return undefined;
}

/** `${NAME:-default}` as compose fills it in when NAME is unset. */
const withDefaults = (value: string) =>
  value
    .replace(/\$\{[A-Za-z0-9_]+(?::?-([^}]*))?\}/g, (_, fallback?: string) => fallback ?? '')
    .replace(/\$\$/g, '$');

/** Runs docker/make-secrets.sh into a fresh folder. */
function makeSecrets(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-secrets-')), 'secrets');
  execFileSync('sh', [path.join(ROOT, 'docker', 'make-secrets.sh'), dir], { stdio: 'pipe' });
  return dir;
}

/** The service's environment with compose's defaults filled in and its secrets at `secretsDir`. */
function runtimeEnv(service: string, secretsDir: string): Env {
  return Object.fromEntries(
    Object.entries(envOf(service)).map(([key, value]) => {
      const secret = key.endsWith('_FILE') ? secretAt(service, value) : undefined;
      return [key, secret ? path.join(secretsDir, secret) : withDefaults(value)];
    }),
  );
}

function loadComposeSchema(): object {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-spec-'));
  let output: string;
  try {
    output = execFileSync('go', ['mod', 'download', '-json', COMPOSE_GO], {
      cwd,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 110_000,
    });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `go mod download ${COMPOSE_GO} failed (Go is needed for this test): ${stdout || stderr || message}`,
    );
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
  const { Dir } = JSON.parse(output) as { Dir?: string };
  if (!Dir) throw new Error(`go mod download named no folder for ${COMPOSE_GO}: ${output}`);
  return JSON.parse(fs.readFileSync(path.join(Dir, 'schema', 'compose-spec.json'), 'utf8')) as object;
}

let secretsDir: string;
beforeAll(() => {
  secretsDir = makeSecrets();
});
afterAll(() => {
  fs.rmSync(path.dirname(secretsDir), { recursive: true, force: true });
});

test('docker-compose.yml is valid by the Compose Specification (the schema of compose-go)', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // As compose-go registers it: a Go duration (`30s`, `1h30m`), not ISO 8601.
  ajv.addFormat('duration', /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/);
  const validate = ajv.compile(loadComposeSchema());
  const valid = validate(compose);
  const errors = (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
  expect(errors).toEqual([]);
  expect(valid).toBe(true);
});

test('no password or key is written in the file: secrets come from files, each mounted where it is named', () => {
  // No URL with a password in it (postgres://user:password@host), anywhere but in comments.
  expect(JSON.stringify(compose).match(/:\/\/[^\s/:@"]+:[^\s/@"]+@[^\s"]*/g) ?? []).toEqual([]);
  for (const name of Object.keys(compose.services)) {
    const env = envOf(name);
    for (const setting of SECRET_SETTINGS)
      if (setting in env) throw new Error(`${name} sets ${setting} in its environment; use ${setting}_FILE`);
    for (const [key, value] of Object.entries(env)) {
      if (/PASSWORD|PASSWD|PWD|SECRET/.test(key) && !key.endsWith('_FILE'))
        throw new Error(`${name} sets ${key} in its environment; name a secret file instead (${key}_FILE)`);
      if (!key.endsWith('_FILE')) continue;
      if (key.startsWith('TEMPORAL_TLS_')) {
        // Certificates and keys come from the temporal-tls volume, mounted read-only.
        expect({ service: name, [key]: value, mount: tlsMount(name) }).toEqual({
          service: name,
          [key]: expect.stringMatching(new RegExp(`^${TLS_DIR}[^/]+\\.pem$`)),
          mount: { target: TLS_DIR, readOnly: true },
        });
        continue;
      }
      // /run/secrets/<name>, a secret this service mounts and the file defines.
      const secret = secretAt(name, value);
      expect({ service: name, [key]: value, secret: secret && compose.secrets?.[secret] }).toEqual({
        service: name,
        [key]: value,
        secret: { file: expect.any(String) },
      });
    }
    for (const secret of mountedSecrets(name).keys())
      expect({ service: name, secret, defined: compose.secrets?.[secret] !== undefined }).toEqual({
        service: name,
        secret,
        defined: true,
      });
  }
});

describe.each(APP_ROLES)('the %s service', (role) => {
  const service = SERVICE_OF[role];

  test('holds only credentials its code uses, each its own, and mounts no secret it does not name', () => {
    const env = envOf(service);
    const credentials = Object.keys(env).filter((key) =>
      (CREDENTIAL_SETTINGS as readonly string[]).includes(key),
    );
    const used = new Set<string>(CREDENTIALS_USED_BY[role]);
    expect(credentials.filter((key) => !used.has(key))).toEqual([]);

    const named = new Set(
      Object.entries(env)
        .filter(([key]) => key.endsWith('_FILE'))
        .map(([, value]) => secretAt(service, value)),
    );
    expect([...mountedSecrets(service).keys()].filter((secret) => !named.has(secret))).toEqual([]);

    // Its own database role, Kafka user and Temporal certificate; never another process's.
    expect(env.DATABASE_URL_FILE).toBe(`${SECRETS_DIR}database-url-${role}`);
    if ((KAFKA_ROLES as readonly string[]).includes(role))
      expect([env.KAFKA_SASL_USERNAME, env.KAFKA_SASL_PASSWORD_FILE]).toEqual([
        role,
        `${SECRETS_DIR}kafka-password-${role}`,
      ]);
    else expect([env.KAFKA_SASL_USERNAME, env.KAFKA_SASL_PASSWORD_FILE]).toEqual([undefined, undefined]);
    if (used.has('TEMPORAL_TLS_CERT_FILE'))
      expect([env.TEMPORAL_TLS_CERT_FILE, env.TEMPORAL_TLS_KEY_FILE]).toEqual([
        `${TLS_DIR}${role}.pem`,
        `${TLS_DIR}${role}-key.pem`,
      ]);
    else expect(tlsMount(service)).toBeUndefined();
  });

  test('starts with what it holds: its configuration parses and has every key its process requires', () => {
    const config = parseConfig(runtimeEnv(service, secretsDir));
    expect(new URL(config.postgres.url).username).toBe(ROLE_OF[role]);
    expect(config.kafka.sasl?.username).toBe(
      (KAFKA_ROLES as readonly string[]).includes(role) ? role : undefined,
    );
    const uses = (setting: string) => (CREDENTIALS_USED_BY[role] as string[]).includes(setting);
    if (uses('JWT_SECRET')) expect(() => requireTokenKeys(config)).not.toThrow();
    if (uses('PAYLOAD_ENCRYPTION_KEYS')) expect(requirePayloadKeys(config).length).toBeGreaterThan(0);
    if (uses('PAYMENT_GATEWAY_API_KEY')) expect(requireMerchantKey(config).length).toBeGreaterThan(15);
    if (uses('PAYMENT_DRILL_KEY')) expect(config.paymentGateway.drillKey?.length).toBeGreaterThan(15);
    if (uses('TEMPORAL_TLS_CERT_FILE')) expect(config.temporal.tls).toBeDefined();
  });
});

test('migrate runs as the owner, Kafka administrator and Temporal operator, with no token, payload or PSP key', () => {
  const env = envOf(MIGRATE);
  const forbidden = ['JWT_SECRET', 'PAYLOAD_ENCRYPTION_KEYS', 'PAYMENT_GATEWAY_API_KEY', 'PAYMENT_DRILL_KEY'];
  expect(
    Object.keys(env).filter((key) => forbidden.some((name) => key === name || key === `${name}_FILE`)),
  ).toEqual([]);
  expect([...mountedSecrets(MIGRATE).keys()].sort()).toEqual(['database-url-owner', 'kafka-password-admin']);
  expect(env).toMatchObject({
    DATABASE_URL_FILE: `${SECRETS_DIR}database-url-owner`,
    KAFKA_SASL_USERNAME: 'admin',
    KAFKA_SASL_PASSWORD_FILE: `${SECRETS_DIR}kafka-password-admin`,
    TEMPORAL_TLS_CERT_FILE: `${TLS_DIR}operator.pem`,
    TEMPORAL_TLS_KEY_FILE: `${TLS_DIR}operator-key.pem`,
  });
  const config = parseConfig(runtimeEnv(MIGRATE, secretsDir));
  expect(new URL(config.postgres.url).username).toBe(OWNER_ROLE);
  expect(config.payloadKeys).toBeUndefined();
});

test('every other service holds only the secrets it reads, and every secret is held by a service', () => {
  const held: Record<string, string[]> = {};
  for (const name of Object.keys(compose.services)) held[name] = [...mountedSecrets(name).keys()].sort();
  const app = new Set([MIGRATE, ...Object.values(SERVICE_OF)]);
  const others = Object.fromEntries(Object.entries(held).filter(([name]) => !app.has(name)));
  const expected = Object.fromEntries(
    Object.keys(others).map((name) => [name, [...(INFRASTRUCTURE_SECRETS[name] ?? [])].sort()]),
  );
  expect(others).toEqual(expected);
  const defined = Object.keys(compose.secrets ?? {}).sort();
  expect([...new Set(Object.values(held).flat())].sort()).toEqual(defined);
  for (const [name, secret] of Object.entries(compose.secrets ?? {}))
    expect([name, secret.file]).toEqual([name, `./secrets/${name}`]);
});

test("Temporal's servers connect to PostgreSQL as temporal_server and hold no superuser password", () => {
  const servers = Object.entries(compose.services)
    .filter(([, service]) => service.image?.startsWith('temporalio/server:'))
    .map(([name]) => name);
  expect(servers.sort()).toEqual([...TEMPORAL_SERVERS].sort());
  for (const name of TEMPORAL_SERVERS) {
    const env = envOf(name);
    // The image's config template reads POSTGRES_USER and POSTGRES_PWD; env-from-files.sh fills the
    // latter from POSTGRES_PWD_FILE.
    expect({
      service: name,
      user: env.POSTGRES_USER,
      password: secretAt(name, env.POSTGRES_PWD_FILE ?? ''),
      entrypoint: serviceOf(name).entrypoint,
      holdsSuperuserPassword: mountedSecrets(name).has(SUPERUSER_SECRET),
    }).toEqual({
      service: name,
      user: TEMPORAL_SERVER_ROLE,
      password: TEMPORAL_DB_SECRET,
      entrypoint: expect.arrayContaining(['/opt/order-saga/env-from-files.sh', 'POSTGRES_PWD']),
      holdsSuperuserPassword: false,
    });
  }
  // The schema job creates the databases as the superuser and hands them to the same role.
  const job = envOf(TEMPORAL_SCHEMA_JOB);
  expect({
    superuser: job.POSTGRES_USER,
    superuserPassword: secretAt(TEMPORAL_SCHEMA_JOB, job.POSTGRES_PWD_FILE ?? ''),
    role: job.TEMPORAL_DB_USER,
    rolePassword: secretAt(TEMPORAL_SCHEMA_JOB, job.TEMPORAL_DB_PWD_FILE ?? ''),
  }).toEqual({
    superuser: 'postgres',
    superuserPassword: SUPERUSER_SECRET,
    role: TEMPORAL_SERVER_ROLE,
    rolePassword: TEMPORAL_DB_SECRET,
  });
});

test('docker/make-secrets.sh makes every secret, once, readable by the containers and kept from other users', () => {
  const made = fs.readdirSync(secretsDir).sort();
  expect(made).toEqual(Object.keys(compose.secrets ?? {}).sort());
  expect(fs.statSync(secretsDir).mode & 0o777).toBe(0o700);
  for (const file of made)
    expect([file, fs.statSync(path.join(secretsDir, file)).mode & 0o777]).toEqual([file, 0o644]);

  const urls = Object.fromEntries(
    ['owner', ...Object.keys(ROLE_OF)].map((name) => [
      name,
      new URL(fs.readFileSync(path.join(secretsDir, `database-url-${name}`), 'utf8')),
    ]),
  );
  for (const [name, url] of Object.entries(urls))
    expect([name, url.username, url.host, url.pathname]).toEqual([
      name,
      name === 'owner' ? OWNER_ROLE : ROLE_OF[name as keyof typeof ROLE_OF],
      'postgres:5432',
      '/orders',
    ]);
  expect(new Set(Object.values(urls).map((url) => url.password)).size).toBe(Object.keys(urls).length);

  const before = made.map((file) => fs.readFileSync(path.join(secretsDir, file), 'utf8'));
  execFileSync('sh', [path.join(ROOT, 'docker', 'make-secrets.sh'), secretsDir], { stdio: 'pipe' });
  expect(made.map((file) => fs.readFileSync(path.join(secretsDir, file), 'utf8'))).toEqual(before);
});

test('docker/postgres/20-roles.sh makes the roles and memberships of platform/db-roles.ts', () => {
  const script = fs.readFileSync(path.join(ROOT, 'docker', 'postgres', '20-roles.sh'), 'utf8');
  const list = (name: string) =>
    (script.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? '').split(/\s+/).filter(Boolean);
  expect(list('ROLES').sort()).toEqual(
    ['owner:order_owner', ...Object.entries(ROLE_OF).map(([process, role]) => `${process}:${role}`)].sort(),
  );
  expect(script).toContain(`OWNER=${OWNER_ROLE}\n`);
  expect(script).toContain(`TEMPORAL_ROLE=${TEMPORAL_SERVER_ROLE}\n`);
  expect(script).toContain(`TEMPORAL_SECRET=${SECRETS_DIR}${TEMPORAL_DB_SECRET}\n`);
  expect(list('MEMBERSHIPS').sort()).toEqual(
    Object.entries(ROLE_MEMBERSHIPS)
      .flatMap(([process, memberships]) =>
        (memberships ?? []).map((membership) => `${ROLE_OF[process as keyof typeof ROLE_OF]}:${membership}`),
      )
      .sort(),
  );
});

test('docker/kafka/acls.conf allows each user exactly what kafkaGrants() gives it', () => {
  const notifierGroup =
    envOf(SERVICE_OF.notifier).NOTIFIER_GROUP ?? parseConfig({ NODE_ENV: 'test' }).notifier.groupId;
  const operation = { [AclOperationTypes.READ]: 'Read', [AclOperationTypes.WRITE]: 'Write' };
  const resource = { [AclResourceTypes.TOPIC]: 'topic', [AclResourceTypes.GROUP]: 'group' };
  const expected = Object.entries(kafkaGrants({ notifierGroup })).flatMap(([user, grants]) =>
    grants.map((grant) => `${user} ${operation[grant.operation]} ${resource[grant.resource]} ${grant.name}`),
  );
  const lines = fs
    .readFileSync(path.join(ROOT, 'docker', 'kafka', 'acls.conf'), 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).join(' '))
    .filter((line) => line && !line.startsWith('#'));
  expect(lines.sort()).toEqual(expected.sort());
});

test('each Temporal key belongs to the user of the one service that presents it, and to no other', () => {
  const certs = envOf('temporal-certs');
  const owners = new Map<string, string[]>();
  for (const entry of (certs.KEY_OWNERS ?? '').split(/\s+/).filter(Boolean)) {
    const [name, ...ids] = entry.split(':');
    const uid = ids[0]!;
    owners.set(uid, [...(owners.get(uid) ?? []), `${TLS_DIR}${name}-key.pem`]);
  }
  const keyFiles = (env: Env) =>
    Object.values(env)
      .filter((value) => value.startsWith(TLS_DIR) && value.endsWith('-key.pem'))
      .sort();
  for (const name of Object.keys(compose.services)) {
    const mount = tlsMount(name);
    if (!mount || name === 'temporal-certs') {
      expect({ service: name, keys: keyFiles(envOf(name)) }).toEqual({ service: name, keys: [] });
      continue;
    }
    expect({ service: name, mount }).toEqual({ service: name, mount: { target: TLS_DIR, readOnly: true } });
    const uid = serviceOf(name).user?.split(':')[0];
    expect({ service: name, owns: (owners.get(uid ?? '') ?? []).sort() }).toEqual({
      service: name,
      owns: keyFiles(envOf(name)),
    });
  }
  // The CA's key stays root's: no service may sign a certificate.
  expect([...owners.values()].flat()).not.toContain(`${TLS_DIR}ca-key.pem`);
});
