import {
  AclOperationTypes as Operation,
  AclPermissionTypes,
  AclResourceTypes as Resource,
  ResourcePatternTypes,
  type Admin,
  type AclEntry,
} from 'kafkajs';
import { DEAD_LETTER_TOPIC, TOPICS } from '../../../contracts/events';
import { DEFAULT_PROJECTOR_GROUP } from '../../../projections/projector';
import type { AppRole } from '../credentials';

/** The app roles that use Kafka, each as a user of its own name; the others get none. */
export const KAFKA_ROLES = [
  'api',
  'outbox-relay',
  'projector',
  'notifier',
] as const satisfies readonly AppRole[];
export type KafkaRole = (typeof KAFKA_ROLES)[number];

export const isKafkaRole = (role: AppRole): role is KafkaRole =>
  (KAFKA_ROLES as readonly AppRole[]).includes(role);

/** One thing a Kafka user may do: an operation on a topic or a consumer group, named exactly. */
export interface KafkaGrant {
  resource: Resource.TOPIC | Resource.GROUP;
  name: string;
  operation: Operation.READ | Operation.WRITE;
}

const DOMAIN_TOPICS = Object.values(TOPICS);
const write = (topic: string): KafkaGrant => ({
  resource: Resource.TOPIC,
  name: topic,
  operation: Operation.WRITE,
});
const read = (topic: string): KafkaGrant => ({
  resource: Resource.TOPIC,
  name: topic,
  operation: Operation.READ,
});
const joinGroup = (group: string): KafkaGrant => ({
  resource: Resource.GROUP,
  name: group,
  operation: Operation.READ,
});

/**
 * What each app role's code does on Kafka, and so all its user may do. Read and Write imply Describe
 * (metadata, offsets), so a worker's ensureTopics sees its topics and never asks to create one. The
 * order worker and the payment gateway do not touch Kafka. The producers are neither idempotent nor
 * transactional (kafkajs' defaults): no IdempotentWrite, no transactional ids.
 */
export function kafkaGrants({ notifierGroup }: { notifierGroup: string }): Record<KafkaRole, KafkaGrant[]> {
  return {
    // outbox/kafka-publisher.ts: the outbox rows to the domain topics.
    'outbox-relay': DOMAIN_TOPICS.map(write),
    // projections/ on platform/event-consumer: every domain topic in its group; dead letters; its lag
    // (workers/projector.ts reads the group's offsets, which Read on the group and topics covers).
    projector: [...DOMAIN_TOPICS.map(read), write(DEAD_LETTER_TOPIC), joinGroup(DEFAULT_PROJECTOR_GROUP)],
    // notifications/notifier.ts subscribes to orders and inventory only.
    notifier: [
      read(TOPICS.orders),
      read(TOPICS.inventory),
      write(DEAD_LETTER_TOPIC),
      joinGroup(notifierGroup),
    ],
    // api/server.ts: its readiness check asks for the cluster's brokers, which any signed-in user may.
    api: [],
  };
}

const entry = (username: string, grant: KafkaGrant): AclEntry => ({
  resourceType: grant.resource,
  resourceName: grant.name,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: `User:${username}`,
  host: '*',
  operation: grant.operation,
  permissionType: AclPermissionTypes.ALLOW,
});

const key = (acl: AclEntry) =>
  [
    acl.principal,
    acl.resourceType,
    acl.resourcePatternType,
    acl.resourceName,
    acl.host,
    acl.operation,
    acl.permissionType,
  ].join('|');

/**
 * Makes each user's ACLs exactly its grants: creates the missing ones (creating one that exists changes
 * nothing), then deletes whatever else names the user, left from an older table. `admin` must be the
 * super user's.
 */
export async function applyKafkaAcls(admin: Admin, grants: Record<string, KafkaGrant[]>): Promise<void> {
  const wanted = Object.entries(grants).flatMap(([username, list]) =>
    list.map((grant) => entry(username, grant)),
  );
  if (wanted.length > 0) await admin.createAcls({ acl: wanted });
  const wantedKeys = new Set(wanted.map(key));
  const stale: AclEntry[] = [];
  for (const username of Object.keys(grants)) {
    const { resources } = await admin.describeAcls({
      resourceType: Resource.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: `User:${username}`,
      operation: Operation.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    for (const { acls, resourceType, resourceName, resourcePatternType } of resources)
      for (const acl of acls) {
        const found: AclEntry = { ...acl, resourceType, resourceName, resourcePatternType };
        if (!wantedKeys.has(key(found))) stale.push(found);
      }
  }
  if (stale.length > 0) await admin.deleteAcls({ filters: stale });
}
