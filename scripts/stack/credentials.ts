/**
 * Who holds which back-end credential. Each app process gets only its own: a PostgreSQL role, a Kafka
 * user (cluster profile), a Temporal client certificate (cluster profile, where it talks to Temporal);
 * the supervisor and the operator's tools hold the owner's and administrator's.
 */
export const APP_ROLES = [
  'api',
  'order-worker',
  'outbox-relay',
  'projector',
  'notifier',
  'payment-gateway',
] as const;
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
