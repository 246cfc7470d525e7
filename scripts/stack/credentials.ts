import { SECRET_SETTINGS } from '../../platform/config';
import { DATABASE_PROCESSES } from '../../platform/db-roles';

type SecretSetting = (typeof SECRET_SETTINGS)[number];

/**
 * Who holds which back-end credential. Each app process gets only its own: a PostgreSQL role, a Kafka
 * user (cluster profile), a Temporal client certificate (cluster profile, where it talks to Temporal);
 * the supervisor and the operator's tools hold the owner's and administrator's.
 */
// Every app process uses the database, so its roles name them all.
export const APP_ROLES = DATABASE_PROCESSES;
export type AppRole = (typeof APP_ROLES)[number];

export interface StackCredentials {
  /** The supervisor's own and the operator tools' environment: migrations, topics, namespace, checks. */
  admin: Record<string, string>;
  /** The environment naming this process's own credentials, and nothing it does not use. */
  forRole(role: AppRole): Record<string, string>;
}

export const NO_CREDENTIALS: StackCredentials = { admin: {}, forRole: () => ({}) };

/** Several back ends' credentials as one: each part adds its variables. */
export function mergeCredentials(...parts: StackCredentials[]): StackCredentials {
  return {
    admin: Object.assign({}, ...parts.map((part) => part.admin)),
    forRole: (role) => Object.assign({}, ...parts.map((part) => part.forRole(role))),
  };
}

/** The settings that carry a credential: a secret (or the file holding it), a user name, a key file. */
export const CREDENTIAL_SETTINGS = [
  ...SECRET_SETTINGS,
  ...SECRET_SETTINGS.map((name) => `${name}_FILE` as const),
  'KAFKA_SASL_USERNAME',
  'TEMPORAL_TLS_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

type Setting = (typeof CREDENTIAL_SETTINGS)[number];
const DATABASE: Setting[] = ['DATABASE_URL', 'DATABASE_URL_FILE'];
const KAFKA: Setting[] = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'];
const TEMPORAL: Setting[] = [
  'TEMPORAL_TLS_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'TEMPORAL_TLS_SERVER_NAME',
];
const withFile = (...names: SecretSetting[]): Setting[] => names.flatMap((n) => [n, `${n}_FILE` as const]);

/**
 * Which credentials each process uses, from its code. The API runs an order worker of its own (eager
 * start, api/eager-start.ts), so it holds what the saga's steps need as well: the PSP key.
 */
export const CREDENTIALS_USED_BY: Record<AppRole, Setting[]> = {
  api: [
    ...DATABASE,
    ...KAFKA, // readiness: the cluster's metadata
    ...TEMPORAL,
    ...withFile('JWT_SECRET', 'PAYLOAD_ENCRYPTION_KEYS', 'PAYMENT_GATEWAY_API_KEY', 'PAYMENT_DRILL_KEY'),
  ],
  'order-worker': [
    ...DATABASE,
    ...TEMPORAL,
    ...withFile('PAYLOAD_ENCRYPTION_KEYS', 'PAYMENT_GATEWAY_API_KEY'),
  ],
  'outbox-relay': [...DATABASE, ...KAFKA],
  projector: [...DATABASE, ...KAFKA],
  notifier: [...DATABASE, ...KAFKA],
  'payment-gateway': [...DATABASE, ...withFile('PAYMENT_GATEWAY_API_KEY', 'PAYMENT_DRILL_KEY')],
};

/**
 * One app process's environment: the shared settings without any credential, then the credentials it
 * uses, from the stack (its own role, user, certificate) or else from the supervisor's environment.
 */
export function environmentOf(
  role: AppRole,
  shared: NodeJS.ProcessEnv,
  credentials: StackCredentials,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...shared };
  for (const name of CREDENTIAL_SETTINGS) delete env[name];
  const used = new Set<string>(CREDENTIALS_USED_BY[role]);
  for (const name of used) if (shared[name] !== undefined) env[name] = shared[name];
  for (const [name, value] of Object.entries(credentials.forRole(role)))
    if (used.has(name)) env[name] = value;
    else throw new Error(`the stack handed ${role} a credential it does not use: ${name}`);
  return env;
}
